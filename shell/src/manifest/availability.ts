import type { ModuleActivation, Profile, Viewer } from '@ent/ui-kit';
import type { ManifestEntry } from './manifest.js';

/**
 * Where a module stands in an establishment, from the `me` query: `unlisted` when the directory names
 * no such module there — it is then not subject to the waves (the annuaire lists every wave module of
 * every establishment, enabled or not), as for the administration screens.
 */
export type ModuleState = 'enabled' | 'disabled' | 'unlisted';

function modulesOf(viewer: Viewer, establishmentId: string): (readonly ModuleActivation[])[] {
  const lists: (readonly ModuleActivation[])[] = [];
  for (const establishment of viewer.establishments) {
    if (establishment.id === establishmentId && establishment.modules) lists.push(establishment.modules);
  }
  for (const child of viewer.children) {
    for (const schoolClass of child.classes) {
      const establishment = schoolClass.establishment;
      if (establishment.id === establishmentId && establishment.modules) lists.push(establishment.modules);
    }
  }
  return lists;
}

export function moduleState(viewer: Viewer, moduleId: string, establishmentId: string): ModuleState {
  let listed = false;
  for (const modules of modulesOf(viewer, establishmentId)) {
    for (const module of modules) {
      if (module.moduleId !== moduleId) continue;
      if (module.enabled) return 'enabled';
      listed = true;
    }
  }
  return listed ? 'disabled' : 'unlisted';
}

/** Whether a module is open for `establishmentId` (an `always` module is open everywhere). */
export function isOpenIn(entry: ManifestEntry, viewer: Viewer, establishmentId: string): boolean {
  return entry.activation === 'always' || moduleState(viewer, entry.id, establishmentId) !== 'disabled';
}

/**
 * Whether the person holds one of `profiles` where it counts: in the current establishment, or
 * everywhere (département administrator), or as a parent (wherever their children are).
 */
export function holdsProfile(viewer: Viewer, profiles: readonly Profile[], establishmentId: string | null): boolean {
  return viewer.profiles.some(
    (grant) =>
      profiles.includes(grant.profile) &&
      (grant.establishment === null ||
        establishmentId === null ||
        grant.profile === 'PARENT' ||
        grant.establishment.id === establishmentId),
  );
}

/** The establishments a module's route is judged in: the current one, and the children's for a parent. */
function establishmentsToJudge(viewer: Viewer, currentEstablishmentId: string | null): string[] {
  const ids = new Set<string>();
  if (currentEstablishmentId) ids.add(currentEstablishmentId);
  else for (const establishment of viewer.establishments) ids.add(establishment.id);
  if (viewer.profiles.some((grant) => grant.profile === 'PARENT')) {
    for (const child of viewer.children) for (const schoolClass of child.classes) ids.add(schoolClass.establishment.id);
  }
  return [...ids];
}

/**
 * Whether the signed-in person may open a module's route now: they hold one of its profiles, and the
 * module is open in their current establishment (or one of their children's). Otherwise the route
 * shows « module non disponible » — the server refuses the module anyway (MODULE_DISABLED).
 */
export function isModuleAvailable(entry: ManifestEntry, viewer: Viewer | null, currentEstablishmentId: string | null): boolean {
  if (!viewer) return false;
  if (entry.profiles.length > 0 && !holdsProfile(viewer, entry.profiles, currentEstablishmentId)) return false;
  if (entry.activation === 'always') return true;
  const establishments = establishmentsToJudge(viewer, currentEstablishmentId);
  // Nobody's establishment known (a département administrator): nothing forbids it here.
  if (establishments.length === 0) return true;
  return establishments.some((id) => isOpenIn(entry, viewer, id));
}
