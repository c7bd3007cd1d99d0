import { createServer, type Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import {
  bodyErrorHandler,
  clientIp,
  createErrorFormatter,
  createLogger,
  createTokenVerifier,
  isEntError,
  kitMessages,
  listenOn,
  type Logger,
  requestId,
  requestIdOf,
  securityHeaders,
  sendError,
  type TokenVerifier,
  type TokenVerifierOptions,
} from '@ent/kit';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type Express, type RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { annuaireProxy } from './annuaireProxy.js';
import { csrfGuard, CSRF_HEADERS } from './csrfGuard.js';
import { routerMessages } from './messages.js';
import { type RegistryOptions, registeredModules, registryApi } from './registryApi.js';
import { requestLog } from './requestLog.js';
import { API_CONTENT_SECURITY_POLICY, staticSite } from './staticSite.js';
import { keepAliveFetcher, type RouterContext, SubgraphDataSource } from './SubgraphDataSource.js';
import { type SupergraphReload, supergraphFile } from './supergraphFile.js';

export interface SubgraphRoutes {
  name: string;
  /** Path prefixes, e.g. /calendar, /cahier-de-textes/files. */
  prefixes: readonly string[];
  /** The subgraph's origin. */
  target: string;
}

/** Uploads (attachments, submissions) go through these routes: the blob store enforces each one's own limit. */
const SUBGRAPH_ROUTE_BODY_LIMIT = { bytes: 64 * 1024 * 1024, label: '64 Mo' };

/** What a single operation may ask for; beyond, it is refused before any subgraph is called. */
export interface QueryLimits {
  /** Nesting depth of selections. */
  depth: number;
  /** graphql-armor's cost estimate (objects 2, scalars 1, ×1.5 per level, × `first`/`last`). */
  cost: number;
  aliases: number;
  /** Lexical tokens of the document (checked while parsing). */
  tokens: number;
  directives: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { depth: 12, cost: 5000, aliases: 15, tokens: 2000, directives: 50 };

export interface RouterOptions {
  /** The composed supergraph, watched and reloaded when it changes. */
  supergraphPath: string;
  /** The annuaire's origin: /auth/*, /.well-known/* and GET /demo/accounts are proxied there. */
  annuaireUrl: string;
  /** Where to verify access tokens; default `${annuaireUrl}/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** Keys to verify access tokens with, instead of fetching the JWKS (tests). */
  keys?: TokenVerifierOptions['keys'];
  /** A ready-made verifier, instead of jwksUrl or keys. */
  verifier?: TokenVerifier;
  tokenIssuer?: string;
  tokenAudience?: string;
  /** The built shell, served at `/` with a single-page fallback; absent, `/` says it is not built. */
  staticDir?: string;
  /** Routing URLs that replace the supergraph's, by subgraph name (the committed file says 127.0.0.1). */
  subgraphUrls?: Readonly<Record<string, string>>;
  /** Default: NODE_ENV === 'production' (introspection off, field suggestions hidden). */
  production?: boolean;
  introspection?: boolean;
  logger?: Logger;
  /** Largest request body on /graphql and the proxied routes (default '100kb'). */
  bodyLimit?: string;
  limits?: Partial<QueryLimits>;
  /** Express `trust proxy`: which hops in front of the router may set X-Forwarded-*. Default none. */
  trustProxy?: boolean | string | number;
  /** Other origins allowed to send state-changing requests (a development server). */
  trustedOrigins?: readonly string[];
  /** Watch the supergraph file (default true); `reloadSupergraph()` works either way. */
  watchSupergraph?: boolean;
  reloadDebounceMs?: number;
  subgraphTimeoutMs?: number;
  annuaireTimeoutMs?: number;
  /**
   * Plain HTTP routes of other subgraphs (calendar feeds, file downloads and uploads), proxied to
   * their origin: the `routes` of schema/subgraphs.json.
   */
  subgraphRoutes?: readonly SubgraphRoutes[];
  /**
   * Runtime registrations (vendors): the département administrator's API at /api/registry/subgraphs,
   * `/manifest.json` with the registered modules, their bundles at /modules/<id>/. Absent: none of these.
   */
  registry?: RegistryOptions;
}

export interface EntRouter {
  app: Express;
  httpServer: Server;
  /** Starts listening; port 0 picks a free port (tests). */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting requests, lets those in flight finish, stops watching, then resolves. */
  stop(): Promise<void>;
  /** Reads the supergraph file now (the watcher does the same on change). */
  reloadSupergraph(): Promise<SupergraphReload>;
  /** Called after every reload attempt, whatever its outcome; returns the unsubscribe function. */
  onSupergraphReload(listener: (result: SupergraphReload) => void): () => void;
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };

function parseBytes(limit: string): number {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`invalid body limit: ${limit}`);
  return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1);
}

/** Apollo's own CSRF refusal (a second line behind csrfGuard) speaks English. */
const APOLLO_CSRF_MESSAGE = /^This operation has been blocked as a potential Cross-Site Request Forgery/;

function gatewayLogger(logger: Logger) {
  return {
    debug: (message: unknown) => logger.debug(String(message)),
    info: (message: unknown) => logger.info(String(message)),
    warn: (message: unknown) => logger.warn(String(message)),
    error: (message: unknown) => logger.error(String(message)),
  };
}

/**
 * Builds the router without listening: the gateway on the supergraph file (hot reloaded), the token
 * check in front of it, the proxy to the annuaire's HTTP routes, the shell, and the security limits.
 */
export async function createRouter(options: RouterOptions): Promise<EntRouter> {
  const logger = options.logger ?? createLogger('router');
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  const bodyLimit = options.bodyLimit ?? '100kb';
  const annuaireUrl = options.annuaireUrl.replace(/\/+$/, '');
  const verifier =
    options.verifier ??
    createTokenVerifier({
      ...(options.keys ? { keys: options.keys } : { jwksUrl: options.jwksUrl ?? `${annuaireUrl}/.well-known/jwks.json` }),
      issuer: options.tokenIssuer,
      audience: options.tokenAudience,
    });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  const httpServer = createServer(app);

  const supergraph = supergraphFile(options.supergraphPath, {
    logger,
    watch: options.watchSupergraph ?? true,
    debounceMs: options.reloadDebounceMs,
  });
  const fetcher = keepAliveFetcher(options.subgraphTimeoutMs ?? 30_000);
  // @apollo/gateway ≥ 2.10 sends host metrics to Apollo (after probing cloud metadata endpoints) unless
  // this variable says no; a school portal makes no such call. Read by the constructor, hence here.
  process.env['APOLLO_TELEMETRY_DISABLED'] ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.manager,
    // Validate in production too: a broken file must be refused, not half-loaded.
    validateSupergraph: true,
    __exposeQueryPlanExperimental: !production,
    logger: gatewayLogger(logger.child({ component: 'gateway' })),
    fetcher,
    buildService: ({ name, url }) => new SubgraphDataSource({ url: options.subgraphUrls?.[name] ?? url, fetcher }),
  });

  const armor = new ApolloArmor({
    maxDepth: { n: limits.depth },
    costLimit: { maxCost: limits.cost },
    maxAliases: { n: limits.aliases },
    // Armor's token plugin re-parses in `parsingDidStart`, where any syntax error becomes a 500; graphql-js
    // counts tokens in Apollo's own parse instead (parseOptions below), a 400 like other syntax errors.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.directives },
    blockFieldSuggestion: { enabled: production },
  }).protect();

  // graphql-armor is CommonJS and types its plugins against Apollo's CommonJS declarations.
  const armorPlugins = armor.plugins as unknown as ApolloServerPlugin<RouterContext>[];

  const formatWithKit = createErrorFormatter(logger);
  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError =>
    APOLLO_CSRF_MESSAGE.test(formatted.message)
      ? { message: kitMessages.csrf, extensions: { code: 'BAD_REQUEST' } }
      : formatWithKit(formatted, error);

  const apollo = new ApolloServer<RouterContext>({
    gateway,
    logger: gatewayLogger(logger.child({ component: 'apollo' })),
    introspection: options.introspection ?? !production,
    // main.ts stops the router through the kit's shutdownOnSignals; Apollo's own handlers would re-raise
    // the signal and cut that short.
    stopOnTerminationSignals: false,
    csrfPrevention: { requestHeaders: [...CSRF_HEADERS] },
    formatError,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: limits.tokens },
    validationRules: armor.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Nothing leaves for Apollo's cloud, even if an APOLLO_KEY happens to be in the environment.
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ...armorPlugins,
    ],
  });
  await apollo.start();
  let ready = true;

  const bodyLimitBytes = parseBytes(bodyLimit);
  const proxy = annuaireProxy({
    target: annuaireUrl,
    logger,
    bodyLimitBytes,
    bodyLimitLabel: bodyLimit,
    timeoutMs: options.annuaireTimeoutMs ?? 15_000,
  });

  const routeProxies = (options.subgraphRoutes ?? []).map((routes) => ({
    routes,
    proxy: annuaireProxy({
      target: routes.target,
      logger,
      bodyLimitBytes: SUBGRAPH_ROUTE_BODY_LIMIT.bytes,
      bodyLimitLabel: SUBGRAPH_ROUTE_BODY_LIMIT.label,
      timeoutMs: options.subgraphTimeoutMs ?? 30_000,
    }),
  }));

  /** A token that is present must be valid: refused here, no subgraph is called. */
  const authenticate: RequestHandler = async (req, res, next) => {
    try {
      const viewer = await verifier.verifyAuthorizationHeader(req.header('authorization'));
      if (viewer) res.locals['userId'] = viewer.userId;
      next();
    } catch (error) {
      if (!isEntError(error)) return next(error);
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendError(res, 401, error.code, error.message);
    }
  };

  app.use(requestId, securityHeaders, requestLog(logger), (req, res, next) => {
    res.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
    if (production && req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'router' });
  });
  app.get('/ready', (_req, res) => {
    if (ready) res.json({ status: 'ready', service: 'router' });
    else res.status(503).json({ status: 'unavailable', service: 'router', message: routerMessages.notReady });
  });

  app.use(['/auth', '/.well-known'], csrfGuard({ trustedOrigins: options.trustedOrigins }), proxy.handler);
  // Demo deployments list their demo accounts on the login page; elsewhere the annuaire answers 404.
  app.get('/demo/accounts', proxy.handler);
  for (const { routes, proxy: routeProxy } of routeProxies) {
    app.use([...routes.prefixes], csrfGuard({ trustedOrigins: options.trustedOrigins }), routeProxy.handler);
  }

  app.use(
    '/graphql',
    csrfGuard({ trustedOrigins: options.trustedOrigins, guardSafeMethods: true }),
    authenticate,
    express.json({ limit: bodyLimit }),
    bodyErrorHandler(bodyLimit),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        requestId: requestIdOf(res),
        authorization: req.header('authorization'),
        clientIp: clientIp(req),
        userId: res.locals['userId'] as string | undefined,
      }),
    }),
  );

  if (options.registry) {
    app.use(
      '/api/registry/subgraphs',
      csrfGuard({ trustedOrigins: options.trustedOrigins }),
      registryApi({
        options: options.registry,
        supergraphPath: options.supergraphPath,
        verifier,
        logger,
        reload: () => supergraph.reload(),
      }),
    );
    app.use(registeredModules(options.registry, options.staticDir, logger));
  }

  app.use(staticSite(options.staticDir));

  app.use((_req, res) => {
    sendError(res, 404, 'NOT_FOUND', routerMessages.notFound);
  });
  app.use(((error, _req, res, _next) => {
    logger.error({ err: error, requestId: requestIdOf(res) }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', kitMessages.internal);
  }) as express.ErrorRequestHandler);

  let stopping: Promise<void> | undefined;
  return {
    app,
    httpServer,
    listen: (port, host) => listenOn(httpServer, port, host),
    stop: () => {
      stopping ??= (async () => {
        ready = false;
        // The drain plugin closes the listener and waits for requests in flight; stopping Apollo stops
        // the gateway, which stops watching the supergraph.
        if (httpServer.listening) await apollo.stop();
        else await apollo.stop().catch(() => undefined);
        proxy.close();
        for (const { proxy: routeProxy } of routeProxies) routeProxy.close();
      })();
      return stopping;
    },
    reloadSupergraph: () => supergraph.reload(),
    onSupergraphReload: (listener) => supergraph.onReload(listener),
  };
}
