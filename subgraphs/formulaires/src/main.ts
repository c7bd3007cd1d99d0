import { join } from 'node:path';
import {
  createJobQueue,
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
import { seedDemoForms } from './demo/seedDemo.js';
import { registerFormJobs } from './forms/jobs.js';
import { createFormulairesServer } from './server.js';

/**
 * Production entry: `node dist/main.js`. Besides the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR…):
 * ENT_ANNUAIRE_URL (default http://127.0.0.1:4001), ENT_DEMO (demo content unless `0`).
 */
const config = readSubgraphConfig('formulaires', 4005);
const logger = createLogger('formulaires');
guardProcess(logger);

try {
  const database = await openDatabase<Database>({
    subgraph: 'formulaires',
    migrations,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataRoot, 'formulaires'),
    poolSize: config.poolSize,
    logger,
  });
  const annuaireUrl = (process.env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001').replace(/\/$/, '');
  const jobs = createJobQueue({ db: database.db, clock: systemClock, logger });
  await registerFormJobs(jobs, database.db, systemClock, logger);
  const server = await createFormulairesServer({ db: database.db, logger, annuaireUrl, ready: database.ping, jobs });
  const { url } = await server.listen(config.port, config.host);
  jobs.start({ pollIntervalMs: 5_000, concurrency: 2 });
  logger.info({ url, database: database.kind, annuaireUrl }, 'formulaires listening');
  if (process.env['ENT_DEMO'] !== '0') {
    void seedDemoForms({ db: database.db, logger, annuaireUrl, graphqlUrl: `${url}/graphql` }).catch((error: unknown) =>
      logger.warn({ err: error }, 'formulaires demo seeding failed'),
    );
  }
  shutdownOnSignals(logger, [server.stop, () => jobs.stop(), database.close]);
} catch (error) {
  logger.fatal({ err: error }, 'formulaires failed to start');
  console.error((error as Error).message);
  process.exit(error instanceof DirectoryLockedError ? EXIT_CONFIG : 1);
}
