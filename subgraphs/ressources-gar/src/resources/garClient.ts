import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A resource as the ENT shows it, normalised from GAR's answer. */
export interface GarResource {
  id: string;
  title: string;
  publisher: string;
  thumbnailUrl: string | null;
  typeCode: string;
  typeLabel: string;
  levels: string[];
  subjects: string[];
  /** GAR's `urlAccesRessource`: opening the resource goes through it (GAR then asks the ENT for a SAML assertion). */
  accessUrl: string;
}

/** GAR could not be reached, answered too slowly or with a server error: serve the last known list. */
export class GarUnavailableError extends Error {}
/** GAR answered something that is not a resource list (bad JSON, missing fields). */
export class GarMalformedAnswerError extends Error {}
/** GAR refused the call with its error document `{"Erreur":{"Code","Message","Resource"}}`. */
export class GarRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface GarTls {
  /** PEM client certificate and key (GAR authenticates the ENT by mutual TLS), and GAR's CA. */
  cert: string;
  key: string;
  ca?: string | undefined;
}

export interface GarClientOptions {
  /** GAR's resource web service, e.g. https://ws-gar.example/ (the simulator in demo mode). */
  baseUrl: string;
  /** The ENT's GAR project id (idENT). */
  idEnt: string;
  tls?: GarTls | undefined;
  timeoutMs?: number;
}

export interface GarClient {
  listResources(uai: string, userId: string): Promise<GarResource[]>;
}

export const MAX_GAR_ANSWER_BYTES = 8 * 1024 * 1024;

export function createGarClient(options: GarClientOptions): GarClient {
  const base = options.baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 3000;
  return {
    async listResources(uai, userId) {
      const url = new URL(`${base}/ressources/${encodeURIComponent(options.idEnt)}/${encodeURIComponent(uai)}/${encodeURIComponent(userId)}`);
      const { status, body } = await get(url, timeoutMs, options.tls);
      if (status >= 500) throw new GarUnavailableError(`GAR answered HTTP ${status}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new GarMalformedAnswerError(`GAR answered HTTP ${status} with a body that is not JSON`);
      }
      if (status >= 400) {
        const error = (parsed as { Erreur?: { Code?: unknown; Message?: unknown } } | null)?.Erreur;
        throw new GarRefusedError(status, String(error?.Code ?? status), String(error?.Message ?? `HTTP ${status}`));
      }
      return parseResourceList(parsed);
    },
  };
}

function get(url: URL, timeoutMs: number, tls: GarTls | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        ...(secure && tls ? { cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca } : {}) } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_GAR_ANSWER_BYTES) {
            request.destroy(new GarMalformedAnswerError('GAR answer too large'));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => reject(new GarUnavailableError(error.message)));
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(new GarUnavailableError(`GAR did not answer within ${timeoutMs} ms`)));
    request.on('error', (error) => reject(error instanceof GarMalformedAnswerError || error instanceof GarUnavailableError ? error : new GarUnavailableError(error.message)));
    request.end();
  });
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
const names = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((item) => text((item as { nom?: unknown } | null)?.nom)).filter((name): name is string => name !== null) : [];

/**
 * GAR's JSON list: an array of resources, or `{"listeRessources":{"ressource":[…]}}`. A resource
 * without id, name or access URL makes the whole answer malformed (never half a list).
 */
export function parseResourceList(answer: unknown): GarResource[] {
  const list = Array.isArray(answer)
    ? answer
    : ((answer as { listeRessources?: { ressource?: unknown } } | null)?.listeRessources?.ressource ?? null);
  if (!Array.isArray(list)) throw new GarMalformedAnswerError('GAR answer has no resource list');
  return list.map((item, index) => {
    const raw = (item ?? {}) as Record<string, unknown>;
    const id = text(raw['idRessource']);
    const title = text(raw['nomRessource']);
    const accessUrl = text(raw['urlAccesRessource']);
    if (!id || !title || !accessUrl || !/^https?:\/\//i.test(accessUrl) || !URL.canParse(accessUrl)) {
      throw new GarMalformedAnswerError(`GAR resource #${index} lacks idRessource, nomRessource or a valid urlAccesRessource`);
    }
    const type = (raw['typePresentation'] ?? {}) as { code?: unknown; nom?: unknown };
    const thumbnail = text(raw['urlVignette']);
    return {
      id,
      title,
      publisher: text(raw['nomEditeur']) ?? '',
      thumbnailUrl: thumbnail && /^https?:\/\//.test(thumbnail) ? thumbnail : null,
      typeCode: text(type.code) ?? '',
      typeLabel: text(type.nom) ?? '',
      levels: names(raw['niveauEducatif']),
      subjects: names(raw['domaineEnseignement']),
      accessUrl,
    };
  });
}
