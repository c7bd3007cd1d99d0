import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { isBlobKey } from './blobStore.js';

export interface DownloadLinksOptions {
  /** At least 32 bytes, the same on every replica of the subgraph (for example from `FILES_LINK_SECRET`). */
  secret: string | Buffer;
  clock: Clock;
  /** How long a link works; 5 minutes by default: long enough to click, too short to be worth sharing. */
  ttlSeconds?: number;
  /** Where `blobDownloadHandler` is mounted, as the browser reaches it; `/files` by default. */
  basePath?: string;
}

export interface DownloadGrant {
  key: string;
  /** The name the browser saves the file under. */
  filename: string;
  /** The type served: the one `put` returned and the row kept. */
  contentType: string;
  /** Who the link was signed for, for the audit trail; the link itself is the permission. */
  userId: string;
}

export type LinkCheck =
  | { ok: true; grant: DownloadGrant; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'expired' };

export interface DownloadLinks {
  /** A path with `?…&exp=…&sig=…`, valid for `ttlSeconds` from now. Sign only for someone allowed to read the file. */
  sign(grant: DownloadGrant): string;
  /** Checks a request for `<basePath>/<key>`: the key from the path, the rest from the query string. */
  verify(key: string, query: Readonly<Record<string, unknown>>): LinkCheck;
}

const MIN_SECRET_BYTES = 32;

/**
 * Expiring download links, signed with HMAC-SHA256 over every value the handler will use (key, name,
 * type, person, expiry), so none can be changed without breaking the signature.
 */
export function createDownloadLinks(options: DownloadLinksOptions): DownloadLinks {
  const secret = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : options.secret;
  if (secret.length < MIN_SECRET_BYTES) throw new Error(`download link secret must be at least ${MIN_SECRET_BYTES} bytes`);
  const ttlSeconds = options.ttlSeconds ?? 300;
  const basePath = (options.basePath ?? '/files').replace(/\/+$/, '');
  const { clock } = options;

  // A JSON array is an unambiguous encoding: no value can smuggle a separator into another.
  const signatureOf = (grant: DownloadGrant, expires: number) =>
    createHmac('sha256', secret)
      .update(JSON.stringify(['ent-download-v1', grant.key, grant.filename, grant.contentType, grant.userId, expires]))
      .digest();

  return {
    sign(grant) {
      if (!isBlobKey(grant.key)) throw new Error(`not a blob key: ${grant.key}`);
      const expires = Math.floor(clock.now().getTime() / 1000) + ttlSeconds;
      const query = new URLSearchParams({
        name: grant.filename,
        type: grant.contentType,
        user: grant.userId,
        exp: String(expires),
        sig: signatureOf(grant, expires).toString('base64url'),
      });
      return `${basePath}/${grant.key}?${query}`;
    },

    verify(key, query) {
      const { name, type, user, exp, sig } = query;
      if (
        !isBlobKey(key) ||
        typeof name !== 'string' ||
        typeof type !== 'string' ||
        typeof user !== 'string' ||
        typeof exp !== 'string' ||
        typeof sig !== 'string' ||
        !/^\d{1,12}$/.test(exp)
      ) {
        return { ok: false, reason: 'invalid' };
      }
      const grant: DownloadGrant = { key, filename: name, contentType: type, userId: user };
      const expires = Number(exp);
      const expected = signatureOf(grant, expires);
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
      // Checked after the signature, so "expired" is only said of links this service really issued.
      if (clock.now().getTime() >= expires * 1000) return { ok: false, reason: 'expired' };
      return { ok: true, grant, expiresAt: new Date(expires * 1000) };
    },
  };
}

/**
 * `attachment; filename="Releve_de_notes.pdf"; filename*=UTF-8''Relev%C3%A9%20de%20notes.pdf`: the
 * RFC 5987 form carries the French name, the plain one is an ASCII fallback for old clients (RFC 6266).
 */
export function contentDisposition(filename: string): string {
  const name = safeFilename(filename);
  const fallback = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** No path, no control characters, not empty, not absurdly long. */
export function safeFilename(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = [...base.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, 200).join('');
  return clean === '' || clean === '.' || clean === '..' ? 'fichier' : clean;
}
