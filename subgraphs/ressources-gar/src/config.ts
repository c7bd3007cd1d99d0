import { readFileSync } from 'node:fs';
import { integerFromEnv } from '@ent/kit';
import { DEMO_SERVICE_SECRET } from './gar/directoryClient.js';
import type { GarTls } from './resources/garClient.js';

/** Environment of the subgraph (documented in docs/ressources-gar.md, « Configuration »). */
export interface GarConfig {
  idEnt: string;
  garUrl: string;
  tls: GarTls | undefined;
  timeoutMs: number;
  cacheSeconds: number;
  spMetadataUrl: string;
  depotUrl: string | null;
  simulatorUrl: string | null;
  exportDir: string;
  exportAt: string;
  serviceSecret: string | undefined;
}

export function readGarConfig(env: NodeJS.ProcessEnv, demo: boolean, dataRoot: string, production: boolean): GarConfig {
  const simulatorUrl = demo ? (env['GAR_SIMULATOR_URL'] || 'http://127.0.0.1:4090').replace(/\/$/, '') : null;
  const garUrl = env['GAR_RESOURCES_URL'] || simulatorUrl;
  if (!garUrl) throw new Error('GAR_RESOURCES_URL must be set (GAR resource web service)');
  const spMetadataUrl = env['GAR_SP_METADATA_URL'] || (simulatorUrl ? `${simulatorUrl}/saml/metadata` : '');
  if (!spMetadataUrl) throw new Error('GAR_SP_METADATA_URL must be set (GAR SAML service provider metadata)');
  const certFile = env['GAR_TLS_CERT_FILE'];
  const keyFile = env['GAR_TLS_KEY_FILE'];
  if (production && (!certFile || !keyFile)) throw new Error('GAR_TLS_CERT_FILE and GAR_TLS_KEY_FILE must be set (mutual TLS with GAR)');
  const tls =
    certFile && keyFile
      ? {
          cert: readFileSync(certFile, 'utf8'),
          key: readFileSync(keyFile, 'utf8'),
          ca: env['GAR_TLS_CA_FILE'] ? readFileSync(env['GAR_TLS_CA_FILE'], 'utf8') : undefined,
        }
      : undefined;
  const exportAt = env['GAR_EXPORT_AT'] || '02:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(exportAt)) throw new Error('GAR_EXPORT_AT must be HH:MM');
  return {
    idEnt: env['GAR_ID_ENT'] || 'ENT92DEMO',
    garUrl,
    tls,
    timeoutMs: integerFromEnv(env['GAR_TIMEOUT_MS'], 3000, 'GAR_TIMEOUT_MS'),
    cacheSeconds: integerFromEnv(env['GAR_LIST_CACHE_SECONDS'], 120, 'GAR_LIST_CACHE_SECONDS'),
    spMetadataUrl,
    depotUrl: env['GAR_DEPOT_URL'] || (simulatorUrl ? `${simulatorUrl}/depot` : null),
    simulatorUrl,
    exportDir: env['GAR_EXPORT_DIR'] || `${dataRoot}/gar-exports`,
    exportAt,
    serviceSecret: env['ENT_SERVICE_SECRET'] || (demo ? DEMO_SERVICE_SECRET : undefined),
  };
}

/** Fetches and caches GAR's SP metadata (refetched after a failure). */
export function cachedText(url: string, fetcher: typeof fetch = fetch): () => Promise<string> {
  let cached: Promise<string> | null = null;
  return () => {
    cached ??= (async () => {
      const response = await fetcher(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.text();
    })().catch((error) => {
      cached = null;
      throw error;
    });
    return cached;
  };
}
