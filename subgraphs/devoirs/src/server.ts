import { readFileSync } from 'node:fs';
import {
  type Clock,
  createSubgraphServer,
  annuaireBacked,
  type Logger,
  type ModuleGate,
  type SubgraphServer,
  systemClock,
  type TokenVerifier,
} from '@ent/kit';
import { gql } from 'graphql-tag';
import type { Kysely } from 'kysely';
import type { DevoirsContext } from './context.js';
import type { Database } from './db/database.js';
import { type DevoirsStorage, mountFileRoutes } from './devoirs/files.js';
import { createDevoirsLoaders } from './devoirs/loaders.js';
import { createAnnuaireClient } from './directory/annuaireClient.js';
import { resolvers } from './resolvers/index.js';

/** The SDL sits at the package root (schema/subgraphs.json points at it); same path from src/ and dist/. */
export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export interface DevoirsServerOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** The annuaire's base URL (GraphQL at /graphql, JWKS, module activations). */
  annuaireUrl: string;
  clock?: Clock;
  /** Defaults to the annuaire's JWKS. */
  verifier?: TokenVerifier;
  /** Defaults to the annuaire's /modules/activations, cached 30 s. */
  gate?: ModuleGate;
  ready?: () => Promise<void>;
  fetcher?: typeof fetch;
  /** Blob store and signed links for pupils' files; without it, no file routes (text submissions only). */
  storage?: DevoirsStorage;
}

/** Builds the devoirs subgraph (GraphQL + /devoirs/uploads, /devoirs/files, /devoirs/archives) without listening. */
export async function createDevoirsServer(options: DevoirsServerOptions): Promise<SubgraphServer> {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  const { annuaireUrl, gate, verifier } = annuaireBacked({ ...options, moduleId: 'devoirs', clock });
  return createSubgraphServer<DevoirsContext>({
    name: 'devoirs',
    typeDefs,
    resolvers,
    verifier,
    logger,
    ...(options.ready ? { ready: options.ready } : {}),
    routes: (app) => {
      if (options.storage) mountFileRoutes(app, { db, clock, gate, verifier, storage: options.storage, logger });
    },
    context: (base) => ({
      ...base,
      db,
      clock,
      gate,
      loaders: createDevoirsLoaders(db, clock),
      annuaire: createAnnuaireClient({
        graphqlUrl: `${annuaireUrl}/graphql`,
        authorization: base.authorization,
        ...(options.fetcher ? { fetcher: options.fetcher } : {}),
      }),
      storage: options.storage,
    }),
  });
}
