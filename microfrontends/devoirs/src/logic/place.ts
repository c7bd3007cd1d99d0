/**
 * Where the person is in the module, kept in the URL so that every screen has an address (back button,
 * bookmarks, the e2e tests): `?devoir=<id>` an assignment, `&eleve=<id>` marking a pupil,
 * `?nouveau=1` the creation form, `?enfant=<id>` a parent's child (as the shell's family links say).
 */
export interface Place {
  assignmentId: string | null;
  pupilId: string | null;
  creating: boolean;
  childId: string | null;
}

export function placeOf(search: string): Place {
  const params = new URLSearchParams(search);
  return {
    assignmentId: params.get('devoir'),
    pupilId: params.get('eleve'),
    creating: params.get('nouveau') === '1',
    childId: params.get('enfant'),
  };
}

export function hrefOf(place: Partial<Place>, basePath = '/devoirs'): string {
  const params = new URLSearchParams();
  if (place.childId) params.set('enfant', place.childId);
  if (place.creating) params.set('nouveau', '1');
  if (place.assignmentId) params.set('devoir', place.assignmentId);
  if (place.pupilId) params.set('eleve', place.pupilId);
  const query = params.toString();
  return query ? `${basePath}?${query}` : basePath;
}

/** Plain text typed by a teacher to the HTML the API keeps: one paragraph per blank line, escaped. */
export function paragraphsOf(plain: string): string {
  const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return plain
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The previous and next pupils of a marking list, around the current one. */
export function neighbours<T extends { pupil: { id: string } }>(works: readonly T[], pupilId: string): { previous: T | null; next: T | null } {
  const index = works.findIndex((work) => work.pupil.id === pupilId);
  if (index < 0) return { previous: null, next: null };
  return { previous: works[index - 1] ?? null, next: works[index + 1] ?? null };
}
