import { join } from 'node:path';
import { createJobQueue, integerFromEnv, runSubgraph, systemClock } from '@ent/kit';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemoMessages } from './demo/seed.js';
import { FILES_PATH } from './mail/attachments.js';
import { createFolderMailer, createSmtpMailer, type Mailer } from './mail/mailer.js';
import { registerNotifications } from './mail/notifications.js';
import { createMessagerieServer } from './server.js';

/**
 * Production entry: `node dist/main.js`. Besides the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR,
 * ENT_ANNUAIRE_URL, ENT_PUBLIC_URL for links in e-mails, FILES_LINK_SECRET, ENT_BLOB_DIR, ENT_DEMO — see
 * docs/configuration.md): SMTP_HOST / SMTP_PORT / SMTP_SECURE / SMTP_USER / SMTP_PASSWORD (e-mail
 * notifications; without SMTP_HOST they are written as .eml files to ENT_MAILBOX_DIR, default
 * <ENT_DATA_DIR>/mailbox), MAIL_FROM, MESSAGERIE_MESSAGES_PER_HOUR, MESSAGERIE_MASS_PER_HOUR,
 * MESSAGERIE_MASS_THRESHOLD.
 */
await runSubgraph<Database>({
  name: 'messagerie',
  defaultPort: 4004,
  migrations,
  start: async ({ config, logger, database, annuaireUrl, publicUrl, fileStorage, onStop }) => {
    const env = process.env;
    const from = env['MAIL_FROM'] || 'ENT Hauts-de-Seine <ne-pas-repondre@ent.example>';
    let mailer: Mailer;
    if (env['SMTP_HOST']) {
      mailer = createSmtpMailer({
        host: env['SMTP_HOST'],
        port: integerFromEnv(env['SMTP_PORT'], 587, 'SMTP_PORT'),
        secure: env['SMTP_SECURE'] === '1' || env['SMTP_SECURE'] === 'true',
        user: env['SMTP_USER'],
        password: env['SMTP_PASSWORD'],
        from,
      });
    } else {
      const directory = env['ENT_MAILBOX_DIR'] || join(config.dataRoot, 'mailbox');
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
      storage: fileStorage(FILES_PATH),
      limits: {
        messagesPerHour: integerFromEnv(env['MESSAGERIE_MESSAGES_PER_HOUR'], 60, 'MESSAGERIE_MESSAGES_PER_HOUR'),
        massPerHour: integerFromEnv(env['MESSAGERIE_MASS_PER_HOUR'], 10, 'MESSAGERIE_MASS_PER_HOUR'),
        massThreshold: integerFromEnv(env['MESSAGERIE_MASS_THRESHOLD'], 30, 'MESSAGERIE_MASS_THRESHOLD'),
      },
    });
    onStop(() => jobs.stop());
    return {
      server,
      listening: (url) => {
        jobs.start({ pollIntervalMs: 2_000, concurrency: 2 });
        // In the background: the annuaire may still be seeding its demo; readiness never waits for this.
        if (config.demo) void seedDemoMessages({ db: database.db, annuaireUrl, messagerieUrl: url, logger });
      },
    };
  },
});
