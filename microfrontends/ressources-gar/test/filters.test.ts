import { describe, expect, it } from 'vitest';
import { administers, applyFilters, choicesOf, fold, NO_FILTERS, type ResourceItem, wantsLargeTiles } from '../src/logic/filters.js';

const resource = (overrides: Partial<ResourceItem>): ResourceItem => ({
  id: 'r',
  title: 'Titre',
  publisher: 'Éditeur',
  thumbnailUrl: null,
  typeCode: 'MUL',
  typeLabel: 'multimédia',
  levels: [],
  subjects: [],
  favourite: false,
  pinned: false,
  isNew: false,
  recommendations: [],
  ...overrides,
});

const list = [
  resource({ id: 'a', title: 'Lingua Attack - Anglais', publisher: 'ENTERTAINMENT LEARNING', subjects: ['anglais'], levels: ['collège'], favourite: true }),
  resource({ id: 'b', title: 'Château de Versailles', publisher: 'Établissement public', subjects: ['histoire'], levels: ['CM2', '6e'], typeCode: 'SIT', typeLabel: 'site web' }),
  resource({ id: 'c', title: 'Annabac.com', publisher: 'Hatier', subjects: ['histoire'], levels: ['lycée général et technologique'] }),
];

describe('gallery filters', () => {
  it('searches titles and publishers without case or accents', () => {
    expect(fold('  Château ÉTÉ ')).toBe('chateau ete');
    expect(applyFilters(list, { ...NO_FILTERS, search: 'chateau' }).map((r) => r.id)).toEqual(['b']);
    expect(applyFilters(list, { ...NO_FILTERS, search: 'hatier' }).map((r) => r.id)).toEqual(['c']);
  });

  it('combines subject, level, type and favourites', () => {
    expect(applyFilters(list, { ...NO_FILTERS, subject: 'histoire' }).map((r) => r.id)).toEqual(['b', 'c']);
    expect(applyFilters(list, { ...NO_FILTERS, subject: 'histoire', level: '6e' }).map((r) => r.id)).toEqual(['b']);
    expect(applyFilters(list, { ...NO_FILTERS, type: 'SIT' }).map((r) => r.id)).toEqual(['b']);
    expect(applyFilters(list, { ...NO_FILTERS, favouritesOnly: true }).map((r) => r.id)).toEqual(['a']);
    expect(applyFilters(list, { ...NO_FILTERS, subject: 'anglais', favouritesOnly: true, search: 'zzz' })).toEqual([]);
  });

  it('offers only the values present, sorted in French, types by label', () => {
    const choices = choicesOf(list);
    expect(choices.subjects.map((c) => c.value)).toEqual(['anglais', 'histoire']);
    expect(choices.levels.map((c) => c.value)).toEqual(['6e', 'CM2', 'collège', 'lycée général et technologique']);
    expect(choices.types).toEqual([
      { value: 'MUL', label: 'multimédia' },
      { value: 'SIT', label: 'site web' },
    ]);
  });
});

describe('who sees what', () => {
  it('gives large tiles to pupils of cycles 1 and 2 only', () => {
    expect(wantsLargeTiles({ profiles: [{ profile: 'ELEVE' }], classes: [{ cycle: 'CYCLE_2' }] })).toBe(true);
    expect(wantsLargeTiles({ profiles: [{ profile: 'ELEVE' }], classes: [{ cycle: 'CYCLE_1' }] })).toBe(true);
    expect(wantsLargeTiles({ profiles: [{ profile: 'ELEVE' }], classes: [{ cycle: 'CYCLE_4' }] })).toBe(false);
    expect(wantsLargeTiles({ profiles: [{ profile: 'ENSEIGNANT' }], classes: [{ cycle: 'CYCLE_2' }] })).toBe(false);
    expect(wantsLargeTiles({ profiles: [{ profile: 'ELEVE' }], classes: [] })).toBe(false);
  });

  it('shows the administration to the establishment’s administrator and the département’s', () => {
    expect(administers({ profiles: [{ profile: 'ADMIN_LOCAL', establishment: { id: 'e1' } }] }, 'e1')).toBe(true);
    expect(administers({ profiles: [{ profile: 'ADMIN_LOCAL', establishment: { id: 'e1' } }] }, 'e2')).toBe(false);
    expect(administers({ profiles: [{ profile: 'ADMIN_DEPARTEMENT', establishment: null }] }, 'e2')).toBe(true);
    expect(administers({ profiles: [{ profile: 'DIRECTION', establishment: { id: 'e1' } }] }, 'e1')).toBe(false);
  });
});
