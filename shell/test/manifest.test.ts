import { describe, expect, it } from 'vitest';
import { isSelection, ManifestError, matchesRoute, parseManifest, parseModuleDeclaration } from '../src/manifest/manifest.js';

const admin = {
  id: 'admin',
  route: '/admin',
  bundle: 'admin.js',
  activation: 'always',
  tile: { label: 'Administration', description: 'Modules, annuaire', pictogram: '⚙️', profiles: ['ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'] },
};

describe('ent-module.json', () => {
  it('is read with its defaults', () => {
    const declaration = parseModuleDeclaration(admin, 'admin');
    expect(declaration).toMatchObject({ id: 'admin', route: '/admin', bundle: 'admin.js', activation: 'always', styles: null });
    expect(declaration.profiles).toEqual(['ADMIN_LOCAL', 'ADMIN_DEPARTEMENT']);
    const minimal = parseModuleDeclaration({ id: 'devoirs' }, 'devoirs');
    expect(minimal).toMatchObject({ route: '/devoirs', bundle: 'devoirs.js', activation: 'establishment', tile: null, profiles: [] });
  });

  it('accepts one count or several', () => {
    const one = parseModuleDeclaration(
      { id: 'devoirs', tile: { ...admin.tile, profiles: ['ELEVE'], count: { path: 'homework.dueTomorrow', one: '{count} devoir', other: '{count} devoirs' } } },
      'devoirs',
    );
    expect(one.tile?.counts).toEqual([{ path: 'homework.dueTomorrow', one: '{count} devoir', other: '{count} devoirs' }]);
  });

  it('says everything that is wrong at once', () => {
    const error = (() => {
      try {
        parseModuleDeclaration({ id: 'Bad Id', route: '/profil', tile: { label: '', profiles: ['ROOT'] }, summaryFields: 'query { x }' }, 'x');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ManifestError);
    const problems = (error as ManifestError).problems.join('\n');
    expect(problems).toMatch(/id must be/);
    expect(problems).toMatch(/belongs to the portal/);
    expect(problems).toMatch(/tile.label/);
    expect(problems).toMatch(/tile.profiles/);
    expect(problems).toMatch(/summaryFields/);
  });

  it('checks summary fields are a plain selection', () => {
    expect(isSelection('homeworkSummary { dueTomorrow toCorrect }')).toBe(true);
    expect(isSelection('inbox(first: 3) { unread }')).toBe(true);
    expect(isSelection('a { b')).toBe(false);
    expect(isSelection('a } { b')).toBe(false);
    expect(isSelection('...on User { x }')).toBe(true);
    expect(isSelection('x # comment')).toBe(false);
    expect(isSelection('mutation { x }')).toBe(false);
  });
});

describe('manifest.json', () => {
  it('keeps the good entries and says why it drops the others', () => {
    const { entries, problems } = parseManifest([
      { ...admin, bundle: '/modules/admin/admin.js', styles: ['/modules/admin/admin.css'] },
      { ...admin, bundle: '/modules/admin/admin.js' },
      { id: 'devoirs', bundle: 'relative.js' },
    ]);
    expect(entries.map((entry) => entry.id)).toEqual(['admin']);
    expect(entries[0]!.styles).toEqual(['/modules/admin/admin.css']);
    expect(problems).toHaveLength(2);
  });

  it('reads back what the build writes (nulls included)', () => {
    const written = { ...parseModuleDeclaration(admin, 'admin'), bundle: '/modules/admin/admin.js', styles: [] };
    const { entries, problems } = parseManifest(JSON.parse(JSON.stringify([written])));
    expect(problems).toEqual([]);
    expect(entries[0]).toEqual(written);
  });

  it('matches a route and what is below it only', () => {
    expect(matchesRoute('/admin', '/admin')).toBe(true);
    expect(matchesRoute('/admin/annuaire', '/admin')).toBe(true);
    expect(matchesRoute('/administration', '/admin')).toBe(false);
  });
});
