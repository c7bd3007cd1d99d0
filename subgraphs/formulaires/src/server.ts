import { readFileSync } from 'node:fs';
import {
  type Clock,
  createJobQueue,
  createSubgraphServer,
  annuaireBacked,
  type JobQueue,
  type Logger,
  type ModuleGate,
  type SubgraphServer,
  systemClock,
  type TokenVerifier,
} from '@ent/kit';
import { gql } from 'graphql-tag';
import type { Kysely } from 'kysely';
import type { FormulairesContext } from './context.js';
import type { Database } from './db/database.js';
import { createAnnuaireClient } from './directory/annuaireClient.js';
import { mountExportRoutes } from './forms/exportRoutes.js';
import { createFormLoaders } from './forms/loaders.js';
import { resolvers } from './resolvers/index.js';

/** The SDL sits at the package root (schema/subgraphs.json points at it); same path from src/ and dist/. */
export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export interface FormulairesServerOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** The annuaire's base URL (GraphQL at /graphql, JWKS, module activations). */
  annuaireUrl: string;
  clock?: Clock;
  /** Defaults to the annuaire's JWKS. */
  verifier?: TokenVerifier;
  /** Defaults to the annuaire's /modules/activations, cached 30 s. */
  gate?: ModuleGate;
  /** Where reminders are scheduled; defaults to a queue on `db` (main.ts registers the handlers and starts it). */
  jobs?: JobQueue<Database>;
  ready?: () => Promise<void>;
  fetcher?: typeof fetch;
}

/** Builds the formulaires subgraph (GraphQL + CSV exports) without listening: tests start it on port 0. */
export async function createFormulairesServer(options: FormulairesServerOptions): Promise<SubgraphServer> {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  const { annuaireUrl, gate, verifier } = annuaireBacked({ ...options, moduleId: 'formulaires', clock });
  const jobs = options.jobs ?? createJobQueue({ db, clock, logger });
  return createSubgraphServer<FormulairesContext>({
    name: 'formulaires',
    typeDefs,
    resolvers,
    verifier,
    logger,
    ...(options.ready ? { ready: options.ready } : {}),
    routes: (app) => mountExportRoutes(app, { db, gate, verifier }),
    context: (base) => ({
      ...base,
      db,
      clock,
      gate,
      jobs,
      loaders: createFormLoaders(db),
      annuaire: createAnnuaireClient({
        graphqlUrl: `${annuaireUrl}/graphql`,
        authorization: base.authorization,
        ...(options.fetcher ? { fetcher: options.fetcher } : {}),
      }),
    }),
  });
}
