import type { Kysely } from 'kysely';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirectoryLock, DirectoryLockedError } from '../src/database/directoryLock.js';
import { openDatabase } from '../src/database/openDatabase.js';

const dir = () => join(mkdtempSync(join(tmpdir(), 'ent-lock-')), 'annuaire');

describe('acquireDirectoryLock', () => {
  it('refuses a second opener while the first holds the lock, then lets it in once released', async () => {
    const directory = dir();
    // The holder must be another live process: a lock of our own pid would be ours.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      writeFileSync(`${directory}.lock`, JSON.stringify({ pid: holder.pid, host: hostname(), since: new Date().toISOString() }));
      expect(() => acquireDirectoryLock(directory)).toThrowError(DirectoryLockedError);
      expect(() => acquireDirectoryLock(directory)).toThrowError(/déjà ouverte par le processus/);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const lock = acquireDirectoryLock(directory);
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const directory = dir();
    writeFileSync(`${directory}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2026-01-01' }));
    const lock = acquireDirectoryLock(directory);
    lock.release();
  });

  it('makes openDatabase refuse a data directory already open, and leaves the first one working', async () => {
    const directory = dir();
    const migrations = {
      '2026_01_01_0000_create_notes': {
        up: async (db: Kysely<unknown>) => {
          await db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
        },
      },
    };
    const first = await openDatabase({ subgraph: 'annuaire', migrations, dataDir: directory });
    try {
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { openDatabase } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
           try { await openDatabase({ subgraph: 'annuaire', migrations: {}, dataDir: ${JSON.stringify(directory)} }); console.log('opened'); }
           catch (e) { console.log(e.name); }`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      await new Promise((resolve) => child.once('exit', resolve));
      expect(output.trim()).toBe('DirectoryLockedError');
      // biome-ignore lint/suspicious/noExplicitAny: untyped test table
      await (first.db as any).insertInto('notes').values({ id: 1 }).execute();
    } finally {
      await first.close();
    }
  });
});
