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
import { type AttachmentStorage, mountAttachmentRoutes } from './cahier/attachments.js';
import { calendarHandler } from './cahier/calendar.js';
import { createCahierLoaders } from './cahier/loaders.js';
import type { CahierContext } from './context.js';
import type { Database } from './db/database.js';
import { createAnnuaireClient } from './directory/annuaireClient.js';
import { resolvers } from './resolvers/index.js';

/** The SDL sits at the package root (schema/subgraphs.json points at it); same path from src/ and dist/. */
export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const DEFAULT_WORKLOAD_THRESHOLD_MINUTES = 90;

export interface CahierServerOptions {
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
  defaultWorkloadThreshold?: number;
  /** The portal's address, prefixed to calendar URLs (default http://127.0.0.1:4000). */
  publicUrl?: string;
  fetcher?: typeof fetch;
  /** Blob store and download links for attachments; without it, no attachment routes. */
  storage?: AttachmentStorage;
}

/** Builds the cahier de textes subgraph (GraphQL + /calendar/:token.ics) without listening: tests start it on port 0. */
export async function createCahierServer(options: CahierServerOptions): Promise<SubgraphServer> {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  const { annuaireUrl, gate, verifier } = annuaireBacked({ ...options, moduleId: 'cahier-de-textes', clock });
  return createSubgraphServer<CahierContext>({
    name: 'cahier-de-textes',
    typeDefs,
    resolvers,
    verifier,
    logger,
    ...(options.ready ? { ready: options.ready } : {}),
    routes: (app) => {
      app.get('/calendar/:file', calendarHandler({ db, clock, gate, logger }));
      if (options.storage) mountAttachmentRoutes(app, { db, clock, gate, verifier, storage: options.storage });
    },
    context: (base) => ({
      ...base,
      db,
      clock,
      gate,
      loaders: createCahierLoaders(db),
      annuaire: createAnnuaireClient({
        graphqlUrl: `${annuaireUrl}/graphql`,
        authorization: base.authorization,
        ...(options.fetcher ? { fetcher: options.fetcher } : {}),
      }),
      defaultWorkloadThreshold: options.defaultWorkloadThreshold ?? DEFAULT_WORKLOAD_THRESHOLD_MINUTES,
      storage: options.storage,
      publicUrl: (options.publicUrl ?? 'http://127.0.0.1:4000').replace(/\/$/, ''),
    }),
  });
}
