import { buildViewer, createAnnuaireServer, type AnnuaireServer, type Database as AnnuaireDatabase, migrations as annuaireMigrations, seedDemo } from '@ent/annuaire';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database as KitDatabase, createDownloadLinks, createLocalBlobStore, createModuleGate, ManualClock, silentLogger, type SubgraphServer, type Viewer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { FILES_PATH } from '../src/cahier/attachments.js';
import { createCahierServer } from '../src/server.js';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; field?: string } }>;
}

/**
 * The real annuaire (demo directory, real tokens, real /modules/activations) on port 0, and the cahier
 * de textes on port 0 talking to it, as in production. The cahier's clock is manual (scheduled
 * publication); the gate re-reads the activations on every request so a test can switch a module off.
 */
export async function startWorld() {
  const annuaireDb: KitDatabase<AnnuaireDatabase> = await createTestDatabase<AnnuaireDatabase>('annuaire', annuaireMigrations);
  await seedDemo(annuaireDb.db, { logger: silentLogger });
  const annuaire: AnnuaireServer = await createAnnuaireServer({ db: annuaireDb.db, logger: silentLogger, demo: true });
  const { url: annuaireUrl } = await annuaire.listen(0);
  const database: KitDatabase<Database> = await createTestDatabase<Database>('cahier-de-textes', migrations);
  const clock = new ManualClock(new Date());
  const gate = createModuleGate({ moduleId: 'cahier-de-textes', activationsUrl: `${annuaireUrl}/modules/activations`, clock, ttlMs: 0 });
  const blobRoot = await mkdtemp(join(tmpdir(), 'cahier-blobs-'));
  const storage = {
    store: createLocalBlobStore({ root: blobRoot, clock }),
    links: createDownloadLinks({ secret: 'x'.repeat(32), clock, basePath: FILES_PATH }),
  };
  const server: SubgraphServer = await createCahierServer({ db: database.db, logger: silentLogger, annuaireUrl, clock, gate, publicUrl: '', storage });
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

  const graphql = async <T = Record<string, unknown>>(login: string | null, query: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (login) headers['authorization'] = `Bearer ${await annuaire.auth.signAccessToken(await viewerOf(login))}`;
    const response = await fetch(graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as GraphQLAnswer<T>;
  };

  const tokenOf = async (login: string) => annuaire.auth.signAccessToken(await viewerOf(login));

  return {
    annuaireUrl,
    graphqlUrl,
    tokenOf,
    annuaireDb,
    database,
    clock,
    baseUrl,
    viewerOf,
    graphql,
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
