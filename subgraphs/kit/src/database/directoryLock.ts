import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export class DirectoryLockedError extends Error {
  constructor(
    readonly directory: string,
    readonly holderPid: number,
  ) {
    super(
      `La base de données embarquée « ${directory} » est déjà ouverte par le processus ${holderPid}. ` +
        'Un autre « npm start » tourne-t-il déjà ? Arrêtez-le, ou passez par le service en cours ' +
        'd’exécution plutôt que d’ouvrir ses données directement.',
    );
    this.name = 'DirectoryLockedError';
  }
}

export interface DirectoryLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite does not lock its data directory, and two processes opening the same one silently overwrite
 * each other's writes. This lock file, created with O_EXCL beside the directory, makes a second opener
 * fail with a clear message; a lock left by a dead process on this host is taken over.
 */
export function acquireDirectoryLock(directory: string): DirectoryLock {
  const path = `${directory.replace(/\/+$/, '')}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          unlinkSync(path);
        } catch {
          // already gone: nothing to release
        }
      };
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder && holder.host === hostname() && holder.pid !== process.pid && !isAlive(holder.pid)) {
        unlinkSync(path);
        continue;
      }
      throw new DirectoryLockedError(directory, holder?.pid ?? -1);
    }
  }
  throw new DirectoryLockedError(directory, -1);
}

function readHolder(path: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return { pid: parsed.pid, host: parsed.host };
  } catch {
    // unreadable lock: treated as held by an unknown process
  }
  return undefined;
}
