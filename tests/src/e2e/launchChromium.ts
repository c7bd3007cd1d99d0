import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); ENT_CHROMIUM points elsewhere (another distribution, a local build). */
export function chromiumPath(): string {
  return process.env['ENT_CHROMIUM'] ?? '/usr/bin/chromium';
}

/**
 * Flags for a container without a user namespace sandbox or a GPU, and with nothing phoning home
 * (component updates, sync, field trials) while tests and the bench measure the network.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/**
 * Starts headless Chromium. A missing browser is an error, never a reason to skip: the browser tests
 * are the only check of the portal as people use it, and CI must not turn green without them.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install Debian's package (sudo apt-get install -y chromium) or set ENT_CHROMIUM to a Chromium binary`,
    );
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
}
