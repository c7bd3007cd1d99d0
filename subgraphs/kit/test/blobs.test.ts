import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_TYPES, FILE_TYPES } from '../src/blobs/fileTypes.js';
import { createLocalBlobStore } from '../src/blobs/createLocalBlobStore.js';
import type { PutOptions } from '../src/blobs/blobStore.js';
import { ManualClock } from '../src/clock.js';
import { EntError } from '../src/errors.js';

const MB = 1024 * 1024;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
const attachment = (contentType: string, maxBytes = 10 * MB): PutOptions => ({
  contentType,
  maxBytes,
  allowedTypes: ATTACHMENT_TYPES,
});

async function newRoot(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ent-blobs-')), 'blobs');
}

/** Every file under the root, temporary ones included (the sub-directories themselves do not count). */
function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

/** A local ZIP header sequence, enough for sniffing: stored entries, no central directory. */
function zipOf(entries: Array<[name: string, content: string]>): Buffer {
  return Buffer.concat(
    entries.map(([name, content]) => {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt32LE(content.length, 18);
      header.writeUInt32LE(content.length, 22);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      return Buffer.concat([header, Buffer.from(name), Buffer.from(content)]);
    }),
  );
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function refusal(promise: Promise<unknown>): Promise<EntError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EntError);
  return error as EntError;
}

describe('createLocalBlobStore', () => {
  it('stores a file and gives back the same bytes, size, hash and metadata', async () => {
    const root = await newRoot();
    const clock = new ManualClock('2026-12-01T09:00:00Z');
    const store = createLocalBlobStore({ root, clock });
    const stored = await store.put(Readable.from([PDF.subarray(0, 10), PDF.subarray(10)]), {
      ...attachment('application/pdf'),
      filename: 'Leçon 3.pdf',
    });
    expect(stored).toEqual({ key: expect.stringMatching(/^[0-9a-f]{32}$/), size: PDF.length, sha256: sha256(PDF), contentType: 'application/pdf' });
    expect(await store.exists(stored.key)).toBe(true);

    const read = await store.get(stored.key);
    expect(read).toMatchObject({ ...stored, filename: 'Leçon 3.pdf', createdAt: new Date('2026-12-01T09:00:00Z') });
    const bytes = await buffer(read!.stream);
    expect(bytes.equals(PDF)).toBe(true);
    expect(sha256(bytes)).toBe(stored.sha256);
    // Only the content and its metadata: no temporary file stays.
    expect(filesUnder(root).map((path) => path.slice(root.length + 1)).sort()).toEqual([
      `${stored.key.slice(0, 2)}/${stored.key}`,
      `${stored.key.slice(0, 2)}/${stored.key}.json`,
    ]);

    expect(await store.delete(stored.key)).toBe(true);
    expect(await store.exists(stored.key)).toBe(false);
    expect(await store.get(stored.key)).toBeUndefined();
    expect(await store.delete(stored.key)).toBe(false);
    expect(filesUnder(root)).toEqual([]);
  });

  it('refuses a file over the size limit with a French BAD_USER_INPUT and leaves no file behind', async () => {
    const root = await newRoot();
    const store = createLocalBlobStore({ root });
    const big = Buffer.concat([PDF, Buffer.alloc(10 * MB, 0x20)]);
    const chunks = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.subarray(i * 65536, (i + 1) * 65536));
    const error = await refusal(store.put(Readable.from(chunks), { ...attachment('application/pdf'), field: 'attachment' }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachment' });
    expect(error.message).toContain('Le fichier dépasse la taille maximale de 10 Mo.');
    expect(filesUnder(root)).toEqual([]);
  });

  it('believes the bytes, not the name: a PNG sent as a PDF is refused', async () => {
    const root = await newRoot();
    const store = createLocalBlobStore({ root });
    // Even though PNG images are allowed: a file that lies about its type is refused.
    const error = await refusal(store.put(Readable.from([PNG]), { ...attachment('application/pdf'), filename: 'devoir.pdf' }));
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('Ce type de fichier n’est pas accepté (PDF, images, documents bureautiques).');
    const onlyPdf = await refusal(store.put(Readable.from([PNG]), { ...attachment(''), allowedTypes: [FILE_TYPES.pdf] }));
    expect(onlyPdf.message).toContain('Ce type de fichier n’est pas accepté (PDF).');
    expect(filesUnder(root)).toEqual([]);
  });

  it('recognises images, office documents and text, and refuses what it cannot recognise', async () => {
    const store = createLocalBlobStore({ root: await newRoot() });
    const typeOf = async (bytes: Buffer, declared: string, allowedTypes: readonly string[] = ATTACHMENT_TYPES) =>
      (await store.put(Readable.from([bytes]), { contentType: declared, maxBytes: MB, allowedTypes })).contentType;
    expect(await typeOf(PNG, 'image/png')).toBe('image/png');
    expect(await typeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'image/jpg')).toBe('image/jpeg');
    expect(await typeOf(Buffer.from('GIF89a\x01\x00\x01\x00'), '')).toBe('image/gif');
    expect(await typeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '), 'image/webp')).toBe('image/webp');
    const docx = zipOf([
      ['[Content_Types].xml', '<Types/>'],
      ['_rels/.rels', '<Relationships/>'],
      ['word/document.xml', '<w:document/>'],
    ]);
    expect(await typeOf(docx, 'application/octet-stream')).toBe(FILE_TYPES.docx);
    expect(await typeOf(zipOf([['[Content_Types].xml', '<Types/>']]), FILE_TYPES.xlsx)).toBe(FILE_TYPES.xlsx);
    const odt = zipOf([['mimetype', FILE_TYPES.odt], ['content.xml', '<office:document-content/>']]);
    expect(await typeOf(odt, FILE_TYPES.odt)).toBe(FILE_TYPES.odt);
    expect(await typeOf(Buffer.from('Récitation : « Le Corbeau et le Renard »\n'), 'text/plain; charset=utf-8', [FILE_TYPES.text])).toBe(
      'text/plain',
    );

    await refusal(typeOf(docx, FILE_TYPES.odt)); // a Word document calling itself OpenDocument
    await refusal(typeOf(zipOf([['virus.exe', 'MZ']]), 'application/zip')); // a plain archive is not a document
    await refusal(typeOf(Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), 'application/pdf')); // an executable
    await refusal(typeOf(Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml')); // text, but not allowed as such
    await refusal(typeOf(Buffer.from('texte puis \u0000 binaire'), 'text/plain', [FILE_TYPES.text]));
    // Binary further than the sniffed bytes still makes a "text" file refused.
    await refusal(typeOf(Buffer.concat([Buffer.alloc(20_000, 0x41), Buffer.from([0xff, 0xfe, 0])]), 'text/plain', [FILE_TYPES.text]));
    const empty = await refusal(typeOf(Buffer.alloc(0), 'application/pdf'));
    expect(empty.message).toContain('Le fichier est vide.');
  });

  it('leaves nothing when the upload stream fails half-way, and says why', async () => {
    const root = await newRoot();
    const store = createLocalBlobStore({ root });
    const source = new Readable({ read() {} });
    source.push(PDF);
    source.push(Buffer.alloc(100_000, 0x20));
    const put = store.put(source, attachment('application/pdf'));
    // Wait until bytes really are on disk, so the failure happens mid-way and not before the start.
    await expect.poll(() => filesUnder(root).some((path) => path.endsWith('.tmp') && statSync(path).size > 0), { timeout: 30_000 }).toBe(true);
    source.destroy(new Error('connexion perdue'));
    await expect(put).rejects.toThrow('connexion perdue');
    expect(filesUnder(root)).toEqual([]);
  });

  it('keeps concurrent uploads apart', async () => {
    const root = await newRoot();
    const store = createLocalBlobStore({ root });
    const contents = Array.from({ length: 24 }, (_, i) => Buffer.concat([PDF, Buffer.from(`copie n° ${i}\n`.repeat(i * 500))]));
    const stored = await Promise.all(
      contents.map((content) =>
        store.put(
          Readable.from(Array.from({ length: Math.ceil(content.length / 1000) }, (_, i) => content.subarray(i * 1000, (i + 1) * 1000))),
          attachment('application/pdf'),
        ),
      ),
    );
    expect(new Set(stored.map((blob) => blob.key)).size).toBe(contents.length);
    for (const [i, blob] of stored.entries()) {
      expect(blob.sha256).toBe(sha256(contents[i]!));
      expect((await buffer((await store.get(blob.key))!.stream)).equals(contents[i]!)).toBe(true);
    }
    expect(filesUnder(root)).toHaveLength(contents.length * 2);
  });

  it('refuses keys that are not its own, so nobody reaches outside the root', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ent-blobs-'));
    const root = join(parent, 'blobs');
    writeFileSync(join(parent, 'x'), 'not a blob');
    const store = createLocalBlobStore({ root });
    for (const key of ['../x', '../../etc/passwd', '/etc/passwd', 'ab/../../x', '', 'ABCDEF0123456789abcdef0123456789', `${'a'.repeat(32)}.json`]) {
      for (const attempt of [store.get(key), store.exists(key), store.delete(key)]) {
        const error = await refusal(attempt);
        expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'key' });
        expect(error.message).toContain('Identifiant de fichier invalide.');
      }
    }
    expect(await readdir(parent)).toContain('x');
  });

  it('streams a large upload to disk with bounded memory', async () => {
    const root = await newRoot();
    const store = createLocalBlobStore({ root });
    const total = 50 * MB;
    const chunk = 64 * 1024;
    const hash = createHash('sha256');
    let generated = 0;
    let largestBacklog = 0;
    // Counts what was produced but is not yet in the temporary file: that is what sits in memory.
    const onDisk = () => {
      const temporary = filesUnder(root).find((path) => path.endsWith('.tmp'));
      return temporary ? statSync(temporary).size : 0;
    };
    const source = new Readable({
      highWaterMark: chunk,
      read() {
        largestBacklog = Math.max(largestBacklog, generated - onDisk());
        if (generated >= total) return void this.push(null);
        const bytes = Buffer.alloc(chunk, generated / chunk);
        if (generated === 0) PDF.copy(bytes);
        hash.update(bytes);
        generated += bytes.length;
        this.push(bytes);
      },
    });
    const stored = await store.put(source, { ...attachment('application/pdf'), maxBytes: 64 * MB });
    expect(stored.size).toBe(total);
    expect(stored.sha256).toBe(hash.digest('hex'));
    expect(statSync(join(root, stored.key.slice(0, 2), stored.key)).size).toBe(total);
    // A few stream buffers (64 KiB each), never the 50 MB.
    expect(largestBacklog).toBeLessThan(2 * MB);
  });
});
