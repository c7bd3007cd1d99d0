import { isDate } from './dates.js';

/** What the page shows, kept in its URL (/cahier-de-textes?semaine=…&classe=…&enfant=…) so links and reloads keep it. */
export interface Place {
  /** Any day of the week shown (null: this week). */
  week: string | null;
  /** Teacher: the class shown (null: all their classes); direction: the class browsed. */
  classId: string | null;
  /** Parent: the child shown. */
  childId: string | null;
  /** Direction: the period browsed. */
  from: string | null;
  to: string | null;
  /** A teacher who is also a parent asks for the family view. */
  family: boolean;
}

export function placeOf(search: string): Place {
  const params = new URLSearchParams(search);
  const date = (name: string) => {
    const value = params.get(name);
    return isDate(value) ? value : null;
  };
  return {
    week: date('semaine'),
    classId: params.get('classe') || null,
    childId: params.get('enfant') || null,
    from: date('du'),
    to: date('au'),
    family: params.get('vue') === 'famille',
  };
}

export function hrefOf(place: Partial<Place>, base = '/cahier-de-textes'): string {
  const params = new URLSearchParams();
  if (place.family) params.set('vue', 'famille');
  if (place.childId) params.set('enfant', place.childId);
  if (place.classId) params.set('classe', place.classId);
  if (place.week) params.set('semaine', place.week);
  if (place.from) params.set('du', place.from);
  if (place.to) params.set('au', place.to);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
