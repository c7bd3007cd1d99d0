import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, createAnnuaireServer, migrations, seedDemo } from '@ent/annuaire';
import { type Clock, type Logger, silentLogger, systemClock } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { createRouter, type SubgraphRoutes, subgraphRoutesFrom } from '@ent/router';
import type { Kysely } from 'kysely';
import { type StartedSubgraph, SUBGRAPH_STARTERS, type SubgraphName } from './subgraphs/index.js';

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
  /** Routing URL (…/graphql) of every subgraph started, the annuaire included, by name. */
  subgraphUrls: Record<string, string>;
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

export interface StartEntOptions {
  clock?: Clock;
  logger?: Logger;
  seed?: boolean;
  /** Subgraphs to start besides the annuaire (tests/src/subgraphs/index.ts), each on its own fresh database. */
  subgraphs?: readonly SubgraphName[];
}

/** The plain HTTP routes (calendar feeds, files…) that schema/subgraphs.json declares, for the subgraphs running. */
export function subgraphRoutesFor(subgraphUrls: Record<string, string>): SubgraphRoutes[] {
  return subgraphRoutesFrom(join(repositoryRoot, 'schema/subgraphs.json'), subgraphUrls).filter((routes) =>
    Object.hasOwn(subgraphUrls, routes.name),
  );
}

/**
 * The ENT backbone as it runs in production, in-process on free ports: the annuaire on a fresh
 * database (PGlite, or a throwaway schema of DATABASE_URL) seeded with the demo, and the router on
 * the committed supergraph with the annuaire's routing URL pointed at this instance, plus the
 * subgraphs asked for.
 */
export async function startEnt(options: StartEntOptions = {}): Promise<RunningEnt> {
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
  const started: StartedSubgraph[] = [];
  const stopStarted = async () => {
    for (const subgraph of started.reverse()) await subgraph.stop();
  };
  try {
    for (const name of options.subgraphs ?? []) {
      const subgraph = await SUBGRAPH_STARTERS[name]({ annuaireUrl: annuaireAddress.url, clock, logger });
      started.push(subgraph);
      subgraphUrls[name] = `${subgraph.url}/graphql`;
    }
  } catch (error) {
    await stopStarted();
    await annuaire.stop();
    await database.close();
    throw error;
  }
  const router = await createRouter({
    supergraphPath,
    annuaireUrl: annuaireAddress.url,
    subgraphUrls,
    subgraphRoutes: subgraphRoutesFor(subgraphUrls),
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
    subgraphUrls,
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
      await stopStarted();
      await annuaire.stop();
      await database.close();
    },
  };
}
