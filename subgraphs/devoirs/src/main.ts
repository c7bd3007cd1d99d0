import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  createDownloadLinks,
  createLocalBlobStore,
  createLogger,
  DirectoryLockedError,
  EXIT_CONFIG,
  guardProcess,
  openDatabase,
  readSubgraphConfig,
  shutdownOnSignals,
  systemClock,
} from '@ent/kit';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemoDevoirs } from './demo/seedDemo.js';
import { createArchiveLinks, FILES_PATH } from './devoirs/files.js';
import { createDevoirsServer } from './server.js';

/**
 * Production entry: `node dist/main.js`. Besides the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR…):
 * ENT_ANNUAIRE_URL (default http://127.0.0.1:4001), FILES_LINK_SECRET (≥ 32 bytes, the same on every
 * replica; required in production, random per process otherwise), ENT_BLOB_DIR (default
 * <ENT_DATA_DIR>/blobs), ENT_DEMO (not 0: seed the demo content on an empty database).
 */
const config = readSubgraphConfig('devoirs', 4003);
const logger = createLogger('devoirs');
guardProcess(logger);

try {
  const database = await openDatabase<Database>({
    subgraph: 'devoirs',
    migrations,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataRoot, 'devoirs'),
    poolSize: config.poolSize,
    logger,
  });
  const annuaireUrl = (process.env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001').replace(/\/$/, '');
  let secret = process.env['FILES_LINK_SECRET'];
  if (!secret) {
    if (config.production) throw new Error('FILES_LINK_SECRET must be set (at least 32 bytes, the same on every replica)');
    logger.warn('FILES_LINK_SECRET unset: download links are signed with a per-process secret');
    secret = randomBytes(32).toString('hex');
  }
  const storage = {
    store: createLocalBlobStore({ root: process.env['ENT_BLOB_DIR'] || join(config.dataRoot, 'blobs'), clock: systemClock }),
    links: createDownloadLinks({ secret, clock: systemClock, basePath: FILES_PATH }),
    archives: createArchiveLinks({ secret, clock: systemClock }),
  };
  const server = await createDevoirsServer({ db: database.db, logger, annuaireUrl, ready: database.ping, storage });
  const { url } = await server.listen(config.port, config.host);
  logger.info({ url, database: database.kind, annuaireUrl }, 'devoirs listening');
  shutdownOnSignals(logger, [server.stop, database.close]);
  if (process.env['ENT_DEMO'] !== '0') {
    // In the background: the annuaire may still be seeding its own demo; readiness never waits for this.
    void seedDemoDevoirs({ db: database.db, selfUrl: `http://127.0.0.1:${config.port}`, annuaireUrl, logger, clock: systemClock });
  }
} catch (error) {
  logger.fatal({ err: error }, 'devoirs failed to start');
  console.error((error as Error).message);
  process.exit(error instanceof DirectoryLockedError ? EXIT_CONFIG : 1);
}
