import type { Database as AnnuaireDatabase } from '@ent/annuaire';
import { graphqlAs, startTestAnnuaire } from '@ent/annuaire/testing';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database as KitDatabase, createDownloadLinks, createLocalBlobStore, createModuleGate, ManualClock, silentLogger, type SubgraphServer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { createArchiveLinks, FILES_PATH } from '../src/devoirs/files.js';
import { createDevoirsServer } from '../src/server.js';

export type { GraphQLAnswer } from '@ent/annuaire/testing';

/**
 * The real annuaire (demo directory, real tokens, real /modules/activations) on port 0, and devoirs on
 * port 0 talking to it, as in production, with a local blob store in a temporary directory. The clock
 * is manual (deadlines, delays); the gate re-reads the activations on every request.
 */
export async function startWorld() {
  const testAnnuaire = await startTestAnnuaire();
  const annuaireUrl = testAnnuaire.url;
  const annuaireDb: KitDatabase<AnnuaireDatabase> = testAnnuaire.database;
  const { viewerOf, tokenOf } = testAnnuaire;
  const database: KitDatabase<Database> = await createTestDatabase<Database>('devoirs', migrations);
  const clock = new ManualClock(new Date('2026-12-01T08:00:00Z'));
  const gate = createModuleGate({ moduleId: 'devoirs', activationsUrl: `${annuaireUrl}/modules/activations`, clock, ttlMs: 0 });
  const blobRoot = await mkdtemp(join(tmpdir(), 'devoirs-blobs-'));
  const secret = 'x'.repeat(32);
  const storage = {
    store: createLocalBlobStore({ root: blobRoot, clock }),
    links: createDownloadLinks({ secret, clock, basePath: FILES_PATH }),
    archives: createArchiveLinks({ secret, clock }),
  };
  const server: SubgraphServer = await createDevoirsServer({ db: database.db, logger: silentLogger, annuaireUrl, clock, gate, storage });
  const { url: baseUrl } = await server.listen(0);
  const graphqlUrl = `${baseUrl}/graphql`;


  const graphql = graphqlAs(graphqlUrl, tokenOf);

  /** Every file under the blob root, temporary ones included (names starting with a dot). */
  const blobFiles = async (): Promise<string[]> => {
    const entries = await readdir(blobRoot, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  };

  /** Logins of the pupils of a class, by name, from the annuaire's tables. */
  const pupilsOf = async (className: string) =>
    annuaireDb.db
      .selectFrom('users')
      .innerJoin('class_members', 'class_members.user_id', 'users.id')
      .innerJoin('classes', 'classes.id', 'class_members.class_id')
      .innerJoin('user_profiles', 'user_profiles.user_id', 'users.id')
      .select(['users.id', 'users.login'])
      .where('classes.name', '=', className)
      .where('user_profiles.profile', '=', 'ELEVE')
      .orderBy('users.login')
      .execute();

  return {
    annuaireUrl,
    tokenOf,
    annuaireDb,
    database,
    clock,
    baseUrl,
    blobRoot,
    blobFiles,
    viewerOf,
    graphql,
    pupilsOf,
    async stop() {
      await server.stop();
      await testAnnuaire.stop();
      await database.close();
      await rm(blobRoot, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
