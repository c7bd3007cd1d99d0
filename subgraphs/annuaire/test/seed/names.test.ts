import { describe, expect, it } from 'vitest';
import { academicYearOf } from '../../src/seed/academicYear.js';
import { LoginAllocator } from '../../src/seed/logins.js';
import { LAST_NAMES, loginBaseOf } from '../../src/seed/names.js';
import { establishmentMix } from '../../src/seed/population.js';
import { createRandom } from '../../src/seed/random.js';

describe('loginBaseOf', () => {
  it('gives prenom.nom in lower-case ASCII', () => {
    expect(loginBaseOf('Léa', 'Bernard')).toBe('lea.bernard');
    expect(loginBaseOf('Anne-Sophie', 'Da Silva')).toBe('anne-sophie.da-silva');
    expect(loginBaseOf('Côme', 'N’Diaye')).toBe('come.ndiaye');
    expect(loginBaseOf('Maëlys', 'Lefèvre')).toBe('maelys.lefevre');
    expect(loginBaseOf('Joël', 'Lœuilliet')).toBe('joel.loeuilliet');
  });

  it('turns every listed surname into a login part', () => {
    for (const lastName of LAST_NAMES) expect(loginBaseOf('Jean', lastName)).toMatch(/^jean\.[a-z]+(-[a-z]+)*$/);
  });
});

describe('LoginAllocator', () => {
  it('numbers collisions from 2', () => {
    const logins = new LoginAllocator();
    expect(logins.allocate('Jean', 'Martin')).toBe('jean.martin');
    expect(logins.allocate('Jean', 'Martin')).toBe('jean.martin2');
    expect(logins.allocate('Jéan', 'Martin')).toBe('jean.martin3');
    expect(logins.allocate('Jeanne', 'Martin')).toBe('jeanne.martin');
  });

  it('never hands out a reserved login', () => {
    const logins = new LoginAllocator();
    logins.reserve('jean.martin');
    logins.reserve('lea.bernard4');
    expect(logins.allocate('Jean', 'Martin')).toBe('jean.martin2');
    expect(logins.allocate('Léa', 'Bernard')).toBe('lea.bernard5');
  });
});

describe('createRandom', () => {
  it('repeats itself for the same seed and differs for another', () => {
    const draws = (seed: string | number) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.int(0, 1_000_000));
    };
    expect(draws('ent-92')).toEqual(draws('ent-92'));
    expect(draws(42)).toEqual(draws(42));
    expect(draws('ent-92')).not.toEqual(draws('ent-93'));
  });

  it('stays in its bounds', () => {
    const random = createRandom(1);
    for (let i = 0; i < 1000; i++) {
      const value = random.int(-3, 3);
      expect(value).toBeGreaterThanOrEqual(-3);
      expect(value).toBeLessThanOrEqual(3);
    }
    expect(new Set(random.sample([1, 2, 3, 4, 5], 3)).size).toBe(3);
  });
});

describe('academicYearOf', () => {
  it('starts the school year in September, on the Paris calendar', () => {
    expect(academicYearOf(new Date('2026-11-30T10:00:00Z'))).toBe('2026-2027');
    expect(academicYearOf(new Date('2027-06-30T10:00:00Z'))).toBe('2026-2027');
    expect(academicYearOf(new Date('2026-08-31T21:30:00Z'))).toBe('2025-2026'); // 23:30 in Paris
    expect(academicYearOf(new Date('2026-08-31T22:30:00Z'))).toBe('2026-2027'); // 00:30 on 1 September
    expect(academicYearOf(new Date('2027-01-01T00:00:00Z'))).toBe('2026-2027');
  });
});

describe('establishmentMix', () => {
  it('follows the département mix in any prefix', () => {
    const mix = establishmentMix(200);
    const share = (type: string) => mix.filter((t) => t === type).length / mix.length;
    expect(share('ECOLE_ELEMENTAIRE')).toBeCloseTo(0.4, 1);
    expect(share('ECOLE_MATERNELLE')).toBeCloseTo(0.33, 1);
    expect(share('COLLEGE')).toBeCloseTo(0.16, 1);
    expect(share('LYCEE')).toBeCloseTo(0.1, 1);
    expect(mix).toContain('SUPERIEUR');
    expect(new Set(establishmentMix(6))).toEqual(new Set(['ECOLE_ELEMENTAIRE', 'ECOLE_MATERNELLE', 'COLLEGE', 'LYCEE']));
  });
});
