import { describe, expect, it } from 'vitest';
import { blockingAxeViolations, formatViolations, homeTiles, logIn, type HomeTile, usePortalBrowser } from '../src/e2e/index.js';

/*
 * Each demo account's home page, as shell/src/tiles/config.ts should make it, with the five modules
 * installed (stand-ins, see fixtureModules.ts) and open everywhere (the demo's default):
 * - cycles 1 and 2: at most four very large tiles with the simple labels, each with a read-aloud button;
 * - cycle 4: the standard pupil set; a parent: one block per child, every tile labelled with the child;
 * - teacher, direction, local administrator: their own sets (administrators: the admin screens).
 * The expectations are written out rather than computed from the configuration: they are the spec.
 */

const expected = (labels: string[], variant: HomeTile['variant'], readAloud = false) =>
  labels.map((label) => ({ label, variant, readAloud: readAloud ? `Écouter : ${label}` : null }));

const YOUNG_PUPIL = expected(['Mes devoirs', 'Mon cahier', 'Mes livres', 'Ma classe'], 'large', true);

const simplified = (tiles: HomeTile[]) => tiles.map(({ label, variant, readAloud }) => ({ label, variant, readAloud }));

const CASES: Array<{ login: string; greeting: string; tiles: ReturnType<typeof expected>; hrefs?: string[] }> = [
  { login: 'eleve.hugo', greeting: 'Bonjour Hugo !', tiles: YOUNG_PUPIL, hrefs: ['/devoirs', '/cahier-de-textes', '/ressources-gar'] },
  { login: 'eleve.lea', greeting: 'Bonjour Léa !', tiles: YOUNG_PUPIL },
  {
    login: 'eleve.lucas',
    greeting: 'Bonjour Lucas',
    tiles: expected(
      ['Cahier de textes', 'Devoirs', 'Messagerie', 'Ressources numériques', 'Formulaires', 'Ma classe', 'Mon profil et préférences'],
      'standard',
    ),
  },
  {
    login: 'prof.durand',
    greeting: 'Bonjour Claire',
    tiles: expected(
      ['Cahier de textes', 'Devoirs', 'Messagerie', 'Formulaires', 'Ressources numériques', 'Mon établissement', 'Mon profil et préférences'],
      'standard',
    ),
  },
  {
    login: 'direction.eluard',
    greeting: 'Bonjour Philippe',
    tiles: expected(['Messagerie', 'Formulaires', 'Mon établissement', 'Mon profil et préférences'], 'standard'),
  },
  {
    login: 'admin.eluard',
    greeting: 'Bonjour Karim',
    tiles: expected(['Modules', 'Annuaire', 'Mon établissement', 'Mon profil et préférences'], 'dense'),
    hrefs: ['/admin/modules', '/admin/annuaire'],
  },
];

const portal = usePortalBrowser();

describe('home page per profile and cycle', () => {
  for (const { login, greeting, tiles, hrefs } of CASES) {
    it(`${login}: ${tiles.length} ${tiles[0]?.variant} tiles (${tiles.map((tile) => tile.label).join(', ')}), no serious accessibility violation`, async () => {
      const { page, problems } = await portal.newPage();
      await logIn(page, login);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(greeting);
      expect(await page.title()).toBe('Accueil — ENT');
      const found = await homeTiles(page);
      expect(simplified(found)).toEqual(tiles);
      if (hrefs) expect(found.slice(0, hrefs.length).map((tile) => tile.href)).toEqual(hrefs);
      expect(formatViolations(await blockingAxeViolations(page))).toBe('');
      expect(problems.list).toEqual([]);
    });
  }

  it('cycles 1 and 2 get no dense text: no priorities block, no tile descriptions', async () => {
    const { page } = await portal.newPage();
    await logIn(page, 'eleve.hugo');
    expect(await page.getByRole('heading', { name: 'Trois priorités' }).count()).toBe(0);
    expect(await page.locator('.ent-tile__description').count()).toBe(0);
  });

  it('a teacher sees their classes above the tiles', async () => {
    const { page } = await portal.newPage();
    await logIn(page, 'prof.durand');
    const classes = page.locator('.portal-classes');
    expect(await classes.getByRole('link').allTextContents()).toEqual(['3e A', '5e B']);
    expect(await page.getByRole('heading', { name: 'Trois priorités' }).count()).toBe(1);
  });

  it('parent.bernard sees one block for Léa and one for Lucas, each labelled with the child, and can show one at a time', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'parent.bernard');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bonjour Thomas');
    const family = ['Cahier de textes', 'Devoirs', 'Messagerie', 'Formulaires', 'Ressources numériques'];

    const lea = page.getByRole('region', { name: /^Léa/ });
    const lucas = page.getByRole('region', { name: /^Lucas/ });
    expect(await lea.getByRole('heading', { level: 3 }).textContent()).toContain('CE1 — École élémentaire Jules Ferry');
    expect(await lucas.getByRole('heading', { level: 3 }).textContent()).toContain('5e B — Collège Paul Éluard');
    for (const [firstName, block] of [
      ['Léa', lea],
      ['Lucas', lucas],
    ] as const) {
      const tiles = await homeTiles(block);
      expect(tiles.map((tile) => tile.label)).toEqual([...family, `Classe de ${firstName}`]);
      expect(new Set(tiles.map((tile) => tile.list))).toEqual(new Set([`Services de ${firstName}`]));
      // Each link's name says whom it is about, not only the list.
      expect(await block.getByRole('link', { name: new RegExp(`^Devoirs\\s*, pour ${firstName}$`) }).count()).toBe(1);
    }
    // The parent's own account comes after the children.
    expect(await page.getByRole('link', { name: 'Mon profil et préférences' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Lucas', exact: true }).click();
    expect(await page.getByRole('button', { name: 'Lucas', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await lea.count()).toBe(0);
    expect(await lucas.count()).toBe(1);
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Tous les enfants' }).click();
    expect(await lea.count()).toBe(1);
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');
    expect(problems.list).toEqual([]);
  });
});
