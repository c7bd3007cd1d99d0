import type { Page, Response } from 'playwright-core';
import { DEMO_PASSWORD } from '../harness.js';
import { launchChromium } from '../e2e/launchChromium.js';
import { startPortal } from '../e2e/startPortal.js';
import { findReactCopies, formatAssetTable, kilobytes, sizeOf, totalOf, type WebAsset } from './webAssets.js';

/**
 * npm run bench:web — what a first visit to the portal downloads, measured in headless Chromium on the
 * built shell (run `npm run build` first; the root script does): the login page, signing in as the
 * collège's local administrator, the home page, then the first micro-frontend (/admin). Every JS, CSS,
 * HTML and JSON file of the portal's origin is recorded once, at the step that first needed it, and its
 * compressed size computed; API calls (/graphql, /auth) are data, not counted. Checks there is exactly
 * one copy of React. Prints figures; asserts nothing.
 *
 * ENT_BENCH_WEB_LOGIN (default admin.eluard).
 */
const BUDGET_JS_BYTES = 170_000;
const login = process.env['ENT_BENCH_WEB_LOGIN'] ?? 'admin.eluard';

function kindOf(response: Response): WebAsset['kind'] | null {
  const type = response.request().resourceType();
  if (type === 'document') return 'document';
  if (type === 'script') return 'script';
  if (type === 'stylesheet') return 'stylesheet';
  if (type === 'font') return 'font';
  if (type === 'image') return 'image';
  const contentType = response.headers()['content-type'] ?? '';
  if (contentType.includes('javascript')) return 'script';
  if (contentType.includes('text/css')) return 'stylesheet';
  if (contentType.includes('json')) return 'data';
  return null;
}

const API_PATHS = /^\/(graphql|auth|demo|\.well-known|health|ready)(\/|$)/;

/** Records the portal's own files as the page loads them; `step` names the visit's current step. */
function recordAssets(page: Page, origin: string) {
  const assets = new Map<string, WebAsset>();
  const pending: Promise<void>[] = [];
  let step = 'login page';
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin || API_PATHS.test(url.pathname) || response.request().method() !== 'GET') return;
    const kind = kindOf(response);
    const key = url.pathname;
    if (!kind || assets.has(key) || response.status() !== 200) return;
    const entry: WebAsset = { path: key, kind, step, body: Buffer.alloc(0) };
    assets.set(key, entry);
    pending.push(
      response.body().then(
        (body) => {
          entry.body = body;
        },
        () => undefined,
      ),
    );
  });
  return {
    setStep(name: string) {
      step = name;
    },
    async collected(): Promise<WebAsset[]> {
      await Promise.all(pending);
      return [...assets.values()];
    },
  };
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  const portal = await startPortal();
  try {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    const origin = new URL(portal.portalUrl).origin;
    const recorder = recordAssets(page, origin);

    await page.goto(portal.portalUrl, { waitUntil: 'networkidle' });
    await page.getByLabel(/^Identifiant/).waitFor();

    recorder.setStep('home page');
    await page.getByLabel(/^Identifiant/).fill(login);
    await page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');

    recorder.setStep('/admin');
    await page.getByRole('link', { name: 'Modules', exact: true }).click();
    await page.waitForURL(/\/admin/);
    await page.getByRole('table').first().waitFor();
    await page.waitForLoadState('networkidle');

    const downloaded = await recorder.collected();
    const assets = downloaded.map(sizeOf);
    const scripts = downloaded
      .filter((asset) => asset.kind === 'script')
      .map((asset) => ({ path: asset.path, text: asset.body.toString('utf8') }));
    const react = findReactCopies(scripts);
    const js = totalOf(assets, ['script']);
    const css = totalOf(assets, ['stylesheet']);
    const all = totalOf(assets);
    const loginPageJs = totalOf(
      assets.filter((asset) => asset.step === 'login page'),
      ['script'],
    );

    console.log(`First visit of the portal as ${login}: login page → home page → /admin (Chromium ${browser.version()})\n`);
    console.log(formatAssetTable(assets));
    console.log('');
    console.log(`JavaScript: ${kilobytes(js.raw)} kB raw, ${kilobytes(js.gzip)} kB gzip, ${kilobytes(js.brotli)} kB brotli`);
    console.log(`  of which the login page: ${kilobytes(loginPageJs.raw)} kB raw, ${kilobytes(loginPageJs.gzip)} kB gzip, ${kilobytes(loginPageJs.brotli)} kB brotli`);
    console.log(`CSS:        ${kilobytes(css.raw)} kB raw, ${kilobytes(css.gzip)} kB gzip, ${kilobytes(css.brotli)} kB brotli`);
    console.log(`Everything: ${kilobytes(all.raw)} kB raw, ${kilobytes(all.gzip)} kB gzip, ${kilobytes(all.brotli)} kB brotli`);
    const verdict = js.gzip <= BUDGET_JS_BYTES ? 'within' : 'OVER';
    console.log(
      `Budget: ${kilobytes(BUDGET_JS_BYTES)} kB of compressed JavaScript (gzip) — ${kilobytes(js.gzip)} kB, ${verdict} budget (${kilobytes(Math.abs(BUDGET_JS_BYTES - js.gzip))} kB ${verdict === 'within' ? 'to spare' : 'over'})`,
    );
    const outsideVendor = react.filesWithReactCode.filter((path) => !path.startsWith('/vendor/'));
    console.log(
      `React copies: ${react.copies} (${react.copies === 1 ? 'one, as required' : 'EXPECTED EXACTLY ONE'}), version ${react.versions.join(', ') || '?'}; ` +
        `React code in ${react.filesWithReactCode.join(', ') || 'no file'} — ${outsideVendor.length === 0 ? 'none outside the shared vendor bundle' : `ALSO IN ${outsideVendor.join(', ')}`}`,
    );
    await context.close();
  } finally {
    await browser.close();
    await portal.stop();
  }
}

await main();
