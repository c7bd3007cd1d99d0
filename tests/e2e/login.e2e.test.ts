import { describe, expect, it } from 'vitest';
import { blockingAxeViolations, formatViolations, logIn, recordSpeech, spoken, tabTo, usePortalBrowser } from '../src/e2e/index.js';

const portal = usePortalBrowser();

describe('login page', () => {
  it('is French, titled, free of serious accessibility violations, and says in French why a sign-in failed', async () => {
    const { page, problems } = await portal.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Connexion à l’ENT' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.title()).toBe('Connexion — ENT');
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');

    // Nothing typed: the form says what is missing, next to each field and in a focused summary.
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByLabel(/^Identifiant/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Saisissez votre identifiant.').count()).toBeGreaterThan(0);
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');

    await page.getByLabel(/^Identifiant/).fill('eleve.lucas');
    await page.getByLabel(/^Mot de passe/).fill('pas-le-bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const summary = page.locator('.ent-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/identifiant ou (le )?mot de passe/i);
    expect(formatViolations(await blockingAxeViolations(page))).toBe('');
    expect(problems.list).toEqual([]);
  });

  it('lists the demo accounts, and one click fills the form', async () => {
    const { page } = await portal.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: /Utiliser\s+eleve\.lea$/ }).click();
    expect(await page.getByLabel(/^Identifiant/).inputValue()).toBe('eleve.lea');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bonjour Léa !' }).waitFor();
  });
});

describe('with the keyboard only', () => {
  it('signs in, hears a tile read aloud, and opens it — every focused element showing its focus', async () => {
    const { page, problems } = await portal.newPage();
    await recordSpeech(page);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Connexion à l’ENT' }).waitFor();

    // The skip link comes first, then the form.
    const path = await tabTo(page, page.getByLabel(/^Identifiant/));
    expect(path[0]?.text).toBe('Aller au contenu');
    await page.keyboard.type('eleve.lea');
    path.push(...(await tabTo(page, page.getByLabel(/^Mot de passe/), 3)));
    await page.keyboard.type('ent-demo-92');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Bonjour Léa !' }).waitFor();

    const readAloud = page.getByRole('button', { name: 'Écouter : Mes devoirs' });
    path.push(...(await tabTo(page, readAloud)));
    await page.keyboard.press('Enter');
    await expect.poll(() => spoken(page)).toEqual([{ text: 'Mes devoirs.', lang: 'fr-FR' }]);

    const tile = page.getByRole('link', { name: 'Mes devoirs', exact: true });
    path.push(...(await tabTo(page, tile)));
    expect(path.filter((step) => !step.focusVisible)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/devoirs');
    await page.getByRole('heading', { level: 1, name: 'Devoirs' }).waitFor();
    expect(problems.list).toEqual([]);
  });

  it('signs out again', async () => {
    const { page } = await portal.newPage();
    await logIn(page, 'eleve.lucas');
    const logout = page.getByRole('button', { name: 'Se déconnecter' });
    await tabTo(page, logout);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Connexion à l’ENT' }).waitFor();
  });
});
