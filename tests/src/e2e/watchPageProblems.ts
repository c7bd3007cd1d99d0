import type { Page } from 'playwright-core';

export interface PageProblems {
  /** Uncaught exceptions and Content-Security-Policy refusals seen so far, oldest first. */
  readonly list: string[];
  clear(): void;
}

/**
 * Collects what a person would never see but that means the portal is broken: an uncaught exception
 * in a page, or a resource the Content-Security-Policy refused (a micro-frontend injecting an inline
 * script, loading from another origin…). Failed requests (a 401 while the session is checked) are not
 * problems by themselves; the assertions on the page say whether the portal coped.
 */
export function watchPageProblems(page: Page): PageProblems {
  const list: string[] = [];
  page.on('pageerror', (error) => list.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) list.push(`CSP: ${message.text()}`);
  });
  return {
    list,
    clear: () => {
      list.length = 0;
    },
  };
}
