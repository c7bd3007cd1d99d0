import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@ent/kit';

export type SupergraphReload =
  | { status: 'updated' }
  | { status: 'unchanged' }
  | { status: 'invalid'; error: Error };

export interface SupergraphFile {
  /** Hand to `new ApolloGateway({ supergraphSdl })`. */
  manager: SupergraphManager;
  /** Reads the file again and hands it to the gateway when it changed (what the watcher calls). */
  reload(): Promise<SupergraphReload>;
  /** Called after every reload, whatever its outcome; returns the unsubscribe function. */
  onReload(listener: (result: SupergraphReload) => void): () => void;
}

export interface SupergraphFileOptions {
  logger: Logger;
  /** Watch the file and reload on change (default true). */
  watch?: boolean;
  /** Changes closer together than this make one reload. */
  debounceMs?: number;
}

/**
 * Serves the gateway from a supergraph file and keeps it current. The gateway's `update` swaps schema
 * and query planner between two requests, so requests in flight finish on the plan they started with.
 * A new file the gateway refuses (not a supergraph, half written) is logged and the old one stays.
 */
export function supergraphFile(path: string, options: SupergraphFileOptions): SupergraphFile {
  const { logger } = options;
  const listeners = new Set<(result: SupergraphReload) => void>();
  let update: ((sdl: string) => void) | undefined;
  let current: string | undefined;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  // One reload at a time: the gateway refuses `update` while another is in progress.
  let queue: Promise<unknown> = Promise.resolve();

  const apply = async (): Promise<SupergraphReload> => {
    if (!update) return { status: 'unchanged' };
    let sdl: string;
    try {
      sdl = await readFile(path, 'utf8');
    } catch (error) {
      return { status: 'invalid', error: error as Error };
    }
    if (sdl === current) return { status: 'unchanged' };
    try {
      update(sdl);
    } catch (error) {
      return { status: 'invalid', error: error as Error };
    }
    current = sdl;
    return { status: 'updated' };
  };

  const reload = (): Promise<SupergraphReload> => {
    const next = queue.then(apply).then((result) => {
      if (result.status === 'updated') logger.info({ path }, 'supergraph reloaded');
      else if (result.status === 'invalid')
        logger.error({ path, err: result.error }, 'new supergraph refused; still serving the previous one');
      for (const listener of listeners) listener(result);
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const startWatching = () => {
    const name = basename(path);
    // The directory, not the file: `compose` replaces the file by renaming over it, which ends a watch
    // on the old inode.
    watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
      if (filename && filename !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), options.debounceMs ?? 100);
    });
    watcher.on('error', (error) => logger.error({ path, err: error }, 'supergraph watcher failed; hot reload stopped'));
  };

  return {
    manager: {
      initialize: async ({ update: gatewayUpdate }) => {
        update = gatewayUpdate;
        current = await readFile(path, 'utf8');
        if (options.watch ?? true) startWatching();
        return {
          supergraphSdl: current,
          cleanup: async () => {
            clearTimeout(timer);
            watcher?.close();
            update = undefined;
          },
        };
      },
    },
    reload,
    onReload(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
