/** The gallery's pure logic: filters, their choices, and who gets the large pictogram tiles. */
export interface ResourceItem {
  id: string;
  title: string;
  publisher: string;
  thumbnailUrl: string | null;
  typeCode: string;
  typeLabel: string;
  levels: readonly string[];
  subjects: readonly string[];
  favourite: boolean;
  pinned: boolean;
  isNew: boolean;
  recommendations: readonly { teacherName: string; classId: string }[];
}

export interface Filters {
  search: string;
  subject: string;
  level: string;
  type: string;
  favouritesOnly: boolean;
}

export const NO_FILTERS: Filters = { search: '', subject: '', level: '', type: '', favouritesOnly: false };

/** Case- and accent-insensitive. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}

export function applyFilters(resources: readonly ResourceItem[], filters: Filters): ResourceItem[] {
  const search = fold(filters.search);
  return resources.filter(
    (resource) =>
      (!search || fold(resource.title).includes(search) || fold(resource.publisher).includes(search)) &&
      (!filters.subject || resource.subjects.includes(filters.subject)) &&
      (!filters.level || resource.levels.includes(filters.level)) &&
      (!filters.type || resource.typeCode === filters.type) &&
      (!filters.favouritesOnly || resource.favourite),
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** The distinct values present in the list, sorted in French. */
export function choicesOf(resources: readonly ResourceItem[]): { subjects: Choice[]; levels: Choice[]; types: Choice[] } {
  const sorted = (values: Iterable<string>) =>
    [...new Set(values)].filter(Boolean).sort((a, b) => a.localeCompare(b, 'fr')).map((value) => ({ value, label: value }));
  const types = new Map<string, string>();
  for (const resource of resources) if (resource.typeCode) types.set(resource.typeCode, resource.typeLabel || resource.typeCode);
  return {
    subjects: sorted(resources.flatMap((resource) => resource.subjects)),
    levels: sorted(resources.flatMap((resource) => resource.levels)),
    types: [...types].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'fr')),
  };
}

/** Pupils of cycles 1 and 2 (maternelle, CP–CE2) get large pictogram tiles instead of the gallery's cards. */
export function wantsLargeTiles(viewer: { profiles: readonly { profile: string }[]; classes: readonly { cycle: string }[] }): boolean {
  const pupil = viewer.profiles.some((grant) => grant.profile === 'ELEVE');
  return pupil && viewer.classes.length > 0 && viewer.classes.every((schoolClass) => schoolClass.cycle === 'CYCLE_1' || schoolClass.cycle === 'CYCLE_2');
}

/** Administrators of the establishment (or the département) see the administration link. */
export function administers(viewer: { profiles: readonly { profile: string; establishment: { id: string } | null }[] }, establishmentId: string | null): boolean {
  return viewer.profiles.some(
    (grant) => grant.profile === 'ADMIN_DEPARTEMENT' || (grant.profile === 'ADMIN_LOCAL' && grant.establishment?.id === establishmentId),
  );
}

export function isDepartementAdmin(viewer: { profiles: readonly { profile: string }[] }): boolean {
  return viewer.profiles.some((grant) => grant.profile === 'ADMIN_DEPARTEMENT');
}
