import { integerFromEnv, runSubgraph, systemClock } from '@ent/kit';
import { FILES_PATH } from './cahier/attachments.js';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemo } from './demo/seedDemo.js';
import { createCahierServer, DEFAULT_WORKLOAD_THRESHOLD_MINUTES } from './server.js';

/**
 * Production entry: `node dist/main.js`. Besides the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR,
 * ENT_ANNUAIRE_URL, ENT_PUBLIC_URL for calendar links, FILES_LINK_SECRET, ENT_BLOB_DIR, ENT_DEMO — see
 * docs/configuration.md): CAHIER_WORKLOAD_THRESHOLD_MINUTES (default 90).
 */
await runSubgraph<Database>({
  name: 'cahier-de-textes',
  defaultPort: 4002,
  migrations,
  start: async ({ config, logger, database, annuaireUrl, publicUrl, fileStorage }) => {
    const server = await createCahierServer({
      db: database.db,
      logger,
      annuaireUrl,
      ready: database.ping,
      defaultWorkloadThreshold: integerFromEnv(
        process.env['CAHIER_WORKLOAD_THRESHOLD_MINUTES'],
        DEFAULT_WORKLOAD_THRESHOLD_MINUTES,
        'CAHIER_WORKLOAD_THRESHOLD_MINUTES',
      ),
      publicUrl,
      storage: fileStorage(FILES_PATH),
    });
    return {
      server,
      listening: (url) => {
        // Demo content in the background (never blocks readiness); only on an empty database.
        if (config.demo) void seedDemo({ db: database.db, logger, clock: systemClock, annuaireUrl, graphqlUrl: `${url}/graphql` });
      },
    };
  },
});
