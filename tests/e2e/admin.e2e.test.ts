import { createModuleGate, EntError } from '@ent/kit';
import { TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockingAxeViolations, formatViolations, hasFocus, logIn, tabTo, tileLabels, usePortalBrowser } from '../src/e2e/index.js';

/*
 * « Modules in waves » end to end: the collège's local administrator switches Devoirs off in the admin
 * screen; the server then refuses the module there (the kit's gate, which every module subgraph uses),
 * the tile and the route disappear for the collège's pupil, and nothing changes at the école of his
 * sister. Then a change scheduled from a date, and the read-only directory. The tests of this file
 * follow one another: each starts from the state the previous one left.
 */

const portal = usePortalBrowser();
const COLLEGE = 'Collège Paul Éluard';
const ECOLE = 'École élémentaire Jules Ferry';
let collegeId: string;
let ecoleId: string;

beforeAll(async () => {
  const idOf = async (name: string) =>
    (await portal.portal.db.selectFrom('establishments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  collegeId = await idOf(COLLEGE);
  ecoleId = await idOf(ECOLE);
});

const MODULES = 'query ($id: ID!) { establishment(id: $id) { modules { moduleId enabled since next { enabled effectiveAt } } } }';
type Activation = { moduleId: string; enabled: boolean; since: string | null; next: { enabled: boolean; effectiveAt: string } | null };

async function devoirsIn(establishmentId: string): Promise<Activation | undefined> {
  const token = await portal.portal.token('admin.eluard');
  const answer = await portal.portal.graphql<{ establishment: { modules: Activation[] } }>(MODULES, { token, variables: { id: establishmentId } });
  expect(answer.errors).toBeUndefined();
  return answer.data?.establishment.modules.find((module) => module.moduleId === 'devoirs');
}

async function expectNoBlockingViolation(page: Page): Promise<void> {
  expect(formatViolations(await blockingAxeViolations(page))).toBe('');
}

/** The date in Paris, YYYY-MM-DD, `days` from now. */
function parisDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + days * 86_400_000));
}

describe('modules in waves, from the admin screen', () => {
  it('admin.eluard opens « Modules » from the home page and switches Devoirs off for the collège, after a confirmation', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'admin.eluard');
    await page.getByRole('link', { name: 'Modules', exact: true }).click();
    await page.waitForURL('**/admin/modules');
    const table = page.getByRole('table', { name: `Modules de l’établissement ${COLLEGE}` });
    await table.waitFor();
    expect(await page.title()).toBe('Modules — Administration — ENT');
    expect(await page.getByRole('link', { name: 'Modules', exact: true }).getAttribute('aria-current')).toBe('page');
    const row = table.getByRole('row', { name: /^Devoirs/ });
    expect(await row.textContent()).toContain('Activé depuis le');
    await expectNoBlockingViolation(page);

    await page.getByRole('button', { name: 'Désactiver le module Devoirs' }).click();
    const dialog = page.getByRole('dialog', { name: 'Désactiver le module Devoirs ?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`sa tuile disparaît du portail`);
    // The destructive choice is not the default one: the focus starts on « Annuler ».
    const cancel = dialog.getByRole('button', { name: 'Annuler' });
    await expect.poll(() => hasFocus(cancel)).toBe(true);
    await expectNoBlockingViolation(page);

    await dialog.getByRole('button', { name: 'Désactiver maintenant' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`Le module Devoirs est désactivé pour l’établissement ${COLLEGE}.`).waitFor();
    await expect.poll(() => row.textContent()).toContain('Désactivé depuis le');
    // The focus is back where it was, on the same row's button, now the opposite action.
    const enable = page.getByRole('button', { name: 'Activer le module Devoirs' });
    await expect.poll(() => hasFocus(enable)).toBe(true);
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);
  });

  it('the API holds the change and refuses Devoirs in the collège (MODULE_DISABLED), not in the école', async () => {
    expect(await devoirsIn(collegeId)).toMatchObject({ enabled: false, next: null });
    expect(await devoirsIn(ecoleId)).toMatchObject({ enabled: true });
    const gate = createModuleGate({ moduleId: 'devoirs', activationsUrl: `${portal.portal.annuaireUrl}/modules/activations`, ttlMs: 0 });
    const refused = await gate.assertEnabled(collegeId).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EntError);
    expect((refused as EntError).extensions).toMatchObject({ code: 'MODULE_DISABLED' });
    await expect(gate.assertEnabled(ecoleId)).resolves.toBeUndefined();
  });

  it('eleve.lucas (collège) no longer has the Devoirs tile, and /devoirs says the module is not available', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'eleve.lucas');
    const labels = await tileLabels(page);
    expect(labels).not.toContain('Devoirs');
    expect(labels).toContain('Cahier de textes');
    await page.goto('/devoirs');
    await page.getByRole('heading', { level: 1, name: 'Module non disponible' }).waitFor();
    expect(await page.locator('[data-fixture-module="devoirs"]').count()).toBe(0);
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);
  });

  it('eleve.lea (école) keeps « Mes devoirs » and opens it', async () => {
    const { page } = await portal.newPage();
    await logIn(page, 'eleve.lea');
    expect(await tileLabels(page)).toContain('Mes devoirs');
    await page.getByRole('link', { name: 'Mes devoirs', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Devoirs' }).waitFor();
  });

  it('parent.bernard sees Devoirs in Léa’s block, not in Lucas’s', async () => {
    const { page } = await portal.newPage();
    await logIn(page, 'parent.bernard');
    expect(await tileLabels(page.getByRole('region', { name: /^Léa/ }))).toContain('Devoirs');
    expect(await tileLabels(page.getByRole('region', { name: /^Lucas/ }))).not.toContain('Devoirs');
  });

  it('admin.eluard schedules Devoirs back from tomorrow 08:00, with the keyboard; a past date is refused next to the field', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'admin.eluard');
    await page.goto('/admin/modules');
    await page.getByRole('table', { name: `Modules de l’établissement ${COLLEGE}` }).waitFor();

    await tabTo(page, page.getByRole('button', { name: 'Programmer un changement pour le module Devoirs' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Programmer un changement — Devoirs' });
    await dialog.waitFor();
    // The module is off: the form proposes to switch it on, and the focus starts on that choice.
    const enable = dialog.getByRole('radio', { name: 'Activer le module', exact: true });
    expect(await enable.isChecked()).toBe(true);
    await expect.poll(() => hasFocus(enable)).toBe(true);
    await expectNoBlockingViolation(page);

    const date = dialog.getByLabel(/^À partir du/);
    await date.fill(parisDate(-2));
    await dialog.getByRole('button', { name: 'Programmer le changement' }).click();
    await expect.poll(() => date.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toContain('Cette date est passée');
    await expectNoBlockingViolation(page);

    await date.fill(parisDate(1));
    await dialog.getByLabel('À', { exact: true }).fill('08:00');
    await date.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/^Activation du module Devoirs programmée le .* à 08:00\.$/).waitFor();
    const row = page.getByRole('row', { name: /^Devoirs/ });
    await expect.poll(() => row.textContent()).toMatch(/Activation le .* à 08:00/);

    const devoirs = await devoirsIn(collegeId);
    expect(devoirs).toMatchObject({ enabled: false, next: { enabled: true } });
    const at = new Date(devoirs!.next!.effectiveAt);
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at)).toBe(parisDate(1));
    expect(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', timeStyle: 'short' }).format(at)).toBe('08:00');

    // Changing one's mind: the scheduled change is withdrawn, the current state stays.
    await row.getByRole('button', { name: 'Annuler le changement prévu pour le module Devoirs' }).click();
    await page.getByText('Le changement prévu pour le module Devoirs est annulé.').waitFor();
    await expect.poll(() => row.textContent()).not.toMatch(/Activation le/);
    expect(await devoirsIn(collegeId)).toMatchObject({ enabled: false, next: null });
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);
  });

  it('the département administrator signs in with a second factor and picks the establishment to administer', async () => {
    const { page, problems } = await portal.newPage();
    await page.goto('/');
    await page.getByLabel(/^Identifiant/).fill('admin.departement');
    await page.getByLabel(/^Mot de passe/).fill('ent-demo-92');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The demo's TOTP secret (subgraphs/annuaire/src/seed/demoAccounts.ts).
    await page.getByLabel(/^Code à 6 chiffres/).fill(new TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate());
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();

    await page.getByRole('link', { name: 'Modules', exact: true }).click();
    const picker = page.getByRole('combobox', { name: /^Établissement/ });
    await picker.waitFor();
    const options = await picker.locator('option').allTextContents();
    expect(options).toHaveLength(5);
    expect(options[0]).toMatch(/^Collège Paul Éluard — Suresnes \(\w+\)$/);
    await page.getByRole('table', { name: `Modules de l’établissement ${COLLEGE}` }).waitFor();

    await picker.selectOption({ label: options.find((option) => option.startsWith('Lycée Marie Curie'))! });
    await page.getByRole('table', { name: 'Modules de l’établissement Lycée Marie Curie' }).waitFor();
    expect(new URL(page.url()).searchParams.get('etablissement')).toBeTruthy();
    // The Lycée's modules are untouched by the collège's wave.
    expect(await page.getByRole('row', { name: /^Devoirs/ }).textContent()).toContain('Activé depuis le');
    await expectNoBlockingViolation(page);

    // The choice follows to the directory.
    await page.getByRole('link', { name: 'Annuaire', exact: true }).click();
    await page.getByRole('table', { name: 'Classes de l’établissement Lycée Marie Curie' }).waitFor();
    expect(problems.list).toEqual([]);
  });

  it('a principal is not offered the admin screens', async () => {
    const { page } = await portal.newPage();
    await logIn(page, 'direction.eluard');
    expect(await tileLabels(page)).not.toContain('Modules');
    await page.goto('/admin/modules');
    await page.getByRole('heading', { level: 1, name: 'Module non disponible' }).waitFor();
  });
});

describe('the directory, read-only', () => {
  it('lists the collège’s classes with their pupil counts and teachers, opens a class, and searches people', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'admin.eluard');
    await page.getByRole('link', { name: 'Annuaire', exact: true }).click();
    await page.waitForURL('**/admin/annuaire');
    const classes = page.getByRole('table', { name: `Classes de l’établissement ${COLLEGE}` });
    await classes.waitFor();
    expect(await page.title()).toBe('Annuaire — Administration — ENT');

    const token = await portal.portal.token('admin.eluard');
    const known = await portal.portal.graphql<{ establishment: { classes: Array<{ name: string; pupilCount: number }> } }>(
      'query ($id: ID!) { establishment(id: $id) { classes { name pupilCount } } }',
      { token, variables: { id: collegeId } },
    );
    const rows = await classes.locator('tbody tr').evaluateAll((trs) =>
      (trs as unknown as Array<{ querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }>).map((tr) =>
        Array.from(tr.querySelectorAll('th, td'), (cell) => (cell.textContent ?? '').trim()),
      ),
    );
    expect(rows.map((cells) => cells[0])).toEqual(['6e A', '5e B', '4e A', '3e A']);
    for (const cells of rows) {
      expect(Number(cells[3])).toBe(known.data?.establishment.classes.find((c) => c.name === cells[0])?.pupilCount);
    }
    expect(rows.find((cells) => cells[0] === '5e B')?.[4]).toContain('Claire Durand (Mathématiques)');
    await expectNoBlockingViolation(page);

    await page.getByRole('link', { name: 'Voir les élèves de la classe 5e B' }).click();
    const heading = page.getByRole('heading', { level: 3, name: 'Élèves de la classe 5e B' });
    await heading.waitFor();
    await expect.poll(() => hasFocus(heading)).toBe(true);
    expect(await page.getByRole('listitem').filter({ hasText: 'Lucas Bernard' }).count()).toBe(1);
    await expectNoBlockingViolation(page);
    await page.getByRole('link', { name: 'Revenir à la liste des classes' }).click();
    await classes.waitFor();

    const search = page.getByRole('searchbox', { name: /Nom, prénom ou identifiant/ });
    await search.fill('d');
    await search.press('Enter');
    await expect.poll(() => search.getAttribute('aria-invalid')).toBe('true');
    await expectNoBlockingViolation(page);
    await search.fill('prof.durand');
    await search.press('Enter');
    const results = page.getByRole('table', { name: 'Personnes trouvées pour « prof.durand »' });
    await results.waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'personne trouvée' }).textContent()).toBe('1 personne trouvée.');
    expect(await results.locator('tbody tr').first().textContent()).toMatch(/Claire Durand.*prof\.durand.*Actif.*Enseignant — Collège Paul Éluard/);
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);
  });
});

describe('the directory imports, for the département administrator only', () => {
  it('admin.departement opens « Imports de l’annuaire » and finds no import yet; admin.eluard has no such link', async () => {
    const { page, problems } = await portal.newPage();
    await page.goto('/');
    await page.getByLabel(/^Identifiant/).fill('admin.departement');
    await page.getByLabel(/^Mot de passe/).fill('ent-demo-92');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The code of the next time step: the earlier sign-in of this file may have used the current one (replay guard).
    const code = new TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate({ timestamp: Date.now() + 30_000 });
    await page.getByLabel(/^Code à 6 chiffres/).fill(code);
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();

    await page.getByRole('link', { name: 'Modules', exact: true }).click();
    await page.waitForURL('**/admin/modules');
    await tabTo(page, page.getByRole('link', { name: 'Imports de l’annuaire', exact: true }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/imports(\?|$)/);
    await page.getByRole('heading', { level: 4, name: 'Aucun import pour l’instant' }).waitFor();
    expect(await page.title()).toBe('Imports de l’annuaire — Administration — ENT');
    expect(await page.getByRole('link', { name: 'Imports de l’annuaire', exact: true }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('table', { name: 'Les 20 derniers imports, du plus récent au plus ancien' }).waitFor();
    await page.getByRole('table', { name: 'Comptes probablement en double' }).waitFor();
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);

    const local = await portal.newPage();
    await logIn(local.page, 'admin.eluard');
    await local.page.getByRole('link', { name: 'Modules', exact: true }).click();
    await local.page.getByRole('navigation', { name: 'Rubriques de l’administration' }).waitFor();
    expect(await local.page.getByRole('link', { name: 'Imports de l’annuaire' }).count()).toBe(0);
    await local.page.goto('/admin/imports');
    await local.page.getByRole('heading', { name: 'Cette rubrique est réservée à l’administration départementale.' }).waitFor();
    expect(local.problems.list).toEqual([]);
  });
});
