import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  createDownloadLinks,
  createLocalBlobStore,
  createLogger,
  DirectoryLockedError,
  EXIT_CONFIG,
  guardProcess,
  integerFromEnv,
  openDatabase,
  readSubgraphConfig,
  shutdownOnSignals,
  systemClock,
} from '@ent/kit';
import { FILES_PATH } from './cahier/attachments.js';
import { seedDemo } from './demo/seedDemo.js';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { createCahierServer, DEFAULT_WORKLOAD_THRESHOLD_MINUTES } from './server.js';

/**
 * Production entry: `node dist/main.js`. Besides the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR…):
 * ENT_ANNUAIRE_URL (default http://127.0.0.1:4001), ENT_PUBLIC_URL (calendar links, default
 * http://127.0.0.1:4000), CAHIER_WORKLOAD_THRESHOLD_MINUTES (default 90), FILES_LINK_SECRET (≥ 32 bytes,
 * the same on every replica; required in production, random per process otherwise), ENT_BLOB_DIR
 * (default <ENT_DATA_DIR>/blobs), ENT_DEMO (demo content on an empty database unless 0).
 */
const config = readSubgraphConfig('cahier-de-textes', 4002);
const logger = createLogger('cahier-de-textes');
guardProcess(logger);

try {
  const database = await openDatabase<Database>({
    subgraph: 'cahier-de-textes',
    migrations,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataRoot, 'cahier-de-textes'),
    poolSize: config.poolSize,
    logger,
  });
  const annuaireUrl = process.env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001';
  let secret = process.env['FILES_LINK_SECRET'];
  if (!secret) {
    if (config.production) throw new Error('FILES_LINK_SECRET must be set (at least 32 bytes, the same on every replica)');
    logger.warn('FILES_LINK_SECRET unset: download links are signed with a per-process secret');
    secret = randomBytes(32).toString('hex');
  }
  const storage = {
    store: createLocalBlobStore({ root: process.env['ENT_BLOB_DIR'] || join(config.dataRoot, 'blobs'), clock: systemClock }),
    links: createDownloadLinks({ secret, clock: systemClock, basePath: FILES_PATH }),
  };
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
    publicUrl: process.env['ENT_PUBLIC_URL'] || 'http://127.0.0.1:4000',
    storage,
  });
  const { url } = await server.listen(config.port, config.host);
  logger.info({ url, database: database.kind, annuaireUrl }, 'cahier-de-textes listening');
  // Demo content in the background (never blocks readiness); only on an empty database.
  if (process.env['ENT_DEMO'] !== '0') {
    void seedDemo({ db: database.db, logger, clock: systemClock, annuaireUrl, graphqlUrl: `${url}/graphql` });
  }
  shutdownOnSignals(logger, [server.stop, database.close]);
} catch (error) {
  logger.fatal({ err: error }, 'cahier-de-textes failed to start');
  console.error((error as Error).message);
  process.exit(error instanceof DirectoryLockedError ? EXIT_CONFIG : 1);
}
