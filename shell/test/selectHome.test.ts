import { describe, expect, it } from 'vitest';
import { selectHome } from '../src/tiles/selectHome.js';
import {
  ADMIN,
  adminEluard,
  CAHIER,
  CANTINE,
  DEVOIRS,
  directionEluard,
  ELUARD,
  FERRY,
  GAR,
  hugo,
  lucas,
  MESSAGERIE,
  parentBernard,
  profDurand,
  TILLEULS,
} from './fixtures.js';

const ALL = [ADMIN, DEVOIRS, CAHIER, GAR, MESSAGERIE, CANTINE];
const hrefs = (tiles: { href: string }[]) => tiles.map((tile) => tile.href);

describe('cycles 1 and 2', () => {
  it('shows at most four very large tiles with read-aloud, and no priorities block', () => {
    const home = selectHome({ viewer: hugo(['devoirs', 'cahier-de-textes', 'ressources-gar']), manifest: ALL, currentEstablishmentId: TILLEULS.id });
    expect(home.sections).toHaveLength(1);
    const [section] = home.sections;
    expect(section).toMatchObject({ audience: 'pupil-early', variant: 'large', readAloud: true });
    expect(hrefs(section!.tiles)).toEqual(['/devoirs', '/cahier-de-textes', '/ressources-gar', '/classe/c-gs']);
    expect(section!.tiles[0]!.simpleLabel.key).toBe('modules.devoirs.simpleLabel');
    expect(home.showPriorities).toBe(false);
  });

  it('with no module open, keeps what the directory gives: the class and the settings', () => {
    const home = selectHome({ viewer: hugo(), manifest: ALL, currentEstablishmentId: TILLEULS.id });
    expect(hrefs(home.sections[0]!.tiles)).toEqual(['/classe/c-gs', '/profil']);
  });

  it('never adds a vendor module to the curated set', () => {
    const home = selectHome({ viewer: hugo(), manifest: [CANTINE], currentEstablishmentId: TILLEULS.id });
    expect(hrefs(home.sections[0]!.tiles)).not.toContain('/cantine');
  });
});

describe('cycles 3, 4 and lycée', () => {
  it('shows the standard set, only the modules installed and open', () => {
    const home = selectHome({ viewer: lucas(['cahier-de-textes', 'messagerie']), manifest: ALL, currentEstablishmentId: ELUARD.id });
    const [section] = home.sections;
    expect(section).toMatchObject({ audience: 'pupil', variant: 'standard', readAloud: false });
    // devoirs is installed but closed in the collège; formulaires is open nowhere (not installed);
    // the vendor's cantine is not in the waves' list, so it is not gated by them.
    expect(hrefs(section!.tiles)).toEqual(['/cahier-de-textes', '/messagerie', '/classe/c-5b', '/profil', '/cantine']);
  });

  it('takes counts from the summary fields and ranks the priorities', () => {
    const viewer = lucas(['devoirs', 'messagerie'], { homeworkSummary: { dueTomorrow: 2 }, mailSummary: { unread: 5 } });
    const home = selectHome({ viewer, manifest: ALL, currentEstablishmentId: ELUARD.id });
    const devoirs = home.sections[0]!.tiles.find((tile) => tile.href === '/devoirs');
    expect(devoirs?.count).toEqual({ value: 2, label: { key: 'modules.devoirs.counts.0', params: { count: 2 } } });
    expect(home.priorities.map((priority) => priority.tile.href)).toEqual(['/devoirs', '/messagerie']);
    expect(home.prioritiesPossible).toBe(true);
  });

  it('shows no number when the module says zero, and no priority at all when no module counts', () => {
    const viewer = lucas(['devoirs'], { homeworkSummary: { dueTomorrow: 0 } });
    const home = selectHome({ viewer, manifest: ALL, currentEstablishmentId: ELUARD.id });
    expect(home.sections[0]!.tiles.find((tile) => tile.href === '/devoirs')?.count).toBeNull();
    expect(home.priorities).toEqual([]);
    expect(home.prioritiesPossible).toBe(true);
    const nothing = selectHome({ viewer: lucas(), manifest: [], currentEstablishmentId: ELUARD.id });
    expect(nothing.prioritiesPossible).toBe(false);
  });
});

describe('parents', () => {
  it('shows one block per child, each with the modules open in the child’s establishment', () => {
    const home = selectHome({
      viewer: parentBernard(['devoirs', 'cahier-de-textes'], ['cahier-de-textes']),
      manifest: ALL,
      currentEstablishmentId: null,
    });
    const family = home.sections.find((section) => section.audience === 'family');
    expect(family?.children?.map((child) => [child.firstName, child.className, child.establishmentName])).toEqual([
      ['Léa', 'CE1', FERRY.name],
      ['Lucas', '5e B', ELUARD.name],
    ]);
    const [lea, lucasBlock] = family!.children!;
    expect(hrefs(lea!.tiles)).toEqual(['/cahier-de-textes?enfant=u-lea', '/devoirs?enfant=u-lea', '/classe/c-ce1', '/cantine?enfant=u-lea']);
    expect(hrefs(lucasBlock!.tiles)).toEqual(['/cahier-de-textes?enfant=u-lucas', '/classe/c-5b', '/cantine?enfant=u-lucas']);
    expect(lea!.tiles.find((tile) => tile.tileId === 'child-class')?.label).toEqual({
      key: 'shell.tiles.childClass.label',
      params: { firstName: 'Léa', className: 'CE1' },
    });
  });

  it('labels a child’s priority with the child and adds the account section', () => {
    const home = selectHome({
      viewer: parentBernard(['devoirs'], ['devoirs'], { lucas: { homeworkSummary: { dueTomorrow: 3 } } }),
      manifest: ALL,
      currentEstablishmentId: null,
    });
    expect(home.priorities).toHaveLength(1);
    expect(home.priorities[0]).toMatchObject({ childFirstName: 'Lucas', tile: { href: '/devoirs?enfant=u-lucas' } });
    expect(home.sections.at(-1)).toMatchObject({ audience: 'account', tiles: [{ href: '/profil' }] });
  });
});

describe('staff', () => {
  it('gives teachers their classes from their teachings, and what awaits them', () => {
    const home = selectHome({ viewer: profDurand(['devoirs']), manifest: ALL, currentEstablishmentId: ELUARD.id });
    const [section] = home.sections;
    expect(section!.audience).toBe('teacher');
    expect(section!.classes).toEqual([
      { id: 'c-3a', name: '3e A', subjects: ['Mathématiques'], headTeacher: false, pupilCount: 24 },
      { id: 'c-5b', name: '5e B', subjects: ['Mathématiques'], headTeacher: true, pupilCount: 25 },
    ]);
    // The teacher's count is the one declared for ENSEIGNANT.
    expect(section!.tiles.find((tile) => tile.href === '/devoirs')?.counts).toBe(true);
    expect(hrefs(section!.tiles)).toContain(`/etablissement/${ELUARD.id}`);
  });

  it('gives administrators the admin screens, from the admin module', () => {
    const home = selectHome({ viewer: adminEluard(), manifest: ALL, currentEstablishmentId: ELUARD.id });
    expect(hrefs(home.sections[0]!.tiles)).toEqual(['/admin/modules', '/admin/annuaire', `/etablissement/${ELUARD.id}`, '/profil']);
    const withoutAdmin = selectHome({ viewer: adminEluard(), manifest: [], currentEstablishmentId: ELUARD.id });
    expect(hrefs(withoutAdmin.sections[0]!.tiles)).toEqual([`/etablissement/${ELUARD.id}`, '/profil']);
  });

  it('gives the direction communication, forms and the establishment', () => {
    const home = selectHome({ viewer: directionEluard(['messagerie']), manifest: ALL, currentEstablishmentId: ELUARD.id });
    expect(hrefs(home.sections[0]!.tiles)).toEqual(['/messagerie', `/etablissement/${ELUARD.id}`, '/profil']);
  });

  it('shows a tile once when two sections list it', () => {
    const viewer = profDurand(['messagerie']);
    const both = { ...viewer, profiles: [...viewer.profiles, { profile: 'DIRECTION' as const, establishment: ELUARD, functionLabel: null }] };
    const home = selectHome({ viewer: both, manifest: ALL, currentEstablishmentId: ELUARD.id });
    const all = home.sections.flatMap((section) => hrefs(section.tiles));
    expect(all.filter((href) => href === '/messagerie')).toHaveLength(1);
  });
});
