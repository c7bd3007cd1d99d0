import { resolve } from 'node:path';

/** Environment variables every subgraph reads; documented in docs/configuration.md. */
export interface SubgraphConfig {
  name: string;
  port: number;
  host: string;
  /** PostgreSQL server; when absent, the embedded PGlite under `dataRoot/<name>`. */
  databaseUrl: string | undefined;
  poolSize: number;
  dataRoot: string;
  jwksUrl: string;
  demo: boolean;
  production: boolean;
}

/** A non-negative integer from an environment variable, or the fallback when unset; names the variable when invalid. */
export function integerFromEnv(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${variable} must be a non-negative integer, got "${value}"`);
  return parsed;
}

export function readSubgraphConfig(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return {
    name,
    port: integerFromEnv(env['PORT'], defaultPort, 'PORT'),
    host: env['HOST'] ?? '127.0.0.1',
    databaseUrl: env['DATABASE_URL'] || undefined,
    poolSize: integerFromEnv(env['DATABASE_POOL_SIZE'], 10, 'DATABASE_POOL_SIZE'),
    dataRoot: resolve(env['ENT_DATA_DIR'] ?? '.data'),
    jwksUrl: env['ENT_JWKS_URL'] ?? 'http://127.0.0.1:4001/.well-known/jwks.json',
    demo: env['ENT_DEMO'] === '1' || env['ENT_DEMO'] === 'true',
    production: env['NODE_ENV'] === 'production',
  };
}
