import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

let directory: string | undefined;

/** Where failure screenshots go: ENT_E2E_ARTIFACTS, or a fresh temporary directory per run. */
export function artifactsDirectory(): string {
  if (!directory) {
    const configured = process.env['ENT_E2E_ARTIFACTS'];
    if (configured) mkdirSync(configured, { recursive: true });
    directory = configured ?? mkdtempSync(join(tmpdir(), 'ent-e2e-'));
  }
  return directory;
}

function fileNameOf(testName: string): string {
  const slug = testName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
  return `${slug || 'test'}-${Date.now()}.png`;
}

/**
 * A full-page screenshot of every page still open, named after the failed test; returns the paths
 * (printed, so a CI log says where to look). Never throws: a closed page must not hide the failure.
 */
export async function screenshotPages(testName: string, pages: readonly Page[]): Promise<string[]> {
  const paths: string[] = [];
  for (const [index, page] of pages.entries()) {
    if (page.isClosed()) continue;
    const path = join(artifactsDirectory(), fileNameOf(pages.length > 1 ? `${testName}-${index + 1}` : testName));
    try {
      await page.screenshot({ path, fullPage: true, timeout: 5_000 });
      paths.push(path);
    } catch {
      // The page may be mid-navigation or its browser gone; the test's own error is what matters.
    }
  }
  if (paths.length > 0) console.error(`screenshots of « ${testName} »:\n  ${paths.join('\n  ')}`);
  return paths;
}
