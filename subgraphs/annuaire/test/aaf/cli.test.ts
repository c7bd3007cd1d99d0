import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDirectoryLock, EXIT_CONFIG } from '@ent/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../src/aaf/cli.js';
import { removeDir, tempDir, writeDepartement } from './helpers.js';

const dataRoot = tempDir('aaf-cli-data-');
const feed = tempDir('aaf-cli-feed-');
writeDepartement(feed);
afterAll(() => {
  removeDir(dataRoot);
  removeDir(feed);
});

/** The command line against its own embedded database (never the PostgreSQL of test:pg: it would use the shared « annuaire » schema). */
function io(): CliIo & { output: string[]; errors: string[] } {
  const output: string[] = [];
  const errors: string[] = [];
  return {
    env: { ENT_DATA_DIR: dataRoot, PATH: process.env['PATH'] },
    out: (text) => output.push(text),
    err: (text) => errors.push(text),
    tty: false,
    output,
    errors,
  };
}

describe('npm run aaf:import', () => {
  it('refuses to run while another process holds the embedded database, with the kit’s French message', async () => {
    const lock = acquireDirectoryLock(join(dataRoot, 'annuaire'));
    try {
      const cli = io();
      expect(await runCli([feed], cli)).toBe(EXIT_CONFIG);
      expect(cli.errors.join('\n')).toMatch(/est déjà ouverte par le processus \d+/);
    } finally {
      lock.release();
    }
  });

  it('--dry-run prints the changes per establishment and writes nothing; the real run then prints the same counts', async () => {
    const dry = io();
    const changes = join(dataRoot, 'changes.txt');
    expect(await runCli(['--dry-run', '--changes', changes, feed], dry)).toBe(0);
    const printed = dry.output.join('\n');
    expect(printed).toContain('Simulation d’import AAF (rien n’est écrit) — année');
    expect(printed).toContain('0921234A CLG-JEAN MOULIN : 9 créé(s), 0 mis à jour, 0 déplacé(s), 0 désactivé(s), 0 réactivé(s) ; 5 structure(s)');
    expect(printed).toContain('+ élève 1001 Léa Martin');
    expect(printed).toMatch(/mémoire maximale : \d+ Mo/);
    // 14 people; 3 establishments, 7 classes, 1 group, 3 subjects and 3 MEFs.
    expect(readFileSync(changes, 'utf8').split('\n').filter(Boolean)).toHaveLength(14 + 17);
    // Progress lines go to stderr when there is no terminal.
    expect(dry.errors.some((line) => line.startsWith('contrôle ENT2D_Complet_20260901_Eleve_0000.xml'))).toBe(true);

    const real = io();
    expect(await runCli(['--no-progress', '--actor', 'cli:test', feed], real)).toBe(0);
    expect(real.output.join('\n')).toContain('0921234A CLG-JEAN MOULIN : 9 créé(s)');
    expect(real.errors).toEqual([]);

    const again = io();
    expect(await runCli(['--no-progress', feed], again)).toBe(0);
    expect(again.output.join('\n')).toContain('Total : 0 créé(s), 0 mis à jour, 0 déplacé(s), 0 désactivé(s), 0 réactivé(s), 0 structure(s)');

    const purge = io();
    expect(await runCli(['--purge-expired'], purge)).toBe(0);
    expect(purge.output).toEqual(['Données personnelles effacées : 0 compte(s).']);
  });

  it('explains its usage', async () => {
    const cli = io();
    expect(await runCli([join(feed, 'missing')], cli)).toBe(64);
    expect(cli.errors.join('\n')).toContain('Répertoire introuvable');
    expect(cli.errors.join('\n')).toContain('--dry-run');
  });
});
