import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { composeFromList, normalizeSdl } from './compose.js';
import { SUPERGRAPH_PATH } from './paths.js';

/**
 * Writes next to the target then renames over it: a reader (the router watching the file) sees the
 * old supergraph or the new one, never half of one.
 */
export async function writeSupergraph(sdl: string, path: string = SUPERGRAPH_PATH): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, normalizeSdl(sdl), 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export type CheckOutcome =
  | { ok: true }
  | { ok: false; reason: 'composition' | 'missing' | 'stale'; message: string };

/** What CI runs: the list composes, and the committed supergraph is exactly what it composes to. */
export async function checkSupergraph(
  options: { listPath?: string; supergraphPath?: string } = {},
): Promise<CheckOutcome> {
  const supergraphPath = options.supergraphPath ?? SUPERGRAPH_PATH;
  const outcome = await composeFromList(options.listPath);
  if (!outcome.ok) return { ok: false, reason: 'composition', message: outcome.report };
  let committed: string;
  try {
    committed = await readFile(supergraphPath, 'utf8');
  } catch {
    return {
      ok: false,
      reason: 'missing',
      message: `Le supergraphe ${supergraphPath} est absent : lancez « npm run compose » (missing: run npm run compose).`,
    };
  }
  if (normalizeSdl(committed) !== outcome.supergraphSdl) {
    return {
      ok: false,
      reason: 'stale',
      message:
        `Le supergraphe ${supergraphPath} ne correspond plus aux schémas des sous-graphes ` +
        '(stale: run npm run compose).',
    };
  }
  return { ok: true };
}
