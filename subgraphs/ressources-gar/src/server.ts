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
import type { GarContext } from './context.js';
import type { Database } from './db/database.js';
import { createAnnuaireClient } from './directory/annuaireClient.js';
import type { ExportService } from './gar/exportService.js';
import { createServiceRoutes } from './gar/serviceRoutes.js';
import { createLtiRoutes } from './lti/platform.js';
import { resolvers } from './resolvers/index.js';
import type { ResourceService } from './resources/resourceService.js';
import { createIdpRoutes } from './saml/idp.js';

/** The SDL sits at the package root (schema/subgraphs.json points at it); same path from src/ and dist/. */
export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export interface GarServerOptions {
  db: Kysely<Database>;
  logger: Logger;
  annuaireUrl: string;
  resources: ResourceService;
  exports: ExportService;
  /** The ENT's GAR project id (idENT): in the export's file names, the resource calls and the SAML `idEnt` attribute. */
  idEnt: string;
  /** GAR's SP metadata (the simulator's in demo mode). */
  spMetadata: () => Promise<string>;
  /** The portal's address (default http://127.0.0.1:4000): SAML and LTI routes are reached through it. */
  publicUrl?: string | (() => string);
  secureCookies?: boolean;
  clock?: Clock;
  verifier?: TokenVerifier;
  gate?: ModuleGate;
  ready?: () => Promise<void>;
  fetcher?: typeof fetch;
  /** Shared service secret (ENT_SERVICE_SECRET): the `gar:export` command reads the managers with it. */
  serviceSecret?: string | undefined;
}

/** Builds the Ressources GAR subgraph (GraphQL + SAML IdP + LTI platform routes) without listening. */
export async function createGarServer(options: GarServerOptions): Promise<SubgraphServer> {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  // A function when the portal's address is known only later (the browser tests' router starts after the subgraphs).
  const publicUrlOf = () => (typeof options.publicUrl === 'function' ? options.publicUrl() : (options.publicUrl ?? 'http://127.0.0.1:4000')).replace(/\/$/, '');
  const { annuaireUrl, gate, verifier } = annuaireBacked({ ...options, moduleId: 'ressources-gar', clock });
  return createSubgraphServer<GarContext>({
    name: 'ressources-gar',
    typeDefs,
    resolvers,
    verifier,
    logger,
    ...(options.ready ? { ready: options.ready } : {}),
    routes: (app) => {
      app.use(
        createIdpRoutes({
          db,
          clock,
          logger,
          publicUrl: publicUrlOf,
          idEnt: options.idEnt,
          spMetadata: options.spMetadata,
          secureCookies: options.secureCookies ?? false,
        }),
      );
      app.use(createLtiRoutes({ db, clock, logger, publicUrl: publicUrlOf }));
      app.use(createServiceRoutes({ db, clock, logger, secret: options.serviceSecret }));
    },
    context: (base) => ({
      ...base,
      db,
      clock,
      gate,
      publicUrl: publicUrlOf(),
      resources: options.resources,
      exports: options.exports,
      annuaire: createAnnuaireClient({
        graphqlUrl: `${annuaireUrl}/graphql`,
        authorization: base.authorization,
        ...(options.fetcher ? { fetcher: options.fetcher } : {}),
      }),
    }),
  });
}
