import { join } from 'node:path';
import { createLogger, DirectoryLockedError, EXIT_CONFIG, guardProcess, openDatabase, readSubgraphConfig, shutdownOnSignals } from '@ent/kit';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemoInBackground } from './demo/seed.js';
import { createVieScolaireServer } from './server.js';

/**
 * Production entry: `node dist/main.js`. PORT (default 4010), HOST, DATABASE_URL / ENT_DATA_DIR,
 * ENT_JWKS_URL, ENT_ANNUAIRE_URL (default http://127.0.0.1:4001), ENT_DEMO.
 */
const config = readSubgraphConfig('vie-scolaire', 4010);
const logger = createLogger('vie-scolaire');
guardProcess(logger);

try {
  const database = await openDatabase<Database>({
    subgraph: 'vie-scolaire',
    migrations,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataRoot, 'vie-scolaire'),
    poolSize: config.poolSize,
    logger,
  });
  const annuaireUrl = process.env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001';
  const server = await createVieScolaireServer({ db: database.db, logger, annuaireUrl, jwksUrl: config.jwksUrl, ready: database.ping });
  const { url } = await server.listen(config.port, config.host);
  logger.info({ url, database: database.kind, annuaireUrl }, 'vie-scolaire listening');
  const demo = process.env['ENT_DEMO'] !== '0' && config.demo ? seedDemoInBackground({ db: database.db, annuaireUrl, logger }) : undefined;
  shutdownOnSignals(logger, [async () => demo?.stop(), server.stop, database.close]);
} catch (error) {
  logger.fatal({ err: error }, 'vie-scolaire failed to start');
  console.error((error as Error).message);
  process.exit(error instanceof DirectoryLockedError ? EXIT_CONFIG : 1);
}
