import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type Database, createAnnuaireServer, migrations, seedDemo } from '@ent/annuaire';
import { type Database as CahierDatabase, createCahierServer, FILES_PATH, migrations as cahierMigrations } from '@ent/cahier-de-textes';
import { type Clock, createDownloadLinks, createLocalBlobStore, type Logger, type SubgraphServer, silentLogger, systemClock } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { createRouter, subgraphRoutesFrom } from '@ent/router';
import type { Kysely } from 'kysely';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const supergraphPath = join(repositoryRoot, 'schema/supergraph.graphql');

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; field?: string } & Record<string, unknown> }>;
}

export interface RunningEnt {
  url: string;
  annuaireUrl: string;
  db: Kysely<Database>;
  /** POST /auth/login through the router; returns status, JSON body and the refresh cookie. */
  login(login: string, password?: string, headers?: Record<string, string>): Promise<LoginResponse>;
  /** Signs in and returns the access token (fails the test when the login does not succeed). */
  token(login: string): Promise<string>;
  graphql<T = Record<string, unknown>>(
    query: string,
    options?: { token?: string; variables?: Record<string, unknown>; url?: string },
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface LoginResponse {
  status: number;
  body: Record<string, unknown> & { accessToken?: string; mfaToken?: string; mfaRequired?: boolean };
  cookie: string | undefined;
}

export const DEMO_PASSWORD = 'ent-demo-92';

/**
 * The ENT backbone as it runs in production, in-process on free ports: the annuaire on a fresh
 * database (PGlite, or a throwaway schema of DATABASE_URL) seeded with the demo, and the router on
 * the committed supergraph with the annuaire's routing URL pointed at this instance.
 */
export async function startEnt(
  options: { clock?: Clock; logger?: Logger; seed?: boolean; cahierDeTextes?: boolean } = {},
): Promise<RunningEnt> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const database = await createTestDatabase<Database>('annuaire', migrations);
  if (options.seed !== false) await seedDemo(database.db, { clock, logger });
  const annuaire = await createAnnuaireServer({
    db: database.db,
    logger,
    demo: true,
    clock,
    ready: database.ping,
    secureCookies: false,
  });
  const annuaireAddress = await annuaire.listen(0);

  // The committed supergraph routes every subgraph; those not started here simply fail when asked.
  const subgraphUrls: Record<string, string> = { annuaire: `${annuaireAddress.url}/graphql` };
  let cahier: { server: SubgraphServer; close: () => Promise<void> } | undefined;
  if (options.cahierDeTextes) {
    const cahierDatabase = await createTestDatabase<CahierDatabase>('cahier-de-textes', cahierMigrations);
    const server = await createCahierServer({
      db: cahierDatabase.db,
      logger,
      clock,
      annuaireUrl: annuaireAddress.url,
      ready: cahierDatabase.ping,
      storage: {
        store: createLocalBlobStore({ root: mkdtempSync(join(tmpdir(), 'ent-blobs-')), clock }),
        links: createDownloadLinks({ secret: randomBytes(32).toString('hex'), clock, basePath: FILES_PATH }),
      },
    });
    const address = await server.listen(0);
    subgraphUrls['cahier-de-textes'] = `${address.url}/graphql`;
    cahier = { server, close: cahierDatabase.close };
  }
  const router = await createRouter({
    supergraphPath,
    annuaireUrl: annuaireAddress.url,
    subgraphUrls,
    // The plain HTTP routes (calendar feeds, files) as schema/subgraphs.json declares them.
    subgraphRoutes: subgraphRoutesFrom(join(repositoryRoot, 'schema/subgraphs.json'), subgraphUrls).filter((routes) =>
      Object.hasOwn(subgraphUrls, routes.name),
    ),
    logger,
    watchSupergraph: false,
  });
  const routerAddress = await router.listen(0);
  const url = routerAddress.url;

  const login: RunningEnt['login'] = async (user, password = DEMO_PASSWORD, headers = {}) => {
    const response = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ login: user, password }),
    });
    return {
      status: response.status,
      body: (await response.json()) as LoginResponse['body'],
      cookie: response.headers.get('set-cookie')?.split(';')[0],
    };
  };

  return {
    url,
    annuaireUrl: annuaireAddress.url,
    db: database.db,
    login,
    token: async (user) => {
      const result = await login(user);
      if (result.status !== 200 || !result.body.accessToken) {
        throw new Error(`login ${user} failed: ${result.status} ${JSON.stringify(result.body)}`);
      }
      return result.body.accessToken;
    },
    graphql: async (query, { token, variables, url: target } = {}) => {
      const response = await fetch(target ?? `${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    stop: async () => {
      await router.stop();
      if (cahier) {
        await cahier.server.stop();
        await cahier.close();
      }
      await annuaire.stop();
      await database.close();
    },
  };
}
