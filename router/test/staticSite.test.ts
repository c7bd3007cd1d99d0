import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineScriptHashes } from '../src/staticSite.js';
import { type Stack, startStack } from './fixtures.js';

const IMPORT_MAP = '{"imports":{"react":"/vendor/react.js"}}';
const INDEX = `<!doctype html><html lang="fr"><head><script type="importmap">${IMPORT_MAP}</script>
<script type="module" src="/shell.js"></script></head><body><div id="root"></div></body></html>`;

describe('with a built shell', () => {
  let stack: Stack;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ent-shell-'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'shell.js'), 'export const shell = true;\n');
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'app.css'), 'body { margin: 0 }\n');
    stack = await startStack({ staticDir: dir });
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with a policy that admits its import map by hash', async () => {
    const response = await fetch(`${stack.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toBe(INDEX);
    const hash = createHash('sha256').update(IMPORT_MAP).digest('base64');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives index.html asked for by name the same policy as at /', async () => {
    const byName = await fetch(`${stack.url}/index.html`);
    expect(await byName.text()).toBe(INDEX);
    const hash = createHash('sha256').update(IMPORT_MAP).digest('base64');
    expect(byName.headers.get('content-security-policy')).toContain(`'sha256-${hash}'`);
  });

  it('sends scripts and styles compressed to clients that accept it, and plain to the others', async () => {
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const { request } = await import('node:http');
    // fetch would decompress on its own; a raw request shows what travels.
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        request(`${stack.url}${path}`, { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const br = await raw('/shell.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe('export const shell = true;\n');
    const gz = await raw('/assets/app.css', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe('body { margin: 0 }\n');
    const plain = await raw('/shell.js', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe('export const shell = true;\n');
    const unchanged = await raw('/shell.js', { 'accept-encoding': 'br', 'if-modified-since': String(br.headers['last-modified']) });
    expect(unchanged.status).toBe(304);
    const outside = await raw('/..%2f..%2fetc%2fpasswd.js', { 'accept-encoding': 'br' });
    expect(outside.status).not.toBe(200);
  });

  it('serves the shell’s files', async () => {
    const script = await fetch(`${stack.url}/shell.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    const style = await fetch(`${stack.url}/assets/app.css`);
    expect(await style.text()).toBe('body { margin: 0 }\n');
  });

  it('answers page routes with index.html (single-page fallback), not missing files or API paths', async () => {
    for (const path of ['/cahier-de-textes', '/devoirs/a-rendre/42']) {
      const page = await fetch(`${stack.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(INDEX);
    }
    expect((await fetch(`${stack.url}/assets/absent.js`)).status).toBe(404);
    expect((await fetch(`${stack.url}/graphql`)).status).toBe(403);
    expect((await fetch(`${stack.url}/health`)).headers.get('content-type')).toContain('application/json');
  });
});

describe('without a built shell', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers / with a French page pointing to /graphql', async () => {
    const response = await fetch(`${stack.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Le portail n’est pas encore construit');
    expect(html).toContain('<code>/graphql</code>');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('does not pretend other pages exist', async () => {
    expect((await fetch(`${stack.url}/cahier-de-textes`)).status).toBe(404);
  });
});

describe('inline script hashes', () => {
  it('hashes inline scripts only', () => {
    const hashes = inlineScriptHashes('<script>a()</script><script src="/x.js"></script><script type="importmap">{}</script>');
    expect(hashes).toEqual([
      `sha256-${createHash('sha256').update('a()').digest('base64')}`,
      `sha256-${createHash('sha256').update('{}').digest('base64')}`,
    ]);
  });
});
