import type { Profile, Viewer, ViewerChild } from '@ent/ui-kit';

/** Which screen the page shows the person, from their profile in the current establishment. */
export type Audience = 'teacher' | 'direction' | 'pupil' | 'parent' | 'none';

type ViewerLike = Pick<Viewer, 'profiles' | 'children'>;

/** A teacher who is also a parent works as a teacher here; a family link (`?enfant=`) opens the family view. */
export function audienceOf(viewer: ViewerLike, establishmentId: string | null, childId: string | null): Audience {
  const profiles = new Set<Profile>(
    viewer.profiles
      .filter((grant) => grant.profile === 'PARENT' || !establishmentId || grant.establishment?.id === establishmentId)
      .map((grant) => grant.profile),
  );
  if (childId && viewer.children.length > 0) return 'parent';
  if (profiles.has('ENSEIGNANT')) return 'teacher';
  if (profiles.has('DIRECTION')) return 'direction';
  if (profiles.has('ELEVE')) return 'pupil';
  if (profiles.has('PARENT') || viewer.children.length > 0) return 'parent';
  return 'none';
}

/** The child the page is about: the one in `?enfant=`, else the first. */
export function chooseChild(children: readonly ViewerChild[], wanted: string | null): ViewerChild | null {
  return children.find((child) => child.id === wanted) ?? children[0] ?? null;
}
