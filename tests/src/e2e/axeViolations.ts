import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The rules of WCAG 2.1 levels A and AA, the bar RGAA 4 sets for every page of the ENT. */
export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string; html: string }>;
}

interface PageGlobals {
  document: unknown;
  axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
}

let axeSource: string | undefined;

function loadAxeSource(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/**
 * Runs axe-core on the page as it is now. The script is evaluated through the DevTools protocol rather
 * than `page.addScriptTag`: the portal's Content-Security-Policy (rightly) refuses inline scripts, and
 * the tests keep that policy on so that a page needing an inline script fails them.
 */
export async function axeViolations(page: Page, options: { include?: string } = {}): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(loadAxeSource());
  const tags = [...WCAG_21_AA_TAGS];
  // Runs in the page; this package is compiled without the DOM library, hence the page's globals by hand.
  return page.evaluate(
    async ({ include, tags }) => {
      const page = globalThis as unknown as PageGlobals;
      const result = await page.axe.run(include ? { include: [include] } : page.document, { runOnly: { type: 'tag', values: tags } });
      return result.violations;
    },
    { include: options.include, tags },
  );
}

/** The violations that block a page: serious and critical ones (moderate and minor are reported, not failed). */
export async function blockingAxeViolations(page: Page, options: { include?: string } = {}): Promise<AxeViolation[]> {
  const violations = await axeViolations(page, options);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** One line per violation and offending node, for an assertion message a person can act on. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .flatMap((violation) => [
      `${violation.impact ?? '?'} ${violation.id}: ${violation.help} (${violation.helpUrl})`,
      ...violation.nodes.slice(0, 5).map((node) => `  ${JSON.stringify(node.target)} ${node.html.slice(0, 160)}`),
    ])
    .join('\n');
}
