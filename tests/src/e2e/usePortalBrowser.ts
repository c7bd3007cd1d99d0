import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { screenshotPages } from './failureArtifacts.js';
import { launchChromium } from './launchChromium.js';
import { type PortalOptions, type RunningPortal, startPortal } from './startPortal.js';
import { type PageProblems, watchPageProblems } from './watchPageProblems.js';

export interface PortalBrowser {
  readonly portal: RunningPortal;
  readonly browser: Browser;
  /**
   * A page in a fresh browser context (no cookies, no storage: a new person at a new computer), French
   * and on Paris time like the ENT's users. Closed after the test; screenshotted first if the test failed.
   */
  newPage(): Promise<{ page: Page; problems: PageProblems }>;
}

/**
 * Registers the hooks of a browser test file: the portal stack (fresh seeded annuaire, router serving
 * the built shell, with stand-ins for the modules not built yet unless told otherwise) and headless
 * Chromium start once for the file and stop after it.
 */
export function usePortalBrowser(options: PortalOptions = { fixtureModules: true }): PortalBrowser {
  let portal: RunningPortal | undefined;
  let browser: Browser | undefined;
  let contexts: Array<{ context: BrowserContext; page: Page }> = [];

  beforeAll(async () => {
    // Chromium first: without it nothing can run, and the error should say so before the stack spends seconds starting.
    browser = await launchChromium();
    portal = await startPortal(options);
  });

  afterEach(async (context) => {
    const opened = contexts;
    contexts = [];
    if (context.task.result?.state === 'fail') {
      await screenshotPages(
        context.task.name,
        opened.map((entry) => entry.page),
      );
    }
    await Promise.all(opened.map((entry) => entry.context.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  return {
    get portal() {
      if (!portal) throw new Error('the portal is not started (usePortalBrowser hooks did not run)');
      return portal;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started (usePortalBrowser hooks did not run)');
      return browser;
    },
    async newPage() {
      if (!browser || !portal) throw new Error('usePortalBrowser: the portal or Chromium is not started');
      const context = await browser.newContext({
        baseURL: portal.portalUrl,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        viewport: { width: 1280, height: 900 },
        // Colours are checked once settled: axe reading a button mid-transition sees a blend that fails
        // contrast for a few frames. The end states are the same with or without motion.
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      contexts.push({ context, page });
      return { page, problems: watchPageProblems(page) };
    },
  };
}
