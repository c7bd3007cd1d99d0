import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { SignJWT } from 'jose';
import type { DirectoryEstablishment } from './directory.js';

/**
 * Reads the directory through the annuaire's documented internal interface (never its tables):
 * `GET /modules/activations?module=ressources-gar` for where the module is on, then
 * `GET /internal/directory/export?establishmentId=…` (NDJSON) per establishment, with a service token
 * signed by the shared ENT_SERVICE_SECRET (docs/security.md, « Internal service interface »).
 */
export const SERVICE_TOKEN_AUDIENCE = 'ent-annuaire-internal';
export const SERVICE_TOKEN_ISSUER = 'ent-service';
/** Demo mode only, when ENT_SERVICE_SECRET is unset: the annuaire's well-known demo secret. */
export const DEMO_SERVICE_SECRET = 'ent-demo-92-service-secret-not-for-production';

export class DirectoryReadError extends Error {}

export interface DirectoryClientOptions {
  annuaireUrl: string;
  serviceSecret: string;
  fetcher?: typeof fetch;
  now?: () => Date;
}

export interface DirectoryClient {
  /** Establishments where the module is enabled at `at`. */
  enabledEstablishmentIds(at: Date): Promise<string[]>;
  establishment(id: string): Promise<DirectoryEstablishment>;
}

export function createDirectoryClient(options: DirectoryClientOptions): DirectoryClient {
  const base = options.annuaireUrl.replace(/\/$/, '');
  const fetcher = options.fetcher ?? fetch;
  const now = options.now ?? (() => new Date());
  const key = new TextEncoder().encode(options.serviceSecret);

  async function serviceToken(): Promise<string> {
    const iat = Math.floor(now().getTime() / 1000);
    return new SignJWT({ scope: 'directory:export' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(SERVICE_TOKEN_ISSUER)
      .setAudience(SERVICE_TOKEN_AUDIENCE)
      .setSubject('ressources-gar')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 120)
      .sign(key);
  }

  return {
    async enabledEstablishmentIds(at) {
      const response = await fetcher(`${base}/modules/activations?module=ressources-gar`);
      if (!response.ok) throw new DirectoryReadError(`module activations: HTTP ${response.status}`);
      const body = (await response.json()) as {
        changes: { establishmentId: string; enabled: boolean; effectiveAt: string }[];
      };
      // The latest change in force at `at` decides, per establishment.
      const state = new Map<string, { enabled: boolean; at: number }>();
      for (const change of body.changes) {
        const effective = Date.parse(change.effectiveAt);
        if (effective > at.getTime()) continue;
        const current = state.get(change.establishmentId);
        if (!current || current.at <= effective) state.set(change.establishmentId, { enabled: change.enabled, at: effective });
      }
      return [...state].filter(([, value]) => value.enabled).map(([id]) => id).sort();
    },

    async establishment(id) {
      const response = await fetcher(`${base}/internal/directory/export?establishmentId=${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${await serviceToken()}`, accept: 'application/x-ndjson' },
      });
      if (!response.ok || !response.body) throw new DirectoryReadError(`directory export of ${id}: HTTP ${response.status}`);
      const result: DirectoryEstablishment = { id, uai: '', name: '', kind: '', classes: [], groups: [], pupils: [], staff: [] };
      let ended = false;
      const lines = createInterface({ input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream) });
      for await (const line of lines) {
        if (!line) continue;
        const record = JSON.parse(line) as { type: string } & Record<string, unknown>;
        switch (record.type) {
          case 'establishment':
            Object.assign(result, { uai: record['uai'], name: record['name'], kind: record['kind'] });
            break;
          case 'class':
            result.classes.push(record as unknown as DirectoryEstablishment['classes'][number]);
            break;
          case 'group':
            result.groups.push(record as unknown as DirectoryEstablishment['groups'][number]);
            break;
          case 'pupil':
            result.pupils.push(record as unknown as DirectoryEstablishment['pupils'][number]);
            break;
          case 'staff':
            result.staff.push(record as unknown as DirectoryEstablishment['staff'][number]);
            break;
          case 'end':
            ended = true;
            break;
          default:
            break;
        }
      }
      if (!ended) throw new DirectoryReadError(`directory export of ${id} was cut short (no end line)`);
      return result;
    },
  };
}
