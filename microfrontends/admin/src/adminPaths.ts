/** The admin micro-frontend's route (keep in sync with ent-module.json). */
export const ADMIN_ROUTE = '/admin';

export type AdminSection = 'modules' | 'directory' | 'imports';

/** URL segments are French, like everything a person reads; the code's names stay English. */
const SEGMENTS: Record<AdminSection, string> = { modules: 'modules', directory: 'annuaire', imports: 'imports' };

export interface AdminPlace {
  section: AdminSection;
  establishmentId: string | null;
  classId: string | null;
}

/** Where a URL points within the admin screens: `/admin/annuaire?etablissement=…&classe=…`. */
export function placeOf(pathname: string, search: string): AdminPlace {
  const rest = pathname.startsWith(ADMIN_ROUTE) ? pathname.slice(ADMIN_ROUTE.length).replace(/^\/+|\/+$/g, '') : '';
  const section = (Object.keys(SEGMENTS) as AdminSection[]).find((key) => SEGMENTS[key] === rest) ?? 'modules';
  const params = new URLSearchParams(search);
  return {
    section,
    establishmentId: params.get('etablissement') || null,
    classId: section === 'directory' ? params.get('classe') || null : null,
  };
}

/** The URL of a place; the establishment is kept when moving between sections. */
export function hrefOf(place: Partial<AdminPlace> & { section: AdminSection }): string {
  const params = new URLSearchParams();
  if (place.establishmentId) params.set('etablissement', place.establishmentId);
  if (place.section === 'directory' && place.classId) params.set('classe', place.classId);
  const query = params.toString();
  return `${ADMIN_ROUTE}/${SEGMENTS[place.section]}${query ? `?${query}` : ''}`;
}
