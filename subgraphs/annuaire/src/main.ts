import { join } from 'node:path';
import {
  createLogger,
  DirectoryLockedError,
  EXIT_CONFIG,
  guardProcess,
  openDatabase,
  readSubgraphConfig,
  shutdownOnSignals,
} from '@ent/kit';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemo } from './seed/index.js';
import { createAnnuaireServer } from './server.js';

/** Production entry: `node dist/main.js`, configured by environment variables (docs/configuration.md). */
const config = readSubgraphConfig('annuaire', 4001);
const logger = createLogger('annuaire');
guardProcess(logger);

try {
  const database = await openDatabase<Database>({
    subgraph: 'annuaire',
    migrations,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataRoot, 'annuaire'),
    poolSize: config.poolSize,
    logger,
  });
  if (config.demo) {
    const summary = await seedDemo(database.db, { logger });
    logger.info({ summary }, 'demo data checked');
  }
  const server = await createAnnuaireServer({
    db: database.db,
    logger,
    demo: config.demo,
    ready: database.ping,
    secureCookies: config.production,
  });
  const { url } = await server.listen(config.port, config.host);
  logger.info({ url, database: database.kind, demo: config.demo }, 'annuaire listening');
  shutdownOnSignals(logger, [server.stop, database.close]);
} catch (error) {
  logger.fatal({ err: error }, 'annuaire failed to start');
  // People read this one: the usual cause is a second `npm start` holding the embedded database.
  console.error((error as Error).message);
  process.exit(error instanceof DirectoryLockedError ? EXIT_CONFIG : 1);
}
