import { readFileSync } from 'node:fs';
import {
  type Clock,
  createSubgraphServer,
  createTokenVerifier,
  type Logger,
  type SubgraphServer,
  systemClock,
} from '@ent/kit';
import { gql } from 'graphql-tag';
import { errors, type JWTVerifyGetKey } from 'jose';
import type { Kysely } from 'kysely';
import { type AuthService, createAuthRoutes, createAuthService, revokeUserSessions } from './auth/index.js';
import type { AnnuaireContext } from './context.js';
import type { Database } from './db/database.js';
import { createDirectoryLoaders } from './directory/loaders.js';
import { createDirectoryExportRoutes, serviceSecretFromEnv } from './export/index.js';
import { resolvers } from './resolvers/index.js';
import { activationsEndpointBody } from './resolvers/modules.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/index.js';

/** The SDL sits at the package root (schema/subgraphs.json points at it); same path from src/ and dist/. */
export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export interface AnnuaireServerOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** Demo mode: staff are asked for a code only when they enrolled one; /demo/accounts lists the demo logins. */
  demo: boolean;
  clock?: Clock;
  /** Readiness probe (the database); /ready answers 503 while it throws. */
  ready?: () => Promise<void>;
  /** `Secure` refresh cookie; defaults to production-like (true) outside demo. */
  secureCookies?: boolean;
  accessTokenTtlSeconds?: number;
  /** Shared secret of the internal service routes (docs/security.md); defaults to ENT_SERVICE_SECRET. */
  serviceSecret?: string | undefined;
}

export interface AnnuaireServer extends SubgraphServer {
  auth: AuthService;
}

/** Builds the annuaire (GraphQL + /auth/* + JWKS) without listening: tests start it on port 0. */
export async function createAnnuaireServer(options: AnnuaireServerOptions): Promise<AnnuaireServer> {
  const { db, logger, demo } = options;
  const clock = options.clock ?? systemClock;
  const auth = createAuthService({
    db,
    logger,
    demo,
    clock,
    ...(options.secureCookies !== undefined ? { secureCookies: options.secureCookies } : {}),
    ...(options.accessTokenTtlSeconds !== undefined ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
  });
  // The annuaire verifies its own tokens with the keys it publishes, without a round trip to itself.
  const ownKeys: JWTVerifyGetKey = async (header) => {
    const key = await auth.verificationKey(header.kid);
    // jose turns this into a refused token (UNAUTHENTICATED), like any unknown key id.
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
  const server = await createSubgraphServer<AnnuaireContext>({
    name: 'annuaire',
    typeDefs,
    resolvers,
    verifier: createTokenVerifier({ keys: ownKeys }),
    logger,
    ...(options.ready ? { ready: options.ready } : {}),
    context: (base) => ({
      ...base,
      db,
      clock,
      loaders: createDirectoryLoaders(db),
      revokeUserSessions: async (trx, userId, reason) => {
        await revokeUserSessions(trx, userId, reason, clock);
      },
    }),
    routes: (app) => {
      app.use(createAuthRoutes(auth));
      app.use(createDirectoryExportRoutes({ db, logger, clock, secret: options.serviceSecret ?? serviceSecretFromEnv(demo) }));
      app.get('/modules/activations', async (req, res, next) => {
        try {
          const moduleId = typeof req.query['module'] === 'string' ? req.query['module'] : undefined;
          res.setHeader('Cache-Control', 'no-store');
          res.json(await activationsEndpointBody({ db }, moduleId));
        } catch (error) {
          next(error);
        }
      });
      if (demo) {
        // Demo deployments only: the shell's login page and `npm start` list the demo accounts.
        app.get('/demo/accounts', (_req, res) => {
          res.json({ password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS });
        });
      }
    },
  });
  return Object.assign(server, { auth });
}
