import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Viewer } from './auth/viewer.js';
import { type Clock, systemClock } from './clock.js';
import { moduleDisabled } from './errors.js';
import type { Logger } from './logger.js';

/**
 * The functional modules an establishment enables in waves. Vendors' modules add their own id
 * (lower-case, dashes) through the registry; these are the ENT's own. Keep in sync with the shell's
 * tile configuration.
 */
export const MODULES = [
  { id: 'cahier-de-textes', label: 'Cahier de textes' },
  { id: 'devoirs', label: 'Devoirs' },
  { id: 'messagerie', label: 'Messagerie' },
  { id: 'formulaires', label: 'Formulaires' },
  { id: 'ressources-gar', label: 'Ressources numériques' },
] as const;

export const MODULE_ID_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

export interface ModuleInfo {
  id: string;
  label: string;
}

let registryCache: { path: string; mtimeMs: number; modules: ModuleInfo[] } | undefined;

/**
 * Modules registered at run time by vendors (schema's registry file: `ENT_REGISTRY_PATH`, default
 * `<ENT_DATA_DIR or .data>/registry.json`), read again when the file changes. A missing or unreadable
 * file means none.
 */
export function registeredModules(path: string = registryPathOf(process.env)): ModuleInfo[] {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return [];
  }
  if (registryCache?.path === path && registryCache.mtimeMs === mtimeMs) return registryCache.modules;
  let modules: ModuleInfo[] = [];
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { subgraphs?: Array<{ moduleId?: unknown; label?: unknown }> };
    modules = (parsed.subgraphs ?? []).flatMap((entry) =>
      typeof entry.moduleId === 'string' && MODULE_ID_PATTERN.test(entry.moduleId)
        ? [{ id: entry.moduleId, label: typeof entry.label === 'string' ? entry.label : entry.moduleId }]
        : [],
    );
  } catch {
    modules = [];
  }
  registryCache = { path, mtimeMs, modules };
  return modules;
}

function registryPathOf(env: NodeJS.ProcessEnv): string {
  return resolve(env['ENT_REGISTRY_PATH'] || join(env['ENT_DATA_DIR'] || '.data', 'registry.json'));
}

/** The ENT's own modules, then the registered ones (an id of ours is never taken by a vendor). */
export function knownModules(): ModuleInfo[] {
  const own: ModuleInfo[] = MODULES.map((module) => ({ id: module.id, label: module.label }));
  return [...own, ...registeredModules().filter((module) => !own.some((o) => o.id === module.id))];
}

/** One administrator decision: from `effectiveAt` on, the module is enabled (or not) in the establishment. */
export interface ActivationChange {
  establishmentId: string;
  moduleId: string;
  enabled: boolean;
  effectiveAt: Date;
}

export interface ActivationState {
  enabled: boolean;
  /** When the current state began; null when the module was never enabled. */
  since: Date | null;
  /** The next scheduled change, if any. */
  next: { enabled: boolean; effectiveAt: Date } | null;
}

/**
 * The state of a module in an establishment at a given time: the latest change that has taken effect
 * wins; a module never enabled is disabled. One definition, used by the annuaire (which stores the
 * changes) and by every subgraph's gate.
 */
export function activationStateAt(
  changes: readonly ActivationChange[],
  establishmentId: string,
  moduleId: string,
  at: Date,
): ActivationState {
  let current: ActivationChange | undefined;
  let next: ActivationChange | undefined;
  for (const change of changes) {
    if (change.establishmentId !== establishmentId || change.moduleId !== moduleId) continue;
    if (change.effectiveAt.getTime() <= at.getTime()) {
      if (!current || change.effectiveAt.getTime() >= current.effectiveAt.getTime()) current = change;
    } else if (!next || change.effectiveAt.getTime() < next.effectiveAt.getTime()) {
      next = change;
    }
  }
  return {
    enabled: current?.enabled ?? false,
    since: current ? current.effectiveAt : null,
    next: next ? { enabled: next.enabled, effectiveAt: next.effectiveAt } : null,
  };
}

export interface ModuleGateOptions {
  moduleId: string;
  /** The annuaire's `/modules/activations` endpoint. */
  activationsUrl: string;
  clock?: Clock;
  /** How long a fetched state is trusted: changes take effect within this delay (default 30 s). */
  ttlMs?: number;
  logger?: Logger;
  fetcher?: typeof fetch;
}

export interface ModuleGate {
  isEnabled(establishmentId: string): Promise<boolean>;
  /** Throws MODULE_DISABLED (French message naming the module) when disabled in that establishment. */
  assertEnabled(establishmentId: string): Promise<void>;
  /** The establishments, among the viewer's (and their children's, given), where the module is on. */
  enabledEstablishments(establishmentIds: readonly string[]): Promise<string[]>;
  /** Refuses a request when the module is enabled in none of the viewer's establishments. */
  assertEnabledForViewer(viewer: Viewer, extraEstablishmentIds?: readonly string[]): Promise<void>;
}

/**
 * What every module subgraph uses to refuse a disabled module's queries and mutations. It reads the
 * annuaire's activations (the annuaire owns that data) and caches them for `ttlMs`, so an
 * administrator's change takes effect within that delay, without a restart. When the annuaire cannot
 * be reached, the last known state is kept; with none known yet, requests fail (closed).
 */
export function createModuleGate(options: ModuleGateOptions): ModuleGate {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 30_000;
  const fetcher = options.fetcher ?? fetch;
  const label = knownModules().find((module) => module.id === options.moduleId)?.label ?? options.moduleId;
  let cache: { changes: ActivationChange[]; fetchedAt: number } | undefined;
  let inflight: Promise<ActivationChange[]> | undefined;

  const load = async (): Promise<ActivationChange[]> => {
    const url = new URL(options.activationsUrl);
    url.searchParams.set('module', options.moduleId);
    const response = await fetcher(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`module activations: HTTP ${response.status}`);
    const body = (await response.json()) as { changes: Array<Omit<ActivationChange, 'effectiveAt'> & { effectiveAt: string }> };
    return body.changes.map((change) => ({ ...change, effectiveAt: new Date(change.effectiveAt) }));
  };

  const changes = async (): Promise<ActivationChange[]> => {
    const now = clock.now().getTime();
    // A clock set back (tests, NTP) makes the cache stale rather than fresh for ever.
    if (cache && now >= cache.fetchedAt && now - cache.fetchedAt < ttlMs) return cache.changes;
    inflight ??= load()
      .then((loaded) => {
        cache = { changes: loaded, fetchedAt: clock.now().getTime() };
        return loaded;
      })
      .catch((error: unknown) => {
        if (!cache) throw error;
        options.logger?.warn({ err: error, moduleId: options.moduleId }, 'module activations unavailable; keeping the last known state');
        return cache.changes;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  const isEnabled = async (establishmentId: string) =>
    activationStateAt(await changes(), establishmentId, options.moduleId, clock.now()).enabled;

  const enabledEstablishments = async (establishmentIds: readonly string[]) => {
    const known = await changes();
    const now = clock.now();
    return [...new Set(establishmentIds)].filter((id) => activationStateAt(known, id, options.moduleId, now).enabled);
  };

  return {
    isEnabled,
    enabledEstablishments,
    async assertEnabled(establishmentId) {
      if (!(await isEnabled(establishmentId))) throw moduleDisabled(label);
    },
    async assertEnabledForViewer(viewer, extraEstablishmentIds = []) {
      const own = viewer.profiles.flatMap((grant) => (grant.establishmentId ? [grant.establishmentId] : []));
      // The département administrator oversees every establishment, whatever their waves.
      if (viewer.profiles.some((grant) => grant.profile === 'ADMIN_DEPARTEMENT')) return;
      if ((await enabledEstablishments([...own, ...extraEstablishmentIds])).length === 0) throw moduleDisabled(label);
    },
  };
}
