import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDownloadLinks, type DownloadLinks } from '../blobs/createDownloadLinks.js';
import { createLocalBlobStore } from '../blobs/createLocalBlobStore.js';
import type { BlobStore } from '../blobs/blobStore.js';
import { systemClock } from '../clock.js';
import { readSubgraphConfig, type SubgraphConfig } from '../config.js';
import { DirectoryLockedError } from '../database/directoryLock.js';
import { type Database, type Migrations, openDatabase } from '../database/openDatabase.js';
import { createLogger, type Logger } from '../logger.js';
import type { SubgraphServer } from './createSubgraphServer.js';
import { EXIT_CONFIG, guardProcess, shutdownOnSignals } from './shutdown.js';

/** What a subgraph's production entry is given once its configuration is read and its database open. */
export interface SubgraphMainContext<DB> {
  config: SubgraphConfig;
  logger: Logger;
  database: Database<DB>;
  /** ENT_ANNUAIRE_URL (default http://127.0.0.1:4001), without a trailing slash. */
  annuaireUrl: string;
  /** ENT_PUBLIC_URL: the portal's address as people reach it (links in feeds and e-mails), without a trailing slash. */
  publicUrl: string;
  /**
   * The blob store (ENT_BLOB_DIR, default <ENT_DATA_DIR>/blobs) and download links signed with
   * FILES_LINK_SECRET — required in production, the same on every replica; random per process otherwise.
   */
  fileStorage(basePath: string): { store: BlobStore; links: DownloadLinks };
  /** FILES_LINK_SECRET (or the per-process one), for a subgraph's own signed links (archives…). */
  filesSecret(): string;
  /** Called on SIGINT/SIGTERM after the server stopped, before the database closes (job queues…). */
  onStop(stop: () => Promise<void>): void;
}

export interface RunSubgraphOptions<DB> {
  /** The module id, also the data directory's and the log's name. */
  name: string;
  defaultPort: number;
  migrations: Migrations;
  /** Builds the server (not listening); may start background work once it listens through `listening`. */
  start(context: SubgraphMainContext<DB>): Promise<{ server: SubgraphServer; listening?: (url: string) => void }>;
  env?: NodeJS.ProcessEnv;
}

/**
 * The whole production entry of a subgraph (`node dist/main.js`), the same for every one: configuration,
 * logs, the database (exclusive on PGlite), the server on its port, orderly shutdown on signals, and an
 * exit code a supervisor understands (EXIT_CONFIG when the data directory is held: retrying won't help).
 */
export async function runSubgraph<DB>(options: RunSubgraphOptions<DB>): Promise<void> {
  const env = options.env ?? process.env;
  const config = readSubgraphConfig(options.name, options.defaultPort, env);
  const logger = createLogger(options.name);
  guardProcess(logger);
  try {
    const database = await openDatabase<DB>({
      subgraph: options.name,
      migrations: options.migrations,
      databaseUrl: config.databaseUrl,
      dataDir: join(config.dataRoot, options.name),
      poolSize: config.poolSize,
      logger,
    });
    const stops: Array<() => Promise<void>> = [];
    let secret: string | undefined;
    const filesSecret = (): string => {
      secret ??= env['FILES_LINK_SECRET'];
      if (!secret) {
        if (config.production) throw new Error('FILES_LINK_SECRET must be set (at least 32 bytes, the same on every replica)');
        logger.warn('FILES_LINK_SECRET unset: download links are signed with a per-process secret');
        secret = randomBytes(32).toString('hex');
      }
      return secret;
    };
    const context: SubgraphMainContext<DB> = {
      config,
      logger,
      database,
      annuaireUrl: (env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001').replace(/\/$/, ''),
      publicUrl: (env['ENT_PUBLIC_URL'] || 'http://127.0.0.1:4000').replace(/\/$/, ''),
      filesSecret,
      fileStorage: (basePath) => ({
        store: createLocalBlobStore({ root: env['ENT_BLOB_DIR'] || join(config.dataRoot, 'blobs'), clock: systemClock }),
        links: createDownloadLinks({ secret: filesSecret(), clock: systemClock, basePath }),
      }),
      onStop: (stop) => {
        stops.push(stop);
      },
    };
    const { server, listening } = await options.start(context);
    const { url } = await server.listen(config.port, config.host);
    logger.info({ url, database: database.kind, annuaireUrl: context.annuaireUrl }, `${options.name} listening`);
    listening?.(url);
    shutdownOnSignals(logger, [server.stop, ...stops, database.close]);
  } catch (error) {
    logger.fatal({ err: error }, `${options.name} failed to start`);
    console.error((error as Error).message);
    process.exit(error instanceof DirectoryLockedError ? EXIT_CONFIG : 1);
  }
}
