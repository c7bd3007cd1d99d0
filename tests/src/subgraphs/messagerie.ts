import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDownloadLinks, createJobQueue, createLocalBlobStore } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { createFolderMailer, createMessagerieServer, type Database, FILES_PATH, migrations, registerNotifications } from '@ent/messagerie';
import type { SubgraphStarter } from './types.js';

/** The messagerie with its job queue running (notifications to a temporary mailbox folder) and attachments. */
export const startMessagerie: SubgraphStarter = async ({ annuaireUrl, clock, logger }) => {
  const database = await createTestDatabase<Database>('messagerie', migrations);
  const folder = mkdtempSync(join(tmpdir(), 'ent-messagerie-'));
  const jobs = createJobQueue({ db: database.db, clock, logger });
  registerNotifications({
    jobs,
    db: database.db,
    clock,
    logger,
    mailer: createFolderMailer({ directory: join(folder, 'mailbox'), from: 'ENT <ne-pas-repondre@ent.test>' }),
    portalUrl: 'http://127.0.0.1:4000',
  });
  const server = await createMessagerieServer({
    db: database.db,
    logger,
    clock,
    annuaireUrl,
    jobs,
    ready: database.ping,
    // Benches and browser tests send more than a person would: the limits are the service's, raised.
    limits: { messagesPerHour: 100_000, massPerHour: 100_000 },
    storage: {
      store: createLocalBlobStore({ root: join(folder, 'blobs'), clock }),
      links: createDownloadLinks({ secret: randomBytes(32).toString('hex'), clock, basePath: FILES_PATH }),
    },
  });
  const { url } = await server.listen(0);
  jobs.start({ pollIntervalMs: 1_000, concurrency: 1 });
  return {
    url,
    stop: async () => {
      await server.stop();
      await jobs.stop();
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
};
