import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildViewer, createAnnuaireServer, type Database as AnnuaireDatabase, migrations as annuaireMigrations, seedDemo } from '@ent/annuaire';
import { createModuleGate, ManualClock, silentLogger, type Viewer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { createVieScolaireServer } from '../src/server.js';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; field?: string } }>;
}

/**
 * The real annuaire (demo directory, real signed tokens, its public JWKS, /modules/activations) on
 * port 0, and the vendor subgraph answering through Fastify's `inject` — it verifies tokens with the
 * annuaire's JWKS only. The module is registered (the annuaire reads the registry file) but enabled
 * nowhere until a test enables it.
 */
export async function startWorld() {
  const registryDir = mkdtempSync(join(tmpdir(), 'vie-scolaire-registry-'));
  const registryPath = join(registryDir, 'registry.json');
  writeFileSync(registryPath, JSON.stringify({ version: 1, subgraphs: [{ name: 'vie-scolaire', moduleId: 'vie-scolaire', label: 'Vie scolaire' }] }));
  process.env['ENT_REGISTRY_PATH'] = registryPath;

  const annuaireDb = await createTestDatabase<AnnuaireDatabase>('annuaire', annuaireMigrations);
  await seedDemo(annuaireDb.db, { logger: silentLogger });
  const annuaire = await createAnnuaireServer({ db: annuaireDb.db, logger: silentLogger, demo: true });
  const { url: annuaireUrl } = await annuaire.listen(0);
  const database = await createTestDatabase<Database>('vie-scolaire', migrations);
  const clock = new ManualClock(new Date('2026-11-30T09:00:00Z'));
  const gate = createModuleGate({ moduleId: 'vie-scolaire', activationsUrl: `${annuaireUrl}/modules/activations`, ttlMs: 0 });
  const server = await createVieScolaireServer({ db: database.db, logger: silentLogger, annuaireUrl, clock, gate });

  const viewers = new Map<string, Viewer>();
  const viewerOf = async (login: string): Promise<Viewer> => {
    const known = viewers.get(login);
    if (known) return known;
    const user = await annuaireDb.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
    const viewer = await buildViewer(annuaireDb.db, user.id, `sid-${login}`, ['pwd']);
    viewers.set(login, viewer);
    return viewer;
  };
  const tokenOf = async (login: string) => annuaire.auth.signAccessToken(await viewerOf(login));

  /** A GraphQL request through Fastify's inject (no socket); `login` null: anonymous; a string token: as is. */
  const graphql = async <T = Record<string, unknown>>(login: string | null, query: string, variables?: Record<string, unknown>, rawToken?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = rawToken ?? (login ? await tokenOf(login) : undefined);
    if (token) headers['authorization'] = `Bearer ${token}`;
    const response = await server.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });
    return response.json() as GraphQLAnswer<T>;
  };

  /** Through the annuaire's GraphQL, as the collège's local administrator. */
  const setEnabled = async (establishmentId: string, enabled: boolean) => {
    const response = await fetch(`${annuaireUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf('admin.eluard')}` },
      body: JSON.stringify({
        query: 'mutation ($e: ID!, $on: Boolean!) { setModuleActivation(establishmentId: $e, moduleId: "vie-scolaire", enabled: $on) { enabled } }',
        variables: { e: establishmentId, on: enabled },
      }),
    });
    const body = (await response.json()) as GraphQLAnswer<unknown>;
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };

  const userId = async (login: string) => (await viewerOf(login)).userId;

  return {
    annuaireUrl,
    annuaireDb,
    database,
    server,
    clock,
    graphql,
    tokenOf,
    viewerOf,
    userId,
    setEnabled,
    async stop() {
      await server.stop();
      await annuaire.stop();
      await database.close();
      await annuaireDb.close();
      rmSync(registryDir, { recursive: true, force: true });
      delete process.env['ENT_REGISTRY_PATH'];
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
