import type { Cycle, Profile, Viewer, ViewerChild } from '@ent/ui-kit';

/** Which screen the page shows the person, from their profile in the current establishment. */
export type Audience = 'teacher' | 'direction' | 'pupil' | 'parent' | 'none';

/** How a pupil's « À faire » reads: cycle 1 sees the day in class, cycle 2 a simplified list, others the full one. */
export type PupilMode = 'today' | 'simple' | 'standard';

type ViewerLike = Pick<Viewer, 'profiles' | 'children' | 'classes'>;

function profilesIn(viewer: ViewerLike, establishmentId: string | null): Set<Profile> {
  return new Set(
    viewer.profiles
      .filter((grant) => grant.profile === 'PARENT' || !establishmentId || grant.establishment?.id === establishmentId)
      .map((grant) => grant.profile),
  );
}

/** A teacher who is also a parent plans as a teacher here; the family view stays one link away (?vue=famille). */
export function audienceOf(viewer: ViewerLike, establishmentId: string | null, family = false): Audience {
  const profiles = profilesIn(viewer, establishmentId);
  if (family && viewer.children.length > 0) return 'parent';
  if (profiles.has('ENSEIGNANT')) return 'teacher';
  if (profiles.has('DIRECTION')) return 'direction';
  if (profiles.has('ELEVE')) return 'pupil';
  if (profiles.has('PARENT') || viewer.children.length > 0) return 'parent';
  return 'none';
}

/** The cycle of the pupil's class, the shell's way (shell/src/tiles/selectHome.ts): the current establishment's first. */
export function pupilCycle(viewer: Pick<Viewer, 'classes'>, establishmentId: string | null): Cycle | null {
  const here = viewer.classes.filter((schoolClass) => schoolClass.establishment.id === establishmentId);
  return (here[0] ?? viewer.classes[0])?.cycle ?? null;
}

export function pupilMode(cycle: Cycle | null): PupilMode {
  if (cycle === 'CYCLE_1') return 'today';
  if (cycle === 'CYCLE_2') return 'simple';
  return 'standard';
}

/** The child the page is about: the one in `?enfant=`, else the first. */
export function chooseChild(children: readonly ViewerChild[], wanted: string | null): ViewerChild | null {
  return children.find((child) => child.id === wanted) ?? children[0] ?? null;
}

/** Whether the child's establishment has opened the module (what the annuaire told the portal). */
export function moduleOpenFor(child: ViewerChild, moduleId = 'cahier-de-textes'): boolean {
  const schoolClass = child.classes[0];
  if (!schoolClass) return false;
  return schoolClass.establishment.modules.some((module) => module.moduleId === moduleId && module.enabled);
}

export interface TaughtClass {
  id: string;
  name: string;
  pupilCount: number;
  subjects: string[];
}

/** The classes a teacher may write in, each with the subjects they teach there, by name. */
export function taughtClasses(teachings: Viewer['teachings']): TaughtClass[] {
  const byId = new Map<string, TaughtClass>();
  for (const teaching of teachings) {
    if (!teaching.class) continue;
    const entry = byId.get(teaching.class.id) ?? { id: teaching.class.id, name: teaching.class.name, pupilCount: teaching.class.pupilCount, subjects: [] };
    if (!entry.subjects.includes(teaching.subject)) entry.subjects.push(teaching.subject);
    byId.set(teaching.class.id, entry);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr', { numeric: true }));
}
