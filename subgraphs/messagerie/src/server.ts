import { readFileSync } from 'node:fs';
import {
  type Clock,
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
import { DEFAULT_LIMITS, type MessagerieContext, type SendingLimits } from './context.js';
import type { Database } from './db/database.js';
import { createAnnuaireClient } from './directory/annuaireClient.js';
import { type AttachmentStorage, mountAttachmentRoutes } from './mail/attachments.js';
import { createMailLoaders } from './mail/loaders.js';
import { resolvers } from './resolvers/index.js';

/** The SDL sits at the package root (schema/subgraphs.json points at it); same path from src/ and dist/. */
export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export interface MessagerieServerOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** The annuaire's base URL (GraphQL at /graphql, JWKS, module activations). */
  annuaireUrl: string;
  /** The queue that runs notifications (its handlers are registered by registerNotifications). */
  jobs: JobQueue<Database>;
  clock?: Clock;
  verifier?: TokenVerifier;
  gate?: ModuleGate;
  ready?: () => Promise<void>;
  limits?: Partial<SendingLimits>;
  fetcher?: typeof fetch;
  /** Blob store and download links for attachments; without it, no attachment routes. */
  storage?: AttachmentStorage;
}

/** Builds the messagerie subgraph without listening: tests start it on port 0. */
export async function createMessagerieServer(options: MessagerieServerOptions): Promise<SubgraphServer> {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  const { annuaireUrl, gate, verifier } = annuaireBacked({ ...options, moduleId: 'messagerie', clock });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return createSubgraphServer<MessagerieContext>({
    name: 'messagerie',
    typeDefs,
    resolvers,
    verifier,
    logger,
    ...(options.ready ? { ready: options.ready } : {}),
    routes: (app) => {
      if (options.storage) mountAttachmentRoutes(app, { db, clock, verifier, storage: options.storage });
    },
    context: (base) => ({
      ...base,
      db,
      clock,
      gate,
      jobs: options.jobs,
      limits,
      loaders: createMailLoaders(db, clock, base.viewer?.userId),
      annuaire: createAnnuaireClient({
        graphqlUrl: `${annuaireUrl}/graphql`,
        authorization: base.authorization,
        ...(options.fetcher ? { fetcher: options.fetcher } : {}),
      }),
      storage: options.storage,
    }),
  });
}
