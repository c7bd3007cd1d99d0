import { mkdtemp, readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobDownloadHandler } from '../src/blobs/blobDownloadHandler.js';
import type { BlobStore } from '../src/blobs/blobStore.js';
import { blobUploadHandler } from '../src/blobs/blobUploadHandler.js';
import { contentDisposition, createDownloadLinks, type DownloadLinks } from '../src/blobs/createDownloadLinks.js';
import { createLocalBlobStore } from '../src/blobs/createLocalBlobStore.js';
import { ATTACHMENT_TYPES } from '../src/blobs/fileTypes.js';
import { ManualClock } from '../src/clock.js';
import { listenOn } from '../src/server/http.js';

const SECRET = 'a test secret that is long enough for HMAC-SHA256';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
const KEY = '0123456789abcdef0123456789abcdef';

describe('createDownloadLinks', () => {
  const grant = { key: KEY, filename: 'Relevé de notes.pdf', contentType: 'application/pdf', userId: 'u-42' };
  const split = (path: string) => {
    const url = new URL(path, 'http://ent.test');
    return { key: url.pathname.split('/').pop()!, query: Object.fromEntries(url.searchParams) };
  };

  it('accepts its own link until it expires, and only for the key it was signed for', () => {
    const clock = new ManualClock('2026-12-01T09:00:00Z');
    const links = createDownloadLinks({ secret: SECRET, clock, ttlSeconds: 300 });
    const path = links.sign(grant);
    expect(path).toMatch(new RegExp(`^/files/${KEY}\\?.*exp=\\d+&sig=[\\w-]+$`));
    const { key, query } = split(path);
    expect(links.verify(key, query)).toEqual({ ok: true, grant, expiresAt: new Date('2026-12-01T09:05:00Z') });

    clock.advance(299_999);
    expect(links.verify(key, query).ok).toBe(true);
    clock.advance(1);
    expect(links.verify(key, query)).toEqual({ ok: false, reason: 'expired' });

    clock.set('2026-12-01T09:00:00Z');
    expect(links.verify('fedcba9876543210fedcba9876543210', query)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.verify('../x', query)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a link whose signature or signed values were changed, or signed with another secret', () => {
    const clock = new ManualClock('2026-12-01T09:00:00Z');
    const links = createDownloadLinks({ secret: SECRET, clock });
    const { key, query } = split(links.sign(grant));
    const sig = query['sig']!;
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BA' : 'AA'}`;
    for (const changed of [
      { ...query, sig: flipped },
      { ...query, sig: '' },
      { ...query, exp: String(Number(query['exp']) + 3600) },
      { ...query, type: 'text/html' },
      { ...query, name: 'autre.pdf' },
      { ...query, user: 'u-43' },
      { ...query, exp: ['1', '2'] },
    ]) {
      expect(links.verify(key, changed)).toEqual({ ok: false, reason: 'invalid' });
    }
    const other = createDownloadLinks({ secret: `${SECRET}!`, clock });
    expect(other.verify(key, query)).toEqual({ ok: false, reason: 'invalid' });
    expect(() => createDownloadLinks({ secret: 'court', clock })).toThrow();
  });

  it('writes Content-Disposition for French names in both RFC 6266 forms', () => {
    expect(contentDisposition('Relevé de notes (1er trimestre).pdf')).toBe(
      `attachment; filename="Releve de notes (1er trimestre).pdf"; filename*=UTF-8''Relev%C3%A9%20de%20notes%20%281er%20trimestre%29.pdf`,
    );
    expect(contentDisposition('../../etc/"passwd"')).toBe(`attachment; filename="_passwd_"; filename*=UTF-8''%22passwd%22`);
    expect(contentDisposition('')).toBe(`attachment; filename="fichier"; filename*=UTF-8''fichier`);
  });
});

describe('download and upload over HTTP', () => {
  let server: Server;
  let url: string;
  let store: BlobStore;
  let links: DownloadLinks;
  let clock: ManualClock;
  let saved: Array<{ key: string; filename?: string }>;
  let root: string;

  beforeEach(async () => {
    clock = new ManualClock('2026-12-01T09:00:00Z');
    root = join(await mkdtemp(join(tmpdir(), 'ent-blobs-http-')), 'blobs');
    store = createLocalBlobStore({ root, clock });
    links = createDownloadLinks({ secret: SECRET, clock, ttlSeconds: 300 });
    saved = [];
    const app = express();
    app.get('/files/:key', blobDownloadHandler({ store, links }));
    app.post(
      '/uploads',
      blobUploadHandler({
        store,
        maxBytes: 1024 * 1024,
        allowedTypes: ATTACHMENT_TYPES,
        field: 'attachment',
        onStored: async (blob, _req, res) => {
          if (blob.filename === 'refusé.pdf') throw new Error('the row could not be written');
          saved.push(blob);
          res.status(201).json(blob);
        },
      }),
    );
    server = createServer(app);
    url = (await listenOn(server)).url;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves a signed link as an attachment with a French file name, and refuses it once expired or tampered', async () => {
    const blob = await store.put(Readable.from([PDF]), { contentType: 'application/pdf', maxBytes: 1024, allowedTypes: ATTACHMENT_TYPES });
    const path = links.sign({ key: blob.key, filename: 'Évaluation de français – 6e B.pdf', contentType: blob.contentType, userId: 'u-1' });

    const response = await fetch(`${url}${path}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(PDF.length));
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Evaluation de francais _ 6e B.pdf"; filename*=UTF-8''%C3%89valuation%20de%20fran%C3%A7ais%20%E2%80%93%206e%20B.pdf`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, no-store');

    const tampered = await fetch(`${url}${path.replace('application%2Fpdf', 'text%2Fhtml')}`);
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toBe(
      'Ce lien de téléchargement n’est pas valide.',
    );
    const otherKey = await fetch(`${url}${path.replace(blob.key, 'f'.repeat(32))}`);
    expect(otherKey.status).toBe(403);
    const traversal = await fetch(`${url}/files/..%2F..%2Fetc%2Fpasswd${path.slice(path.indexOf('?'))}`);
    expect(traversal.status).toBe(403);

    clock.advance(300_000);
    const expired = await fetch(`${url}${path}`);
    expect(expired.status).toBe(410);
    expect(expired.headers.get('cache-control')).toBe('private, no-store');
    expect(await expired.json()).toEqual({
      errors: [
        {
          message: 'Ce lien de téléchargement a expiré. Revenez à la page d’origine pour en obtenir un nouveau.',
          extensions: { code: 'LINK_EXPIRED' },
        },
      ],
    });

    clock.set('2026-12-01T09:00:00Z');
    await store.delete(blob.key);
    expect((await fetch(`${url}${path}`)).status).toBe(404);
  });

  it('streams an upload to the store and hands the blob to the caller', async () => {
    const response = await fetch(`${url}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('Exposé sur la Révolution.pdf') },
      body: Readable.toWeb(Readable.from([PDF.subarray(0, 5), PDF.subarray(5)])) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    const blob = (await response.json()) as { key: string; size: number; filename: string };
    expect(blob).toMatchObject({ size: PDF.length, filename: 'Exposé sur la Révolution.pdf', contentType: 'application/pdf' });
    expect(saved).toHaveLength(1);
    expect((await store.get(blob.key))?.filename).toBe('Exposé sur la Révolution.pdf');
  });

  it('answers a refused upload in French and keeps no blob when the row cannot be written', async () => {
    const tooLarge = await fetch(`${url}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.concat([PDF, Buffer.alloc(1024 * 1024)]),
    });
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toEqual({
      errors: [
        {
          message: 'Valeur invalide pour « attachment » : Le fichier dépasse la taille maximale de 1 Mo.',
          extensions: { code: 'BAD_USER_INPUT', field: 'attachment' },
        },
      ],
    });

    const wrongType = await fetch(`${url}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: Readable.toWeb(Readable.from([Buffer.from('MZ\x90\x00 not a pdf')])) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(await wrongType.json())).toContain('Ce type de fichier n’est pas accepté');

    const failing = await fetch(`${url}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('refusé.pdf') },
      body: PDF,
    });
    expect(failing.status).toBe(500);
    expect(saved).toEqual([]);
    const files = (await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile());
    expect(files).toEqual([]);
  });

  it('leaves no file behind when the client goes away in the middle of the body', async () => {
    const { request } = await import('node:http');
    const target = new URL(`${url}/uploads`);
    await new Promise<void>((resolve) => {
      const upload = request({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/pdf', 'content-length': String(512 * 1024), 'x-file-name': 'coupé.pdf' },
      });
      upload.on('error', () => resolve());
      upload.write(PDF);
      upload.write(Buffer.alloc(64 * 1024, 0x20));
      // The half-sent file is in the store's temporary folder; then the connection drops.
      setTimeout(() => {
        upload.destroy();
        resolve();
      }, 200);
    });
    const files = async (): Promise<string[]> => {
      const all: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
          if (entry.isDirectory()) await walk(join(dir, entry.name));
          else all.push(entry.name);
        }
      };
      await walk(root);
      return all;
    };
    await expect.poll(files, { timeout: 5_000 }).toEqual([]);
    expect(saved).toEqual([]);
  });
});
