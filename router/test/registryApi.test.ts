import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ent/kit';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestEntryOf, registeredModules } from '../src/registryApi.js';

const dir = mkdtempSync(join(tmpdir(), 'router-registry-'));
const bundleDir = join(dir, 'bundles', 'notes');
const staticDir = join(dir, 'shell');
let url: string;
let close: () => void;

beforeAll(async () => {
  mkdirSync(bundleDir, { recursive: true });
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(bundleDir, 'notes.js'), 'export const bootstrap = async () => {};');
  writeFileSync(join(bundleDir, 'notes.css'), '.notes {}');
  writeFileSync(join(dir, 'secret.txt'), 'not to be served');
  writeFileSync(join(staticDir, 'manifest.json'), JSON.stringify([{ id: 'admin', bundle: '/modules/admin/admin.js' }]));
  const module = { id: 'notes', tile: { label: 'Notes', profiles: ['ELEVE'] }, summaryFields: 'noteSummary { count }' };
  writeFileSync(
    join(dir, 'registry.json'),
    JSON.stringify({ version: 1, subgraphs: [{ name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', label: 'Notes', sdl: '', bundleDir, module, registeredAt: '' }] }),
  );
  const app = express();
  app.use(registeredModules({ registryPath: join(dir, 'registry.json'), builtinListPath: '', bundleRoots: [dir] }, staticDir, silentLogger));
  app.use((_req, res) => {
    res.status(404).end();
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  close = () => server.close();
});

afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('registered modules in the portal', () => {
  it('adds the registered module to the built manifest, bundle and styles as URLs of our origin', async () => {
    const response = await fetch(`${url}/manifest.json`);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const manifest = (await response.json()) as Array<Record<string, unknown>>;
    expect(manifest.map((entry) => entry['id'])).toEqual(['admin', 'notes']);
    expect(manifest[1]).toMatchObject({
      route: '/notes',
      bundle: '/modules/notes/notes.js',
      styles: ['/modules/notes/notes.css'],
      activation: 'establishment',
      profiles: ['ELEVE'],
      summaryFields: 'noteSummary { count }',
      tile: { label: 'Notes', counts: [] },
    });
  });

  it('serves the bundle from the registered folder, and nothing outside it', async () => {
    const bundle = await fetch(`${url}/modules/notes/notes.js`);
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toContain('bootstrap');
    expect((await fetch(`${url}/modules/notes/..%2F..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${url}/modules/notes/%2e%2e/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${url}/modules/other/notes.js`)).status).toBe(404);
  });

  it('leaves a subgraph without micro-frontend out of the manifest', () => {
    expect(
      manifestEntryOf({ name: 'api-only', url: 'http://x/graphql', moduleId: 'api-only', label: 'API', sdl: '', bundleDir: null, module: null, registeredAt: '' }),
    ).toBeNull();
  });
});
