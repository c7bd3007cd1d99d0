import { runSubgraph, systemClock } from '@ent/kit';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemoDevoirs } from './demo/seedDemo.js';
import { createArchiveLinks, FILES_PATH } from './devoirs/files.js';
import { createDevoirsServer } from './server.js';

/**
 * Production entry: `node dist/main.js`, with the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR,
 * ENT_ANNUAIRE_URL, FILES_LINK_SECRET — also signing the archive links —, ENT_BLOB_DIR, ENT_DEMO; see
 * docs/configuration.md).
 */
await runSubgraph<Database>({
  name: 'devoirs',
  defaultPort: 4003,
  migrations,
  start: async ({ config, logger, database, annuaireUrl, fileStorage, filesSecret }) => {
    const storage = { ...fileStorage(FILES_PATH), archives: createArchiveLinks({ secret: filesSecret(), clock: systemClock }) };
    const server = await createDevoirsServer({ db: database.db, logger, annuaireUrl, ready: database.ping, storage });
    return {
      server,
      listening: (url) => {
        // In the background: the annuaire may still be seeding its own demo; readiness never waits for this.
        if (config.demo) void seedDemoDevoirs({ db: database.db, selfUrl: url, annuaireUrl, logger, clock: systemClock });
      },
    };
  },
});
