import { type Database as KitDatabase, silentLogger, type Viewer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { buildViewer } from './auth/index.js';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemo } from './seed/index.js';
import { type AnnuaireServer, createAnnuaireServer } from './server.js';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; field?: string } & Record<string, unknown> }>;
}

export interface TestAnnuaire {
  /** Base URL (GraphQL at /graphql, JWKS, /modules/activations). */
  url: string;
  server: AnnuaireServer;
  database: KitDatabase<Database>;
  /** The demo person's viewer, as their token carries it (cached per login). */
  viewerOf(login: string): Promise<Viewer>;
  /** A real access token for the demo person, signed by this annuaire (verifies against its JWKS). */
  tokenOf(login: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * For a module subgraph's tests: the real annuaire with the demo directory, on port 0 and a fresh
 * database (PGlite, or a throwaway database under test:pg), signing real tokens for the demo people —
 * the subgraph under test verifies them with the JWKS and reads the module activations as in production.
 */
export async function startTestAnnuaire(): Promise<TestAnnuaire> {
  const database = await createTestDatabase<Database>('annuaire', migrations);
  await seedDemo(database.db, { logger: silentLogger });
  const server = await createAnnuaireServer({ db: database.db, logger: silentLogger, demo: true });
  const { url } = await server.listen(0);
  const viewers = new Map<string, Viewer>();
  const viewerOf = async (login: string): Promise<Viewer> => {
    const known = viewers.get(login);
    if (known) return known;
    const user = await database.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
    const viewer = await buildViewer(database.db, user.id, `sid-${login}`, ['pwd']);
    viewers.set(login, viewer);
    return viewer;
  };
  return {
    url,
    server,
    database,
    viewerOf,
    // Signed at the annuaire's real time (they must verify), whatever clock the subgraph under test uses.
    tokenOf: async (login) => server.auth.signAccessToken(await viewerOf(login)),
    stop: async () => {
      await server.stop();
      await database.close();
    },
  };
}

/** `graphql(login | null, query, variables)` against a GraphQL endpoint, as that demo person (null: no token). */
export function graphqlAs(endpoint: string, tokenOf: (login: string) => Promise<string>) {
  return async <T = Record<string, unknown>>(login: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (login) headers['authorization'] = `Bearer ${await tokenOf(login)}`;
    const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as GraphQLAnswer<T>;
  };
}
