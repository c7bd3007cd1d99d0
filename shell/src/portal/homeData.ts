import { type ApiError, getViewer, isApiError, session, setViewer } from '@ent/ui-kit';
import { useSyncExternalStore } from 'react';
import { loadHome, type QueryLevel } from '../home/homeQuery.js';
import type { Manifest } from '../manifest/manifest.js';

/**
 * The signed-in person's data, loaded by the portal's one `me` query and shared through the ui-kit's
 * viewer store (the header, the home page, the root config's routing and the modules all read it).
 */
export interface HomeDataState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: ApiError | Error | null;
  level: QueryLevel | null;
  loadedAt: number;
}

let state: HomeDataState = { status: 'idle', error: null, level: null, loadedAt: 0 };
const listeners = new Set<() => void>();
let inFlight: Promise<void> | null = null;

function update(next: Partial<HomeDataState>): void {
  state = { ...state, ...next };
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useHomeData(): HomeDataState {
  return useSyncExternalStore(subscribe, () => state);
}

/** Loads (or reloads, keeping what is on screen) the person's data. */
export function loadHomeData(manifest: Manifest): Promise<void> {
  inFlight ??= (async () => {
    const userId = session.getSession()?.user.id;
    update({ status: getViewer() ? 'ready' : 'loading', error: null });
    try {
      const { viewer, level } = await loadHome(manifest);
      // Signed out or someone else signed in meanwhile: this answer is stale.
      if (session.getSession()?.user.id !== userId) return;
      setViewer(viewer);
      update({ status: 'ready', level, loadedAt: Date.now() });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      update({ status: getViewer() ? 'ready' : 'error', error: error instanceof Error ? error : new Error(String(error)) });
    }
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

export function resetHomeData(): void {
  update({ status: 'idle', error: null, level: null, loadedAt: 0 });
}
