import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockingAxeViolations, formatViolations, logIn, usePortalBrowser } from '../src/e2e/index.js';
import { ressourcesGarControl } from '../src/subgraphs/ressourcesGar.js';

/*
 * Ressources numériques in a real browser, behind the router, on the real subgraph and the GAR
 * simulator: the issue's « Done when ». Lucas sees what the simulated GAR assigned to 5e B, opens a
 * resource and completes the SAML round trip (ENT IdP → simulator SP); with the simulator stopped he
 * still sees his list, marked as not up to date. The tests follow one another.
 */

const portal = usePortalBrowser({ fixtureModules: true, subgraphs: ['ressources-gar'] });

async function expectNoBlockingViolation(page: Page): Promise<void> {
  expect(formatViolations(await blockingAxeViolations(page))).toBe('');
}

async function openGallery(page: Page, login: string): Promise<void> {
  await logIn(page, login);
  await page.goto('/ressources-gar');
  await page.getByRole('heading', { level: 1, name: 'Ressources numériques' }).waitFor();
}

beforeAll(() => {
  // SAML and LTI URLs go through the portal the browser uses.
  ressourcesGarControl.portalUrl = portal.portal.portalUrl;
});

describe('Ressources numériques, end to end', () => {
  it('eleve.lucas sees the resources assigned to 5e B, opens one and completes the SAML round trip with the simulated GAR', async () => {
    const { page } = await portal.newPage();
    await openGallery(page, 'eleve.lucas');
    const gallery = page.getByRole('list', { name: 'Ressources numériques' });
    await gallery.getByRole('heading', { name: /Annabac\.com/ }).waitFor();
    await gallery.getByRole('heading', { name: /Courrier international/ }).waitFor();
    expect(await page.getByText('Liste peut-être pas à jour').count()).toBe(0);
    await expectNoBlockingViolation(page);

    // Filters: the search narrows the gallery and says how many are left.
    await page.getByLabel(/^Rechercher/).fill('annabac');
    await expect.poll(() => gallery.getByRole('listitem').count()).toBe(1);
    await page.getByLabel(/^Rechercher/).fill('');

    const lucas = (await portal.portal.db.selectFrom('users').select('id').where('login', '=', 'eleve.lucas').executeTakeFirstOrThrow()).id;
    await page.getByRole('button', { name: 'Ouvrir Annabac.com' }).click();
    // The ENT's IdP page (no script allowed by the portal's policy): the person continues with the button.
    const proceed = page.getByRole('button', { name: 'Continuer vers la ressource' });
    await proceed.waitFor();
    await expectNoBlockingViolation(page);
    await proceed.click();
    await page.getByRole('heading', { level: 1, name: 'Annabac.com' }).waitFor();
    expect(page.url().startsWith(`${ressourcesGarControl.simulatorUrl}/saml/acs`)).toBe(true);
    expect(await page.getByTestId('gar-person').textContent()).toBe(`Connecté par le GAR : ${lucas}`);
  });

  it('eleve.lea (CE1, cycle 2) gets large pictogram tiles instead of the gallery, accessible', async () => {
    const { page } = await portal.newPage();
    await openGallery(page, 'eleve.lea');
    const tile = page.getByRole('button', { name: 'Ouvrir Château de Versailles' });
    await tile.waitFor();
    // No filters for the youngest: tiles only.
    expect(await page.getByLabel(/^Rechercher/).count()).toBe(0);
    const box = await tile.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(200);
    await expectNoBlockingViolation(page);
  });

  it('with the simulator stopped, eleve.lucas still sees his list, marked as not up to date', async () => {
    await ressourcesGarControl.simulator?.stop();
    const { page } = await portal.newPage();
    await openGallery(page, 'eleve.lucas');
    // Said in a live region, in words (not by colour alone).
    await page.getByRole('status').filter({ hasText: 'Liste peut-être pas à jour' }).first().waitFor();
    expect(await page.getByText('Liste peut-être pas à jour', { exact: true }).count()).toBe(1);
    const gallery = page.getByRole('list', { name: 'Ressources numériques' });
    await gallery.getByRole('heading', { name: /Annabac\.com/ }).waitFor();
    await expectNoBlockingViolation(page);
  });

  it('admin.eluard administers the affectation managers and LTI tools; the view is accessible', async () => {
    const { page } = await portal.newPage();
    await openGallery(page, 'admin.eluard');
    await page.getByRole('link', { name: 'Administration des ressources' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration des ressources numériques' }).waitFor();
    const managers = page.getByRole('table', { name: 'Responsables d’affectation de l’établissement' });
    await managers.waitFor();
    expect(await managers.getByRole('rowheader').count()).toBe(2);
    await page.getByRole('table', { name: 'Outils LTI enregistrés' }).waitFor();
    await expectNoBlockingViolation(page);

    // A wrong launch URL is refused with the field named, in French.
    await page.getByLabel(/^Nom/).fill('Outil de test');
    await page.getByLabel(/^Émetteur/).fill('https://outil.example');
    await page.getByLabel(/^Identifiant client/).fill('client-1');
    await page.getByLabel(/^Identifiant de déploiement/).fill('dep-1');
    await page.getByLabel(/^Adresse d’initiation/).fill('https://outil.example/login');
    await page.getByLabel(/^Adresse de lancement/).fill('http://outil.example/launch');
    await page.getByLabel(/^Adresse du jeu de clés/).fill('https://outil.example/jwks');
    await page.getByRole('button', { name: 'Enregistrer l’outil' }).click();
    await page.getByText(/adresse https:\/\/ attendue/).first().waitFor();
    await page.getByLabel(/^Adresse de lancement/).fill('https://outil.example/launch');
    await page.getByRole('button', { name: 'Enregistrer l’outil' }).click();
    await page.getByRole('table', { name: 'Outils LTI enregistrés' }).getByRole('rowheader', { name: 'Outil de test' }).waitFor();
    await expectNoBlockingViolation(page);
  });
});
