import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockingAxeViolations, formatViolations, logIn, usePortalBrowser } from '../src/e2e/index.js';

/*
 * The messagerie in a real browser, behind the router, on the real subgraph: the issue's « Done when ».
 * The tests follow one another: the direction writes to « Parents de 5e B » with a read receipt; the
 * father of Lucas reads it, labelled with Lucas; the direction sees him as read and the others as unread
 * and reminds them; Lucas cannot write to the parents; Léa (CE1, cycle 2) can write only to her teacher.
 */

const portal = usePortalBrowser({ fixtureModules: true, subgraphs: ['messagerie'] });

const SUBJECT = 'Sortie au musée du quai Branly';
const BODY = 'La classe de 5e B visitera le musée jeudi. Merci de signer l’autorisation.';

let bernardName: string;

/** A small valid PDF: the upload end point checks the bytes, not only the name. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function expectNoBlockingViolation(page: Page): Promise<void> {
  expect(formatViolations(await blockingAxeViolations(page))).toBe('');
}

async function openMessagerie(page: Page, login: string, heading: string | RegExp = 'Messagerie'): Promise<void> {
  await logIn(page, login);
  await page.goto('/messagerie');
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

beforeAll(async () => {
  const row = await portal.portal.db.selectFrom('users').select(['first_name', 'last_name']).where('login', '=', 'parent.bernard').executeTakeFirstOrThrow();
  bernardName = `${row.first_name} ${row.last_name}`;
});

describe('messagerie, end to end', () => {
  it('direction.eluard writes to « Parents de 5e B » with a read receipt', async () => {
    const { page, problems } = await portal.newPage();
    await openMessagerie(page, 'direction.eluard');
    await page.getByRole('region', { name: 'Boîte de réception' }).waitFor();
    await expectNoBlockingViolation(page);

    await page.getByRole('button', { name: 'Nouveau message' }).click();
    await page.getByRole('region', { name: 'Nouveau message' }).waitFor();
    const parents = page.getByRole('checkbox', { name: 'Parents de 5e B' });
    await parents.waitFor();
    await expectNoBlockingViolation(page);
    // Sending with nothing filled in: the form says what is missing, and nothing leaves.
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Choisissez au moins un destinataire.').first().waitFor();

    await parents.check();
    await page.getByRole('list').filter({ hasText: 'Parents de 5e B' }).getByRole('button', { name: 'Retirer Parents de 5e B' }).waitFor();
    await page.getByLabel(/^Objet/).fill(SUBJECT);
    await page.getByLabel(/^Message/).fill(BODY);
    await page.getByRole('checkbox', { name: 'Demander un accusé de lecture' }).check();
    // A PDF attached: uploaded at once, its progress and its arrival announced.
    await page.getByLabel(/^Pièces jointes/).setInputFiles({ name: 'autorisation-sortie.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('status').filter({ hasText: '« autorisation-sortie.pdf » est joint au message.' }).waitFor();
    await page.getByRole('button', { name: 'Retirer « autorisation-sortie.pdf »' }).waitFor();
    await expectNoBlockingViolation(page);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();
    expect(problems.list).toEqual([]);
  });

  it('parent.bernard reads it, labelled with Lucas', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'parent.bernard');
    // The home tile counts it (User.mailSummary, declared in ent-module.json).
    await page.locator('li.ent-tile', { hasText: 'Messagerie' }).getByText('1 message non lu').waitFor();
    await page.goto('/messagerie');
    await page.getByRole('heading', { level: 1, name: 'Messagerie' }).waitFor();
    const entry = page.getByRole('button', { name: new RegExp(SUBJECT) });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Non lu');
    expect(await entry.textContent()).toMatch(/Concerne : Lucas/);
    await expectNoBlockingViolation(page);

    await entry.click();
    const article = page.getByRole('article', { name: SUBJECT });
    await article.waitFor();
    expect(await article.textContent()).toContain(BODY);
    expect(await article.textContent()).toMatch(/Concerne : Lucas/);
    // The attachment, downloadable through its signed link.
    const attachment = article.getByRole('link', { name: /autorisation-sortie\.pdf/ });
    await attachment.waitFor();
    const download = await page.request.get((await attachment.getAttribute('href')) as string);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // Opening it reads it: the unread mark goes.
    await expect.poll(async () => (await page.getByRole('button', { name: new RegExp(SUBJECT) }).textContent()) ?? '').not.toContain('Non lu');
    await expectNoBlockingViolation(page);

    // The child filter: under Léa, the message is not there.
    const childFilter = page.getByLabel('Enfant concerné');
    const lea = (await childFilter.locator('option', { hasText: 'Léa' }).textContent()) ?? '';
    await childFilter.selectOption({ label: lea });
    await page.getByText('Aucun message dans ce dossier.').waitFor();
    expect(problems.list).toEqual([]);
  });

  it('the direction sees Bernard as read and the others as unread, and reminds the others', async () => {
    const { page, problems } = await portal.newPage();
    await openMessagerie(page, 'direction.eluard');
    await page.getByRole('button', { name: 'Messages envoyés' }).click();
    await page.getByRole('button', { name: new RegExp(SUBJECT) }).click();
    const receipts = page.getByRole('region', { name: 'Accusés de lecture' });
    await receipts.waitFor();
    const read = receipts.getByRole('row', { name: new RegExp(bernardName) });
    expect(await read.textContent()).toMatch(/Lu le/);
    const rows = await receipts.getByRole('row').count();
    const unread = await receipts.getByRole('row').filter({ hasText: 'Non lu' }).count();
    expect(unread).toBe(rows - 2); // minus the header row and Bernard
    expect(await receipts.textContent()).toContain(`1 sur ${rows - 1} ont lu le message.`);
    await expectNoBlockingViolation(page);

    await receipts.getByRole('button', { name: 'Relancer' }).click();
    await page.getByRole('status').filter({ hasText: `Relance envoyée à ${rows - 2} personnes.` }).waitFor();
    await expect.poll(async () => receipts.getByRole('row').filter({ hasText: 'relancé le' }).count()).toBe(rows - 2);
    expect(problems.list).toEqual([]);
  });

  it('eleve.lucas cannot write to another pupil’s parents: the picker offers none, the server refuses a forged list', async () => {
    const { page, problems } = await portal.newPage();
    await openMessagerie(page, 'eleve.lucas');
    await page.getByRole('button', { name: 'Nouveau message' }).click();
    await page.getByRole('region', { name: 'Nouveau message' }).waitFor();
    await page.getByRole('group', { name: 'Enseignants' }).waitFor();
    const labels = await page.locator('.messagerie__options').getByRole('checkbox').evaluateAll((boxes) =>
      boxes.map((box) => (box as unknown as { labels: ArrayLike<{ textContent: string | null }> | null }).labels?.[0]?.textContent ?? ''),
    );
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.some((label) => /Parents/.test(label))).toBe(false);
    expect(labels).not.toContain(bernardName);

    const direction = await portal.portal.token('direction.eluard');
    const options = await portal.portal.graphql<{ recipientOptions: Array<{ key: string; label: string }> }>('{ recipientOptions { key label } }', { token: direction });
    const key = options.data?.recipientOptions.find((option) => option.label === 'Parents de 5e B')?.key;
    const forged = await portal.portal.graphql('mutation ($input: MessageInput!) { sendMessage(input: $input) { id } }', {
      token: await portal.portal.token('eleve.lucas'),
      variables: { input: { subject: 'x', body: 'y', recipients: [key] } },
    });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipients' });
    expect(problems.list).toEqual([]);
  });

  it('eleve.lea (CE1, cycle 2) gets the simplified view and can write only to her teacher', async () => {
    const { page, problems } = await portal.newPage();
    await openMessagerie(page, 'eleve.lea', 'Mes messages');
    await expectNoBlockingViolation(page);
    await page.getByRole('button', { name: 'Écrire à mon enseignant' }).click();
    await page.getByRole('region', { name: 'Nouveau message' }).waitFor();
    const boxes = page.locator('.messagerie__options').getByRole('checkbox');
    await boxes.first().waitFor();
    expect(await boxes.count()).toBe(1);
    const teacher = await portal.portal.db.selectFrom('users').select(['first_name', 'last_name']).where('login', '=', 'prof.petit').executeTakeFirstOrThrow();
    await page.getByRole('checkbox', { name: `${teacher.first_name} ${teacher.last_name}` }).check();
    await page.getByLabel(/^Objet/).fill('Mon dessin');
    await page.getByLabel(/^Message/).fill('J’ai fini mon dessin.');
    await expectNoBlockingViolation(page);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();
    expect(problems.list).toEqual([]);
  });
});
