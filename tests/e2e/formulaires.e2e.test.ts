import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { blockingAxeViolations, formatViolations, logIn, usePortalBrowser } from '../src/e2e/index.js';

/** The page's document, as seen from functions evaluated in the browser (this package has no DOM types). */
interface BrowserDocument {
  activeElement: { textContent: string | null } | null;
  documentElement: { scrollWidth: number };
}

/*
 * The formulaires in a real browser, behind the real router, with the real subgraph:
 * the direction builds a trip authorisation for the 5e B from the library, a parent signs for the one
 * child concerned (on a phone-sized screen), the direction sees the signature and exports the list;
 * a conditional question shows only when its condition holds; two people racing for the last
 * laptop-trolley slot get exactly one booking. axe-core checks the builder, respondent and results views.
 */
const portal = usePortalBrowser({ fixtureModules: true, subgraphs: ['formulaires'] });

const TITLE = 'Sortie au musée d’Orsay — 5e B';
let formId = '';

describe('formulaires in the browser', () => {
  it('direction.eluard creates a trip authorisation for the 5e B from the template', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'direction.eluard');
    await page.goto('/formulaires');
    await page.getByRole('link', { name: 'Utiliser « Autorisation de sortie scolaire »' }).click();
    await page.waitForURL('**/formulaires/nouveau?modele=sortie-scolaire');
    const title = page.getByLabel(/^Titre/);
    await title.waitFor();
    expect(await title.inputValue()).toBe('Autorisation de sortie scolaire');
    await title.fill(TITLE);
    await page.getByRole('checkbox', { name: '5e B' }).check();
    // The builder reorders with the keyboard: « Monter » on question 4 puts it third, focus stays on it.
    const labels = () => page.locator('.formulaires-builder-question input[id$="-label"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    const before = await labels();
    await page.getByRole('button', { name: 'Monter la question 4' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Question déplacée en position 3.' }).waitFor();
    expect(await labels()).toEqual([before[0], before[1], before[3], before[2]]);
    expect(await page.evaluate(() => (globalThis as unknown as { document: BrowserDocument }).document.activeElement?.textContent)).toBe('Monter');
    // Preview: the conditional question follows its condition here too.
    await page.getByRole('button', { name: 'Aperçu' }).click();
    const preview = page.getByRole('region', { name: 'Aperçu du formulaire' });
    await preview.waitFor();
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Enregistrer et ouvrir aux réponses' }).click();
    await page.waitForURL(/\/formulaires\/[0-9a-f-]{36}\/resultats$/);
    formId = /formulaires\/([0-9a-f-]{36})\/resultats/.exec(page.url())?.[1] ?? '';
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
    expect(problems.list).toEqual([]);
  });

  it('parent.bernard signs for Lucas only, on a phone, and the detail question shows only after « Oui »', async () => {
    expect(formId).not.toBe('');
    const { page, problems } = await portal.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'parent.bernard');
    await page.goto('/formulaires');
    const card = page.getByRole('listitem').filter({ hasText: TITLE });
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain('pour Lucas Bernard');
    expect(await page.getByText('pour Léa Bernard').count()).toBe(0);
    await card.getByRole('link', { name: 'Répondre pour Lucas Bernard' }).click();
    await page.getByText('Réponse pour Lucas Bernard').waitFor();

    const detail = page.getByLabel(/^Précisez le traitement/);
    expect(await detail.count()).toBe(0);
    await page.getByRole('group', { name: /Votre enfant suit-il un traitement/ }).getByLabel('Oui').check();
    await detail.waitFor();
    await page.getByRole('group', { name: /Votre enfant suit-il un traitement/ }).getByLabel('Non').check();
    await detail.waitFor({ state: 'detached' });
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');

    // A signature without consent is refused before anything is sent.
    await page.getByLabel('J’autorise', { exact: true }).check();
    await page.getByLabel(/^Nom et prénom du signataire/).fill('Thomas Bernard');
    await page.getByLabel(/^Téléphone joignable/).fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await page.getByText('Cochez la case de consentement pour signer.').first().waitFor();
    await page.getByLabel(/^Je certifie être représentant légal/).check();
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await page.getByRole('status').filter({ hasText: 'Votre réponse pour Lucas Bernard est enregistrée.' }).waitFor();
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => (globalThis as unknown as { document: BrowserDocument }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(problems.list).toEqual([]);
  });

  it('the direction sees Lucas authorised and exports the list (CSV, UTF-8 with BOM)', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'direction.eluard');
    await page.goto(`/formulaires/${formId}/resultats`);
    const row = page.getByRole('row', { name: /^Lucas Bernard 5e B/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Autorisé']));
    expect(await row.textContent()).toContain('Thomas Bernard');
    await page.getByRole('img', { name: /Répartition des réponses à « J’autorise/ }).waitFor();
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter la liste des autorisations (CSV)' }).click()]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(records.find((record) => record['Élève'] === 'Lucas Bernard')?.['Statut']).toBe('Autorisé');
    await page.getByRole('status').filter({ hasText: /^Export téléchargé/ }).waitFor();
    expect(problems.list).toEqual([]);
  });

  it('two parallel attempts to book the last laptop-trolley slot give exactly one booking', async () => {
    const direction = await portal.portal.token('direction.eluard');
    const eluard = (await portal.portal.db.selectFrom('establishments').select('id').where('name', 'like', '%Éluard%').executeTakeFirstOrThrow()).id;
    const created = await portal.portal.graphql<{ createResource: { id: string } }>('mutation ($i: ResourceInput!) { createResource(input: $i) { id } }', {
      token: direction,
      variables: { i: { establishmentId: eluard, name: 'Chariot d’ordinateurs portables', kind: 'LAPTOP_TROLLEY', capacity: 1 } },
    });
    const resourceId = created.data?.createResource.id;
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(8, 0, 0, 0);
    const slots = await portal.portal.graphql<{ addSlots: Array<{ id: string }> }>('mutation ($r: ID!, $s: [SlotInput!]!) { addSlots(resourceId: $r, slots: $s) { id } }', {
      token: direction,
      variables: { r: resourceId, s: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString() }] },
    });
    const slotId = slots.data?.addSlots[0]?.id;
    expect(slotId).toBeDefined();

    const people = await Promise.all(
      ['prof.durand', 'doc.moreau'].map(async (login) => {
        const { page } = await portal.newPage();
        await logIn(page, login);
        await page.goto('/formulaires/reservations');
        const button = page.getByRole('button', { name: /^Réserver le créneau du/ });
        await button.waitFor();
        return { page, button };
      }),
    );
    expect(formatViolations(await blockingAxeViolations(people[0]!.page))).toBe('');
    await Promise.all(people.map(({ button }) => button.click()));
    const outcomes = await Promise.all(
      people.map(async ({ page }) => {
        const status = page.getByRole('status').filter({ hasText: /Créneau réservé|complet|déjà réservé/ });
        await status.waitFor();
        return (await status.textContent()) ?? '';
      }),
    );
    expect(outcomes.filter((outcome) => outcome.includes('Créneau réservé'))).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.includes('complet'))).toHaveLength(1);
    const check = await portal.portal.graphql<{ resource: { slots: Array<{ booked: number; remaining: number }> } }>('query ($id: ID!) { resource(id: $id) { slots { booked remaining } } }', {
      token: direction,
      variables: { id: resourceId },
    });
    expect(check.data?.resource.slots).toEqual([{ booked: 1, remaining: 0 }]);
  });
});
