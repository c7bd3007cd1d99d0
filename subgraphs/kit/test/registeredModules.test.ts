import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownModules, MODULES, registeredModules } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kit-registry-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env['ENT_REGISTRY_PATH'];
});

describe('modules registered by vendors', () => {
  it('reads the registry file, follows its changes, ignores bad ids and never shadows our own', () => {
    const path = join(dir, 'registry.json');
    expect(registeredModules(path)).toEqual([]);
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        subgraphs: [
          { moduleId: 'vie-scolaire', label: 'Vie scolaire' },
          { moduleId: 'Bad Id', label: 'x' },
          { moduleId: 'devoirs', label: 'Faux devoirs' },
        ],
      }),
    );
    expect(registeredModules(path).map((m) => m.id)).toEqual(['vie-scolaire', 'devoirs']);
    process.env['ENT_REGISTRY_PATH'] = path;
    const known = knownModules();
    expect(known.slice(0, MODULES.length).map((m) => m.id)).toEqual(MODULES.map((m) => m.id));
    expect(known.find((m) => m.id === 'devoirs')?.label).toBe('Devoirs');
    expect(known.at(-1)).toEqual({ id: 'vie-scolaire', label: 'Vie scolaire' });

    writeFileSync(path, JSON.stringify({ version: 1, subgraphs: [] }));
    // A later modification time, as a new write gives (the cache follows the file's mtime).
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    expect(registeredModules(path)).toEqual([]);
    writeFileSync(path, 'not json');
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    expect(registeredModules(path)).toEqual([]);
  });
});
