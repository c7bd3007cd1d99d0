import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import express, { type Express } from 'express';
import type { DocumentNode } from 'graphql';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import type { Authentication, Viewer } from '../auth/viewer.js';
import { EntError } from '../errors.js';
import { createErrorFormatter } from '../formatError.js';
import type { Logger } from '../logger.js';
import { bodyErrorHandler, clientIp, listenOn, REQUEST_ID_HEADER, requestId, requestIdOf, securityHeaders } from './http.js';

/** What every resolver context starts from; subgraphs extend it with their database and loaders. */
export interface RequestContext extends Authentication {
  viewer: Viewer | null;
  /**
   * The caller's `Authorization` header, only when it carried the verified viewer's token: for calling
   * another subgraph's API on the person's behalf (never trust or forward it otherwise).
   */
  authorization: string | undefined;
  requestId: string;
  logger: Logger;
  ip: string;
  userAgent: string;
}

export type { GraphQLResolverMap };

export interface SubgraphServerOptions<TContext extends RequestContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  verifier: TokenVerifier;
  logger: Logger;
  /** Adds the subgraph's own per-request state (database handle, loaders…). */
  context: (base: RequestContext) => TContext | Promise<TContext>;
  /** Readiness check (database reachable…); /ready answers 503 while it throws. */
  ready?: () => Promise<void>;
  /** Extra HTTP routes mounted before /graphql (the annuaire's /auth/* for instance). */
  routes?: (app: Express) => void;
  bodyLimit?: string;
  introspection?: boolean;
  /** Express `trust proxy`: which hops may set X-Forwarded-For (the router, on loopback, by default). */
  trustProxy?: boolean | string | number;
  plugins?: ApolloServerPlugin<TContext>[];
}

export interface SubgraphServer {
  app: Express;
  httpServer: Server;
  /** Starts listening; port 0 picks a free port (tests). */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting requests, lets those in flight finish, then resolves. */
  stop(): Promise<void>;
}

export async function createSubgraphServer<TContext extends RequestContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<SubgraphServer> {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? 'loopback');
  const httpServer = createServer(app);
  const production = process.env.NODE_ENV === 'production';

  const apollo = new ApolloServer<TContext>({
    // buildSubgraphSchema types resolvers for an unknown context; ours are typed for TContext.
    schema: buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }),
    introspection: options.introspection ?? !production,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // shutdownOnSignals owns SIGINT/SIGTERM: Apollo's own handlers would re-send the signal.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Traces go to Apollo's hosted service, which an ENT does not use.
      ApolloServerPluginInlineTraceDisabled(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  app.use(requestId, securityHeaders);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await options.ready?.();
      res.json({ status: 'ready', service: options.name });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', service: options.name });
    }
  });
  options.routes?.(app);

  const bodyLimit = options.bodyLimit ?? '1mb';
  app.use(
    '/graphql',
    express.json({ limit: bodyLimit }),
    bodyErrorHandler(bodyLimit),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const id = requestIdOf(res);
        const requestLogger = logger.child({ requestId: id });
        let viewer: Viewer | null = null;
        let authFailure: Error | undefined;
        try {
          viewer = await options.verifier.verifyAuthorizationHeader(req.header('authorization'));
        } catch (error) {
          if (!(error instanceof EntError)) throw error;
          authFailure = error;
        }
        return options.context({
          viewer,
          authorization: viewer ? req.header('authorization') : undefined,
          authFailure,
          requestId: id,
          logger: viewer ? requestLogger.child({ userId: viewer.userId }) : requestLogger,
          ip: clientIp(req),
          userAgent: req.header('user-agent') ?? '',
        });
      },
    }),
  );

  let stopped = false;
  return {
    app,
    httpServer,
    listen: (port, host) => listenOn(httpServer, port, host),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // The drain plugin closes the listener and waits for requests in flight.
      if (httpServer.listening) await apollo.stop();
      else await apollo.stop().catch(() => undefined);
    },
  };
}

export { REQUEST_ID_HEADER };
