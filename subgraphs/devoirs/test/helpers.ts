import { buildViewer, createAnnuaireServer, type AnnuaireServer, type Database as AnnuaireDatabase, migrations as annuaireMigrations, seedDemo } from '@ent/annuaire';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database as KitDatabase, createDownloadLinks, createLocalBlobStore, createModuleGate, ManualClock, silentLogger, type SubgraphServer, type Viewer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { createArchiveLinks, FILES_PATH } from '../src/devoirs/files.js';
import { createDevoirsServer } from '../src/server.js';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; field?: string } }>;
}

/**
 * The real annuaire (demo directory, real tokens, real /modules/activations) on port 0, and devoirs on
 * port 0 talking to it, as in production, with a local blob store in a temporary directory. The clock
 * is manual (deadlines, delays); the gate re-reads the activations on every request.
 */
export async function startWorld() {
  const annuaireDb: KitDatabase<AnnuaireDatabase> = await createTestDatabase<AnnuaireDatabase>('annuaire', annuaireMigrations);
  await seedDemo(annuaireDb.db, { logger: silentLogger });
  const annuaire: AnnuaireServer = await createAnnuaireServer({ db: annuaireDb.db, logger: silentLogger, demo: true });
  const { url: annuaireUrl } = await annuaire.listen(0);
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

  const viewers = new Map<string, Viewer>();
  const viewerOf = async (login: string): Promise<Viewer> => {
    const known = viewers.get(login);
    if (known) return known;
    const user = await annuaireDb.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
    const viewer = await buildViewer(annuaireDb.db, user.id, `sid-${login}`, ['pwd']);
    viewers.set(login, viewer);
    return viewer;
  };
  // Tokens are signed at the annuaire's real time (they must verify); the devoirs clock is separate.
  const tokenOf = async (login: string) => annuaire.auth.signAccessToken(await viewerOf(login));

  const graphql = async <T = Record<string, unknown>>(login: string | null, query: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (login) headers['authorization'] = `Bearer ${await tokenOf(login)}`;
    const response = await fetch(graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as GraphQLAnswer<T>;
  };

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
      await annuaire.stop();
      await database.close();
      await annuaireDb.close();
      await rm(blobRoot, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
