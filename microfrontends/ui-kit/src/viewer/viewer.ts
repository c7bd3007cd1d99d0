import { useSyncExternalStore } from 'react';
import { session } from '../api/session.js';
import type { Preferences } from '../preferences/preferences.js';
import { createStore } from '../store.js';

export type Profile = 'ELEVE' | 'PARENT' | 'ENSEIGNANT' | 'DIRECTION' | 'PERSONNEL' | 'ADMIN_LOCAL' | 'ADMIN_DEPARTEMENT';
export type Cycle = 'CYCLE_1' | 'CYCLE_2' | 'CYCLE_3' | 'CYCLE_4' | 'LYCEE' | 'SUPERIEUR';

export const PROFILES: readonly Profile[] = [
  'ELEVE',
  'PARENT',
  'ENSEIGNANT',
  'DIRECTION',
  'PERSONNEL',
  'ADMIN_LOCAL',
  'ADMIN_DEPARTEMENT',
];
export const CYCLES: readonly Cycle[] = ['CYCLE_1', 'CYCLE_2', 'CYCLE_3', 'CYCLE_4', 'LYCEE', 'SUPERIEUR'];

export interface EstablishmentRef {
  id: string;
  name: string;
  type: string;
}

/** Whether a module is open in an establishment (« modules in waves »). */
export interface ModuleActivation {
  moduleId: string;
  enabled: boolean;
}

export interface ViewerEstablishment extends EstablishmentRef {
  modules: readonly ModuleActivation[];
}

export interface ProfileGrant {
  profile: Profile;
  /** Null for the département administrator. */
  establishment: EstablishmentRef | null;
  functionLabel: string | null;
}

export interface ViewerClass {
  id: string;
  name: string;
  level: string;
  cycle: Cycle;
  establishment: { id: string };
}

export interface ChildClass {
  id: string;
  name: string;
  level: string;
  cycle: Cycle;
  establishment: { id: string; name: string; modules: readonly ModuleActivation[] };
}

/** A child of a parent, with the summary fields of the installed modules (see docs/micro-frontends.md). */
export interface ViewerChild {
  id: string;
  firstName: string;
  displayName: string;
  classes: readonly ChildClass[];
  [summaryField: string]: unknown;
}

export interface ViewerTeaching {
  subject: string;
  headTeacher: boolean;
  class: { id: string; name: string; pupilCount: number } | null;
}

/**
 * The signed-in person as the portal's `me` query returns them, with the summary fields of the
 * installed modules. Micro-frontends read it with `useViewer()` instead of asking again.
 */
export interface Viewer {
  id: string;
  displayName: string;
  firstName: string;
  profiles: readonly ProfileGrant[];
  establishments: readonly ViewerEstablishment[];
  classes: readonly ViewerClass[];
  children: readonly ViewerChild[];
  teachings: readonly ViewerTeaching[];
  preferences: Preferences | null;
  [summaryField: string]: unknown;
}

const viewerStore = createStore<Viewer | null>(null);
const establishmentStore = createStore<string | null>(null);

const storageKey = (userId: string) => `ent.establishment.${userId}`;

function readStoredEstablishment(userId: string): string | null {
  try {
    return globalThis.localStorage?.getItem(storageKey(userId)) ?? null;
  } catch {
    return null;
  }
}

/**
 * The establishments the person works or studies in, for the header's switcher: those of their
 * profiles other than PARENT (a parent's establishments are their children's, shown per child).
 */
export function establishmentsOf(viewer: Viewer): ViewerEstablishment[] {
  const byId = new Map(viewer.establishments.map((establishment) => [establishment.id, establishment]));
  const seen = new Set<string>();
  const result: ViewerEstablishment[] = [];
  for (const grant of viewer.profiles) {
    const ref = grant.establishment;
    if (grant.profile === 'PARENT' || !ref || seen.has(ref.id)) continue;
    seen.add(ref.id);
    result.push(byId.get(ref.id) ?? { ...ref, modules: [] });
  }
  return result;
}

/** Whether `moduleId` is enabled in `establishmentId`, from what the `me` query said. */
export function isModuleEnabled(viewer: Viewer, moduleId: string, establishmentId: string): boolean {
  const lists: (readonly ModuleActivation[])[] = [];
  for (const establishment of viewer.establishments) if (establishment.id === establishmentId) lists.push(establishment.modules);
  for (const child of viewer.children)
    for (const schoolClass of child.classes)
      if (schoolClass.establishment.id === establishmentId) lists.push(schoolClass.establishment.modules);
  return lists.some((modules) => modules.some((module) => module.moduleId === moduleId && module.enabled));
}

/** Replaces the person's data (the shell does, after its `me` query); null when signed out. */
export function setViewer(viewer: Viewer | null): void {
  viewerStore.set(viewer);
  if (!viewer) {
    establishmentStore.set(null);
    return;
  }
  const candidates = establishmentsOf(viewer);
  const current = establishmentStore.get();
  if (current && candidates.some((establishment) => establishment.id === current)) return;
  const stored = readStoredEstablishment(viewer.id);
  const chosen = candidates.find((establishment) => establishment.id === stored) ?? candidates[0];
  establishmentStore.set(chosen?.id ?? null);
}

export function getViewer(): Viewer | null {
  return viewerStore.get();
}

export function onViewerChange(listener: () => void): () => void {
  const stopViewer = viewerStore.subscribe(listener);
  const stopEstablishment = establishmentStore.subscribe(listener);
  return () => {
    stopViewer();
    stopEstablishment();
  };
}

export function useViewer(): Viewer | null {
  return useSyncExternalStore(viewerStore.subscribe, viewerStore.get);
}

export function getCurrentEstablishmentId(): string | null {
  return establishmentStore.get();
}

/** The establishment the person is working in now (the header's switcher); remembered per person. */
export function setCurrentEstablishment(establishmentId: string): void {
  const viewer = viewerStore.get();
  if (!viewer || !establishmentsOf(viewer).some((establishment) => establishment.id === establishmentId)) return;
  establishmentStore.set(establishmentId);
  try {
    globalThis.localStorage?.setItem(storageKey(viewer.id), establishmentId);
  } catch {
    // Storage refused (private browsing): the choice lasts for this page only.
  }
}

export function useCurrentEstablishmentId(): string | null {
  return useSyncExternalStore(establishmentStore.subscribe, establishmentStore.get);
}

/** The current establishment with its modules, or null (a parent only, the département administrator). */
export function useCurrentEstablishment(): ViewerEstablishment | null {
  const viewer = useViewer();
  const id = useCurrentEstablishmentId();
  if (!viewer || !id) return null;
  return establishmentsOf(viewer).find((establishment) => establishment.id === id) ?? null;
}

session.onSessionChange(() => {
  const current = session.getSession();
  const viewer = viewerStore.get();
  if (!current || (viewer && viewer.id !== current.user.id)) setViewer(null);
});
