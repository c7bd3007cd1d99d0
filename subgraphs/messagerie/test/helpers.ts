import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database as AnnuaireDatabase } from '@ent/annuaire';
import { graphqlAs, startTestAnnuaire } from '@ent/annuaire/testing';
import {
  createDownloadLinks,
  createJobQueue,
  createLocalBlobStore,
  createModuleGate,
  type Database as KitDatabase,
  ManualClock,
  type SubgraphServer,
  silentLogger,
} from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { SendingLimits } from '../src/context.js';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { FILES_PATH } from '../src/mail/attachments.js';
import { createFolderMailer } from '../src/mail/mailer.js';
import { registerNotifications } from '../src/mail/notifications.js';
import { createMessagerieServer } from '../src/server.js';

export type { GraphQLAnswer } from '@ent/annuaire/testing';

/** Tuesday 9 March 2027, 10:00 in Paris (UTC+1): a school day, outside quiet hours. */
export const SCHOOL_DAY = '2027-03-09T09:00:00Z';

/**
 * The real annuaire (demo directory, real tokens, real /modules/activations) on port 0, and the
 * messagerie on port 0 talking to it, as in production; a manual clock, the kit's job queue (tests call
 * runDue) and a folder mailer writing real .eml files to a temporary directory.
 */
export async function startWorld(options: { limits?: Partial<SendingLimits> } = {}) {
  const testAnnuaire = await startTestAnnuaire();
  const annuaireUrl = testAnnuaire.url;
  const annuaireDb: KitDatabase<AnnuaireDatabase> = testAnnuaire.database;
  const { viewerOf, tokenOf } = testAnnuaire;
  const database: KitDatabase<Database> = await createTestDatabase<Database>('messagerie', migrations);
  const clock = new ManualClock(SCHOOL_DAY);
  const gate = createModuleGate({ moduleId: 'messagerie', activationsUrl: `${annuaireUrl}/modules/activations`, clock, ttlMs: 0 });
  const tmp = await mkdtemp(join(tmpdir(), 'messagerie-'));
  const mailbox = join(tmp, 'mailbox');
  const storage = {
    store: createLocalBlobStore({ root: join(tmp, 'blobs'), clock }),
    links: createDownloadLinks({ secret: 'x'.repeat(32), clock, basePath: FILES_PATH }),
  };
  const jobs = createJobQueue({ db: database.db, clock, logger: silentLogger });
  registerNotifications({
    jobs,
    db: database.db,
    clock,
    mailer: createFolderMailer({ directory: mailbox, from: 'ENT <ne-pas-repondre@ent.test>' }),
    logger: silentLogger,
    portalUrl: 'https://ent.test',
  });
  const server: SubgraphServer = await createMessagerieServer({
    db: database.db,
    logger: silentLogger,
    annuaireUrl,
    clock,
    gate,
    jobs,
    storage,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const { url: baseUrl } = await server.listen(0);

  const graphql = graphqlAs(`${baseUrl}/graphql`, tokenOf);
  const mails = async () => {
    const names = (await readdir(mailbox).catch(() => [] as string[])).filter((name) => name.endsWith('.eml')).sort();
    return Promise.all(names.map((name) => readFile(join(mailbox, name), 'utf8')));
  };

  return {
    annuaireDb,
    database,
    clock,
    jobs,
    baseUrl,
    annuaireUrl,
    viewerOf,
    tokenOf,
    graphql,
    mails,
    async stop() {
      await server.stop();
      await testAnnuaire.stop();
      await database.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
