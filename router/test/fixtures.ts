import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSubgraphServer,
  createTokenVerifier,
  type GraphQLResolverMap,
  type RequestContext,
  requireViewer,
  type SubgraphServer,
  silentLogger,
} from '@ent/kit';
import { createTestSigner, type TestSigner, testViewer } from '@ent/kit/testing';
import { composeSupergraph, writeSupergraph } from '@ent/schema';
import { parse } from 'graphql';
import { createRouter, type EntRouter, type RouterOptions, type SupergraphReload } from '../src/index.js';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

/** The catalogue subgraph of the tests: a viewer-only field, an entity, a recursive and a list field. */
export const ALPHA_SDL = `${FEDERATION}
type Query {
  whoami: Whoami!
  item(id: ID!): Item
  items(first: Int): [Item!]!
  tree: Node
}
type Whoami { userId: ID!, requestId: String!, clientIp: String! }
type Item @key(fields: "id") { id: ID!, name: String! }
type Node { name: String!, child: Node }
`;

/** A second subgraph, added by a hot reload: it extends the entity with a field. */
export const BETA_SDL = `${FEDERATION}
type Item @key(fields: "id") { id: ID!, label: String! }
`;

const alphaResolvers: GraphQLResolverMap<RequestContext> = {
  Query: {
    whoami: (_parent, _args, context: RequestContext) => ({
      userId: requireViewer(context).userId,
      requestId: context.requestId,
      clientIp: context.ip,
    }),
    item: (_parent, args: { id: string }) => ({ id: args.id, name: `Cahier ${args.id}` }),
    items: (_parent, args: { first?: number }) =>
      Array.from({ length: Math.min(args.first ?? 3, 3) }, (_, i) => ({ id: String(i + 1), name: `Cahier ${i + 1}` })),
    tree: () => ({ name: 'racine' }),
  },
  Item: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `Cahier ${ref.id}` }) },
  Node: { child: (parent: { name: string }) => ({ name: `${parent.name}+` }) },
};

const betaResolvers: GraphQLResolverMap<RequestContext> = {
  Item: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    label: (item: { id: string }) => `Étiquette ${item.id}`,
  },
};

export interface TestSubgraph {
  name: string;
  url: string;
  sdl: string;
  /** Every /graphql request the subgraph received: its headers and the router's port (one per connection). */
  calls: Array<{ headers: IncomingHttpHeaders; remotePort: number | undefined }>;
  server: SubgraphServer;
}

export async function startSubgraph(
  name: string,
  sdl: string,
  resolvers: GraphQLResolverMap<RequestContext>,
  signer: TestSigner,
): Promise<TestSubgraph> {
  const calls: TestSubgraph['calls'] = [];
  const server = await createSubgraphServer<RequestContext>({
    name,
    typeDefs: parse(sdl),
    resolvers,
    verifier: createTokenVerifier({ keys: signer.keys }),
    logger: silentLogger,
    context: (base) => base,
    routes: (app) =>
      app.use('/graphql', (req, _res, next) => {
        calls.push({ headers: req.headers, remotePort: req.socket.remotePort });
        next();
      }),
  });
  const { url } = await server.listen(0, '127.0.0.1');
  return { name, url: `${url}/graphql`, sdl, calls, server };
}

export function composeFor(subgraphs: readonly TestSubgraph[]): string {
  const outcome = composeSupergraph(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.sdl })));
  if (!outcome.ok) throw new Error(outcome.report);
  return outcome.supergraphSdl;
}

export interface UpstreamCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Stands in for the annuaire's HTTP routes: records what it receives, sets two cookies on login. */
export async function startFakeAnnuaire(): Promise<{ url: string; calls: UpstreamCall[]; close(): Promise<void> }> {
  const calls: UpstreamCall[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the router gave up on this request (body over its limit)
    }
    calls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
    if (req.url === '/auth/login') {
      res.setHeader('Set-Cookie', [
        'ent_refresh=r1; Path=/auth; HttpOnly; SameSite=Strict',
        'ent_csrf=c1; Path=/; SameSite=Strict',
      ]);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ accessToken: 'token' }));
      return;
    }
    if (req.url === '/.well-known/jwks.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [] }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Stack {
  signer: TestSigner;
  alpha: TestSubgraph;
  beta: TestSubgraph;
  annuaire: Awaited<ReturnType<typeof startFakeAnnuaire>>;
  dir: string;
  supergraphPath: string;
  router: EntRouter;
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Two subgraphs, a fake annuaire, and a router over a temporary supergraph of alpha alone. */
export async function startStack(options: Partial<RouterOptions> = {}): Promise<Stack> {
  const signer = await createTestSigner();
  const alpha = await startSubgraph('alpha', ALPHA_SDL, alphaResolvers, signer);
  const beta = await startSubgraph('beta', BETA_SDL, betaResolvers, signer);
  const annuaire = await startFakeAnnuaire();
  const dir = await mkdtemp(join(tmpdir(), 'ent-router-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  await writeSupergraph(composeFor([alpha]), supergraphPath);
  const router = await createRouter({
    supergraphPath,
    annuaireUrl: annuaire.url,
    keys: signer.keys,
    logger: silentLogger,
    reloadDebounceMs: 10,
    ...options,
  });
  const { url } = await router.listen(0, '127.0.0.1');
  const token = await signer.sign(testViewer({ userId: 'eleve-1' }));
  return {
    signer,
    alpha,
    beta,
    annuaire,
    dir,
    supergraphPath,
    router,
    url,
    token,
    close: async () => {
      await router.stop();
      await Promise.all([alpha.server.stop(), beta.server.stop(), annuaire.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } & Record<string, unknown> }>;
}

export async function postGraphQL(
  url: string,
  body: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: GraphQLBody }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLBody };
}

/** Resolves with the next reload outcome of the given status (a file written in place may first read half-written). */
export function nextReload(router: EntRouter, status: SupergraphReload['status']): Promise<SupergraphReload> {
  return new Promise((resolve) => {
    const off = router.onSupergraphReload((result) => {
      if (result.status !== status) return;
      off();
      resolve(result);
    });
  });
}
