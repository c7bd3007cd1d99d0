import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModuleGate, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { createRouter, type EntRouter } from '@ent/router';
import { composeFromList, writeSupergraph } from '@ent/schema';
import { createVieScolaireServer, type Database, migrations, type VieScolaireServer } from '@ent/vie-scolaire';
import { TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockingAxeViolations,
  formatViolations,
  hasFocus,
  launchChromium,
  logIn,
  type StagedShell,
  shellDist,
  stageShellWithFixtures,
  tabTo,
  tileLabels,
} from '../src/e2e/index.js';
import { repositoryRoot, type RunningEnt, startEnt } from '../src/harness.js';

/*
 * Issue 10 in a real browser: the vendor example (Mercurius) is registered into a running portal through
 * the router's API, without rebuilding the shell nor restarting anything; once the collège enables it,
 * its tile appears for prof.durand and eleve.lucas, and its screens are used with the keyboard and pass
 * axe. The tests follow one another.
 */
const dir = mkdtempSync(join(tmpdir(), 'ent-vendor-e2e-'));
const registryPath = join(dir, 'registry.json');
const supergraphPath = join(dir, 'supergraph.graphql');
const listPath = join(dir, 'subgraphs.json');

let ent: RunningEnt;
let router: EntRouter;
let portalUrl: string;
let vendor: VieScolaireServer;
let closeVendorDb: () => Promise<void>;
let staged: StagedShell;
let browser: Browser;
const pages: Page[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: portalUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  pages.push(page);
  return page;
}

async function expectNoBlockingViolation(page: Page): Promise<void> {
  expect(formatViolations(await blockingAxeViolations(page))).toBe('');
}

async function departementAdminToken(): Promise<string> {
  const login = await ent.login('admin.departement');
  const mfa = await fetch(`${ent.url}/auth/mfa`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mfaToken: login.body.mfaToken, code: new TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate() }),
  });
  return ((await mfa.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  browser = await launchChromium();
  process.env['ENT_REGISTRY_PATH'] = registryPath;
  writeFileSync(
    listPath,
    JSON.stringify([
      { name: 'annuaire', url: 'http://127.0.0.1:4001/graphql', sdl: join(repositoryRoot, 'subgraphs/annuaire/schema.graphql') },
      { name: 'cahier-de-textes', url: 'http://127.0.0.1:4002/graphql', sdl: join(repositoryRoot, 'subgraphs/cahier-de-textes/schema.graphql') },
    ]),
  );
  const composed = await composeFromList(listPath);
  if (!composed.ok) throw new Error(composed.report);
  await writeSupergraph(composed.supergraphSdl, supergraphPath);
  ent = await startEnt();
  staged = stageShellWithFixtures(shellDist);
  router = await createRouter({
    supergraphPath,
    annuaireUrl: ent.annuaireUrl,
    subgraphUrls: { annuaire: ent.subgraphUrls['annuaire'] as string },
    staticDir: staged.dir,
    logger: silentLogger,
    registry: { registryPath, builtinListPath: listPath, bundleRoots: [join(repositoryRoot, 'microfrontends')] },
  });
  portalUrl = (await router.listen(0)).url;
  const database = await createTestDatabase<Database>('vie-scolaire', migrations);
  closeVendorDb = database.close;
  // The kit's gate trusts what it read for 30 s by default; here the collège's activation must show at once.
  const gate = createModuleGate({ moduleId: 'vie-scolaire', activationsUrl: `${ent.annuaireUrl}/modules/activations`, ttlMs: 0 });
  vendor = await createVieScolaireServer({ db: database.db, logger: silentLogger, annuaireUrl: ent.annuaireUrl, gate });
  const vendorUrl = `${(await vendor.listen(0)).url}/graphql`;

  const registered = await fetch(`${portalUrl}/api/registry/subgraphs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await departementAdminToken()}` },
    body: JSON.stringify({ name: 'vie-scolaire', url: vendorUrl, moduleId: 'vie-scolaire', bundleDir: join(repositoryRoot, 'microfrontends/vie-scolaire/dist') }),
  });
  if (registered.status !== 201) throw new Error(`registration: ${JSON.stringify(await registered.json())}`);
});

afterAll(async () => {
  for (const page of pages) await page.context().close().catch(() => undefined);
  await browser?.close();
  await router?.stop();
  await vendor?.stop();
  await closeVendorDb?.();
  await ent?.stop();
  staged?.remove();
  rmSync(dir, { recursive: true, force: true });
  delete process.env['ENT_REGISTRY_PATH'];
});

describe('a vendor module registered into the running portal', () => {
  it('shows no tile while the collège has not enabled it', async () => {
    const page = await newPage();
    await logIn(page, 'eleve.lucas');
    expect(await tileLabels(page)).not.toContain('Vie scolaire');
  });

  it('shows the tile to prof.durand once enabled; the teacher records an absence with the keyboard only', async () => {
    const college = (await ent.db.selectFrom('establishments').select('id').where('name', 'like', '%Éluard%').executeTakeFirstOrThrow()).id;
    const enabled = await ent.graphql<{ setModuleActivation: { enabled: boolean } }>(
      'mutation ($e: ID!) { setModuleActivation(establishmentId: $e, moduleId: "vie-scolaire", enabled: true) { enabled } }',
      { token: await ent.token('admin.eluard'), variables: { e: college } },
    );
    expect(enabled.data?.setModuleActivation.enabled).toBe(true);

    const page = await newPage();
    await logIn(page, 'prof.durand');
    await expect.poll(() => tileLabels(page)).toContain('Vie scolaire');
    await page.getByRole('link', { name: /Vie scolaire/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Vie scolaire' }).waitFor();
    expect(await page.title()).toBe('Absences et retards — Vie scolaire — ENT');
    await expectNoBlockingViolation(page);

    const classSelect = page.getByLabel(/^Classe/);
    await tabTo(page, classSelect);
    await page.keyboard.type('5');
    await expect.poll(() => classSelect.locator('option:checked').textContent()).toBe('5e B');
    const lucas = page.getByLabel(/Lucas/);
    await lucas.waitFor();
    await tabTo(page, lucas);
    await page.keyboard.type('a');
    expect(await lucas.locator('option:checked').textContent()).toBe('Absence');
    const save = page.getByRole('button', { name: 'Enregistrer' });
    await tabTo(page, save);
    expect(await hasFocus(save)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('1 absence(s) ou retard(s) enregistré(s).').waitFor();
    await page.getByRole('table', { name: /Absences et retards/ }).getByRole('rowheader', { name: /Lucas/ }).waitFor();
    await expectNoBlockingViolation(page);
  });

  it('shows the tile to eleve.lucas and his absence, unjustified', async () => {
    const page = await newPage();
    await logIn(page, 'eleve.lucas');
    await expect.poll(() => tileLabels(page)).toContain('Vie scolaire');
    await page.goto('/vie-scolaire');
    const table = page.getByRole('table', { name: /Absences et retards/ });
    await table.getByRole('cell', { name: 'Non justifiée' }).waitFor();
    await expectNoBlockingViolation(page);
  });

  it('lets parent.bernard justify it with the keyboard; the vie scolaire marks it handled', async () => {
    const page = await newPage();
    await logIn(page, 'parent.bernard');
    await page.goto('/vie-scolaire');
    const justify = page.getByRole('button', { name: /^Justifier — Lucas/ });
    await tabTo(page, justify);
    await page.keyboard.press('Enter');
    const reason = page.getByLabel(/^Motif/);
    await reason.waitFor();
    await tabTo(page, reason);
    await page.keyboard.type('M');
    expect(await reason.locator('option:checked').textContent()).toBe('Maladie');
    await tabTo(page, page.getByLabel(/^Commentaire/));
    await page.keyboard.type('Fièvre');
    await expectNoBlockingViolation(page);
    await tabTo(page, page.getByRole('button', { name: 'Envoyer' }));
    await page.keyboard.press('Enter');
    await page.getByText('Justification envoyée.').waitFor();
    await page.getByRole('cell', { name: 'Justifiée (Maladie)' }).waitFor();

    const staff = await newPage();
    await logIn(staff, 'doc.moreau');
    await staff.goto('/vie-scolaire');
    await staff.getByRole('heading', { name: 'À suivre (vie scolaire)' }).waitFor();
    await expectNoBlockingViolation(staff);
    await staff.getByRole('button', { name: /^Marquer comme traitée — Lucas/ }).first().click();
    await staff.getByText('Absence marquée comme traitée.').waitFor();
  });
});
