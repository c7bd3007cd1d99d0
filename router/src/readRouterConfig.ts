import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integerFromEnv } from '@ent/kit';
import { registryPathFromEnv } from '@ent/schema';
import type { RouterOptions, SubgraphRoutes } from './createRouter.js';

/** The committed supergraph, found from this module (src/ or dist/), not from the working directory. */
const REPO_SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
const REPO_SUBGRAPHS = fileURLToPath(new URL('../../schema/subgraphs.json', import.meta.url));
const REPO_MICROFRONTENDS = fileURLToPath(new URL('../../microfrontends', import.meta.url));

/**
 * The plain HTTP routes subgraphs declare in schema/subgraphs.json (`"routes": ["/calendar", …]`),
 * sent to each subgraph's origin (its routing URL, or ENT_SUBGRAPH_URL_<NAME> when set).
 */
export function subgraphRoutesFrom(listPath: string, urls: Readonly<Record<string, string>>): SubgraphRoutes[] {
  if (!existsSync(listPath)) return [];
  const list = JSON.parse(readFileSync(listPath, 'utf8')) as Array<{ name: string; url: string; routes?: unknown }>;
  return list.flatMap((entry) => {
    const prefixes = Array.isArray(entry.routes) ? entry.routes.filter((route): route is string => typeof route === 'string' && route.startsWith('/')) : [];
    if (prefixes.length === 0) return [];
    return [{ name: entry.name, prefixes, target: new URL(urls[entry.name] ?? entry.url).origin }];
  });
}

export interface RouterConfig
  extends Pick<
    RouterOptions,
    | 'supergraphPath'
    | 'annuaireUrl'
    | 'jwksUrl'
    | 'staticDir'
    | 'production'
    | 'trustProxy'
    | 'trustedOrigins'
    | 'subgraphUrls'
    | 'subgraphRoutes'
    | 'registry'
  > {
  port: number;
  host: string;
}

function trustProxy(value: string | undefined): RouterOptions['trustProxy'] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // 'loopback', '10.0.0.0/8, 10.1.0.1'…, as express understands it
}

/** `ENT_SUBGRAPH_URL_CAHIER_DE_TEXTES=http://…` routes the subgraph `cahier-de-textes` there. */
function subgraphUrls(env: NodeJS.ProcessEnv): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^ENT_SUBGRAPH_URL_([A-Z0-9_]+)$/.exec(key);
    if (match?.[1] && value) urls[match[1].toLowerCase().replace(/_/g, '-')] = value;
  }
  return urls;
}

/** Environment variables the router reads (keep in sync with docs/configuration.md). */
export function readRouterConfig(env: NodeJS.ProcessEnv = process.env): RouterConfig {
  const annuaireUrl = (env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001').replace(/\/+$/, '');
  return {
    port: integerFromEnv(env['PORT'], 4000, 'PORT'),
    host: env['HOST'] || '127.0.0.1',
    supergraphPath: resolve(env['ENT_SUPERGRAPH_PATH'] || REPO_SUPERGRAPH),
    annuaireUrl,
    jwksUrl: env['ENT_JWKS_URL'] || `${annuaireUrl}/.well-known/jwks.json`,
    staticDir: env['ENT_STATIC_DIR'] ? resolve(env['ENT_STATIC_DIR']) : undefined,
    production: env['NODE_ENV'] === 'production',
    trustProxy: trustProxy(env['ENT_TRUST_PROXY']),
    trustedOrigins: (env['ENT_TRUSTED_ORIGINS'] ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    subgraphUrls: subgraphUrls(env),
    subgraphRoutes: subgraphRoutesFrom(resolve(env['ENT_SUBGRAPHS_PATH'] || REPO_SUBGRAPHS), subgraphUrls(env)),
    registry: registryOptions(env),
  };
}

/** Runtime registrations: ENT_REGISTRY_PATH, and where registered micro-frontends may live. */
function registryOptions(env: NodeJS.ProcessEnv): NonNullable<RouterOptions['registry']> {
  const registryPath = registryPathFromEnv(env);
  const roots = (env['ENT_VENDOR_BUNDLE_ROOTS'] ?? '')
    .split(',')
    .map((root) => root.trim())
    .filter(Boolean)
    .map((root) => resolve(root));
  return {
    registryPath,
    builtinListPath: resolve(env['ENT_SUBGRAPHS_PATH'] || REPO_SUBGRAPHS),
    fallbackSupergraphPath: REPO_SUPERGRAPH,
    bundleRoots: roots.length > 0 ? roots : [join(dirname(registryPath), 'bundles'), REPO_MICROFRONTENDS],
  };
}
