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
