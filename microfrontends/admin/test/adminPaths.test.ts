import { describe, expect, it } from 'vitest';
import { hrefOf, placeOf } from '../src/adminPaths.js';

describe('placeOf', () => {
  it('opens on the modules by default', () => {
    expect(placeOf('/admin', '')).toEqual({ section: 'modules', establishmentId: null, classId: null });
    expect(placeOf('/admin/', '')).toEqual({ section: 'modules', establishmentId: null, classId: null });
    expect(placeOf('/admin/inconnu', '')).toMatchObject({ section: 'modules' });
  });

  it('reads the section, the establishment and the class', () => {
    expect(placeOf('/admin/annuaire', '?etablissement=e1&classe=c2')).toEqual({ section: 'directory', establishmentId: 'e1', classId: 'c2' });
    expect(placeOf('/admin/modules', '?etablissement=e1&classe=c2')).toEqual({ section: 'modules', establishmentId: 'e1', classId: null });
  });
});

describe('hrefOf', () => {
  it('round-trips with placeOf', () => {
    const place = { section: 'directory' as const, establishmentId: 'e 1', classId: 'c2' };
    const href = hrefOf(place);
    expect(href).toBe('/admin/annuaire?etablissement=e+1&classe=c2');
    const url = new URL(href, 'http://ent.test');
    expect(placeOf(url.pathname, url.search)).toEqual(place);
  });

  it('drops the class outside the directory', () => {
    expect(hrefOf({ section: 'modules', establishmentId: 'e1', classId: 'c2' })).toBe('/admin/modules?etablissement=e1');
  });
});
