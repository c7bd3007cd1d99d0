import { readFileSync } from 'node:fs';
import { type Clock, createModuleGate, ERROR_CODES, type Logger, kitMessages, type ModuleGate, systemClock, unauthenticated } from '@ent/kit';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';
import type { Kysely } from 'kysely';
import mercurius from 'mercurius';
import { createAnnuaireClient } from './annuaire.js';
import { createJwksVerifier, TokenRejected } from './auth.js';
import type { VieScolaireContext } from './context.js';
import type { Database } from './db/database.js';
import { loaders, MODULE_ID, resolvers } from './resolvers/index.js';

/** The SDL, next to package.json (the same file the registry fetches back through `_service { sdl }`). */
export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

export interface VieScolaireServerOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** The annuaire's origin: module activations, class lookups. */
  annuaireUrl: string;
  /** Where the access-token keys are published; default `${annuaireUrl}/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** Keys given directly (tests). */
  keys?: JWTVerifyGetKey;
  clock?: Clock;
  gate?: ModuleGate;
  ready?: () => Promise<void>;
}

export interface VieScolaireServer {
  app: FastifyInstance;
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

const KNOWN_CODES: readonly string[] = ERROR_CODES;

/**
 * Our codes and French messages go out as they are; anything else (a bug, an outage) is logged and
 * answered with the generic French message, never its English internals. GraphQL's own validation
 * errors (unknown field…) keep their message: they describe the request, not the server.
 */
function formatErrors(logger: Logger) {
  return (execution: Parameters<typeof mercurius.defaultErrorFormatter>[0], context: Parameters<typeof mercurius.defaultErrorFormatter>[1]) => {
    const errors = execution.errors.map((error) => {
      const code = error.extensions?.['code'];
      if (typeof code === 'string' && KNOWN_CODES.includes(code)) return error;
      if (!error.originalError || error.originalError instanceof GraphQLError || (error.originalError as { errors?: unknown }).errors) return error;
      logger.error({ err: error.originalError, path: error.path }, 'unexpected resolver error');
      return new GraphQLError(kitMessages.internal, { path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    });
    return mercurius.defaultErrorFormatter({ ...execution, errors }, context);
  };
}

/** Builds the vendor subgraph (Fastify + Mercurius + Federation) without listening: tests use `inject` or port 0. */
export async function createVieScolaireServer(options: VieScolaireServerOptions): Promise<VieScolaireServer> {
  const annuaireUrl = options.annuaireUrl.replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const verifier = createJwksVerifier(options.keys ? { keys: options.keys } : { jwksUrl: options.jwksUrl ?? `${annuaireUrl}/.well-known/jwks.json` });
  const gate =
    options.gate ?? createModuleGate({ moduleId: MODULE_ID, activationsUrl: `${annuaireUrl}/modules/activations`, clock, logger: options.logger });
  const app = Fastify({ logger: false, bodyLimit: 100 * 1024 });

  app.get('/health', async () => ({ status: 'ok', service: MODULE_ID }));
  app.get('/ready', async (_request, reply) => {
    try {
      await options.ready?.();
      return { status: 'ready', service: MODULE_ID };
    } catch {
      return reply.code(503).send({ status: 'unavailable', service: MODULE_ID });
    }
  });

  await app.register(mercuriusFederationPlugin, {
    schema: typeDefs,
    // Mercurius's resolver and loader types are looser than ours; the shapes are checked in the resolvers.
    resolvers: resolvers as unknown as mercurius.IResolvers,
    loaders: loaders as unknown as mercurius.MercuriusLoaders,
    path: '/graphql',
    graphiql: false,
    queryDepth: 12,
    errorFormatter: formatErrors(options.logger),
    context: async (request): Promise<Omit<VieScolaireContext, 'never'>> => {
      let viewer: VieScolaireContext['viewer'] = null;
      let authFailure: Error | undefined;
      try {
        viewer = await verifier.verifyAuthorizationHeader(request.headers.authorization);
      } catch (error) {
        if (!(error instanceof TokenRejected)) throw error;
        authFailure = unauthenticated(error.expired ? kitMessages.expiredToken : kitMessages.invalidToken);
      }
      return {
        viewer,
        authFailure,
        db: options.db,
        clock,
        gate,
        logger: options.logger,
        annuaire: createAnnuaireClient({ graphqlUrl: `${annuaireUrl}/graphql`, authorization: request.headers.authorization }),
      };
    },
  });

  return {
    app,
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return { url: `http://${host}:${actual}`, port: actual };
    },
    stop: () => app.close(),
  };
}
