/** The micro-frontend's places, each with its own URL under /formulaires (bookmarkable, back button). */
export type Place =
  | { view: 'home' }
  | { view: 'new'; template: string | null }
  | { view: 'edit'; formId: string }
  | { view: 'respond'; formId: string; childId: string | null }
  | { view: 'results'; formId: string }
  | { view: 'bookings' };

const BASE = '/formulaires';
const ID = /^[0-9a-f-]{36}$/i;

export function placeOf(pathname: string, search: string): Place {
  const params = new URLSearchParams(search);
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts[0] !== 'formulaires') return { view: 'home' };
  const [, first, second] = parts;
  if (first === 'nouveau') return { view: 'new', template: params.get('modele') };
  if (first === 'reservations') return { view: 'bookings' };
  if (first && ID.test(first)) {
    if (second === 'modifier') return { view: 'edit', formId: first };
    if (second === 'resultats') return { view: 'results', formId: first };
    if (second === 'repondre') return { view: 'respond', formId: first, childId: params.get('enfant') };
  }
  return { view: 'home' };
}

export function hrefOf(place: Place): string {
  switch (place.view) {
    case 'home':
      return BASE;
    case 'new':
      return place.template ? `${BASE}/nouveau?modele=${encodeURIComponent(place.template)}` : `${BASE}/nouveau`;
    case 'edit':
      return `${BASE}/${place.formId}/modifier`;
    case 'results':
      return `${BASE}/${place.formId}/resultats`;
    case 'respond':
      return place.childId ? `${BASE}/${place.formId}/repondre?enfant=${encodeURIComponent(place.childId)}` : `${BASE}/${place.formId}/repondre`;
    case 'bookings':
      return `${BASE}/reservations`;
  }
}
