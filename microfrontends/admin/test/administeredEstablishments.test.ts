import { describe, expect, it } from 'vitest';
import { administeredEstablishments, chooseEstablishment } from '../src/establishments/administeredEstablishments.js';

const eluard = { id: 'e3', uai: '0929003A', name: 'Collège Paul Éluard', city: 'Suresnes' };
const ferry = { id: 'e2', uai: '0929002A', name: 'École élémentaire Jules Ferry', city: 'Nanterre' };
const curie = { id: 'e4', uai: '0929004A', name: 'Lycée Marie Curie', city: 'Boulogne-Billancourt' };
const all = [curie, ferry, eluard];

describe('administeredEstablishments', () => {
  it('gives the département administrator every establishment, by name', () => {
    expect(administeredEstablishments(all, [{ profile: 'ADMIN_DEPARTEMENT', establishment: null }]).map((e) => e.id)).toEqual(['e3', 'e2', 'e4']);
  });

  it('gives a local administrator the establishments of their ADMIN_LOCAL profiles only', () => {
    const grants = [
      { profile: 'ADMIN_LOCAL', establishment: { id: 'e3' } },
      { profile: 'ENSEIGNANT', establishment: { id: 'e4' } },
    ];
    expect(administeredEstablishments(all, grants)).toEqual([eluard]);
  });

  it('takes the server’s list while the viewer is not known', () => {
    expect(administeredEstablishments(all, null)).toHaveLength(3);
  });
});

describe('chooseEstablishment', () => {
  it('prefers the URL, then the header’s choice, then the first', () => {
    expect(chooseEstablishment(all, 'e2', 'e4')).toBe(ferry);
    expect(chooseEstablishment(all, 'unknown', 'e4')).toBe(curie);
    expect(chooseEstablishment(all, null, null)).toBe(curie);
    expect(chooseEstablishment([], 'e2', 'e4')).toBeNull();
  });
});
