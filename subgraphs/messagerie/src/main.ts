import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  createDownloadLinks,
  createJobQueue,
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
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemoMessages } from './demo/seed.js';
import { FILES_PATH } from './mail/attachments.js';
import { createFolderMailer, createSmtpMailer, type Mailer } from './mail/mailer.js';
import { registerNotifications } from './mail/notifications.js';
import { createMessagerieServer } from './server.js';

/**
 * Production entry: `node dist/main.js`. Besides the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR…):
 * ENT_ANNUAIRE_URL (default http://127.0.0.1:4001), ENT_PUBLIC_URL (links in e-mails, default
 * http://127.0.0.1:4000), FILES_LINK_SECRET (≥ 32 bytes, same on every replica; required in production),
 * ENT_BLOB_DIR (default <ENT_DATA_DIR>/blobs), SMTP_HOST / SMTP_PORT / SMTP_SECURE / SMTP_USER /
 * SMTP_PASSWORD (e-mail notifications; without SMTP_HOST they are written as .eml files to
 * ENT_MAILBOX_DIR, default <ENT_DATA_DIR>/mailbox), MAIL_FROM, MESSAGERIE_MESSAGES_PER_HOUR,
 * MESSAGERIE_MASS_PER_HOUR, MESSAGERIE_MASS_THRESHOLD.
 */
const config = readSubgraphConfig('messagerie', 4004);
const logger = createLogger('messagerie');
guardProcess(logger);

try {
  const database = await openDatabase<Database>({
    subgraph: 'messagerie',
    migrations,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataRoot, 'messagerie'),
    poolSize: config.poolSize,
    logger,
  });
  const annuaireUrl = process.env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001';
  const publicUrl = process.env['ENT_PUBLIC_URL'] || 'http://127.0.0.1:4000';
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
  const from = process.env['MAIL_FROM'] || 'ENT Hauts-de-Seine <ne-pas-repondre@ent.example>';
  let mailer: Mailer;
  if (process.env['SMTP_HOST']) {
    mailer = createSmtpMailer({
      host: process.env['SMTP_HOST'],
      port: integerFromEnv(process.env['SMTP_PORT'], 587, 'SMTP_PORT'),
      secure: process.env['SMTP_SECURE'] === '1' || process.env['SMTP_SECURE'] === 'true',
      user: process.env['SMTP_USER'],
      password: process.env['SMTP_PASSWORD'],
      from,
    });
  } else {
    const directory = process.env['ENT_MAILBOX_DIR'] || join(config.dataRoot, 'mailbox');
    if (config.production) logger.warn({ directory }, 'SMTP_HOST unset: e-mail notifications are written to a local folder');
    mailer = createFolderMailer({ directory, from });
  }
  const jobs = createJobQueue({ db: database.db, clock: systemClock, logger });
  registerNotifications({ jobs, db: database.db, clock: systemClock, mailer, logger, portalUrl: publicUrl });
  const server = await createMessagerieServer({
    db: database.db,
    logger,
    annuaireUrl,
    jobs,
    ready: database.ping,
    storage,
    limits: {
      messagesPerHour: integerFromEnv(process.env['MESSAGERIE_MESSAGES_PER_HOUR'], 60, 'MESSAGERIE_MESSAGES_PER_HOUR'),
      massPerHour: integerFromEnv(process.env['MESSAGERIE_MASS_PER_HOUR'], 10, 'MESSAGERIE_MASS_PER_HOUR'),
      massThreshold: integerFromEnv(process.env['MESSAGERIE_MASS_THRESHOLD'], 30, 'MESSAGERIE_MASS_THRESHOLD'),
    },
  });
  const { url } = await server.listen(config.port, config.host);
  jobs.start({ pollIntervalMs: 2_000, concurrency: 2 });
  logger.info({ url, database: database.kind, annuaireUrl }, 'messagerie listening');
  if (config.demo) {
    // In the background: the annuaire may still be seeding its demo; readiness never waits for this.
    void seedDemoMessages({ db: database.db, annuaireUrl, messagerieUrl: url, logger });
  }
  shutdownOnSignals(logger, [server.stop, () => jobs.stop(), database.close]);
} catch (error) {
  logger.fatal({ err: error }, 'messagerie failed to start');
  console.error((error as Error).message);
  process.exit(error instanceof DirectoryLockedError ? EXIT_CONFIG : 1);
}
