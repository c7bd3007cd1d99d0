import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GarVariant } from './directory.js';
import { type GarEntries, type GarEntry, GAR_FILE_KINDS, GAR_VERSION, type GarFileKind, namespaceOf } from './garEntries.js';

/** GAR's limit: at most this many top-level elements per file. */
export const GAR_MAX_ELEMENTS_PER_FILE = 10_000;

export interface WrittenFile {
  name: string;
  path: string;
  kind: GarFileKind;
  variant: GarVariant;
  elements: number;
  bytes: number;
  /** Line where each entry starts, in order, with who it is about: maps a validator's line to a person. */
  lineIndex: { line: number; subject: string }[];
}

/** `yyyyMMdd_HHmmss` in Europe/Paris, as GAR names files. */
export function garTimestamp(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts['year']}${parts['month']}${parts['day']}_${parts['hour']}${parts['minute']}${parts['second']}`;
}

export function garFileName(idEnt: string, stamp: string, variant: GarVariant, kind: GarFileKind, index: number): string {
  return `${idEnt}_GAR-ENT_Complet_${stamp}_${variant}_${kind}_${String(index).padStart(4, '0')}.xml`;
}

/**
 * Writes a variant's five files into `dir`, each split at GAR_MAX_ELEMENTS_PER_FILE entries (a kind
 * with no entry still gets its one, empty, file). One entry per line, so a validator's line number
 * names the entry.
 */
export async function writeGarFiles(
  dir: string,
  idEnt: string,
  stamp: string,
  variant: GarVariant,
  entries: GarEntries,
  maxPerFile = GAR_MAX_ELEMENTS_PER_FILE,
): Promise<WrittenFile[]> {
  await mkdir(dir, { recursive: true });
  const written: WrittenFile[] = [];
  for (const kind of GAR_FILE_KINDS) {
    const all: readonly GarEntry[] = entries[kind];
    const chunks = Math.max(1, Math.ceil(all.length / maxPerFile));
    for (let index = 0; index < chunks; index++) {
      const chunk = all.slice(index * maxPerFile, (index + 1) * maxPerFile);
      const name = garFileName(idEnt, stamp, variant, kind, index);
      const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<men:GAR-ENT-${kind} xmlns:men="${namespaceOf(variant)}" xmlns="${namespaceOf(variant)}" Version="${GAR_VERSION[variant]}">`,
      ];
      const lineIndex: WrittenFile['lineIndex'] = [];
      for (const entry of chunk) {
        lineIndex.push({ line: lines.length + 1, subject: entry.subject });
        lines.push(entry.xml);
      }
      lines.push(`</men:GAR-ENT-${kind}>`, '');
      const text = lines.join('\n');
      const path = join(dir, name);
      await writeFile(path, text, 'utf8');
      written.push({ name, path, kind, variant, elements: chunk.length, bytes: Buffer.byteLength(text), lineIndex });
    }
  }
  return written;
}

/** Who the entry at `line` is about (the last entry starting at or before it). */
export function subjectAtLine(file: Pick<WrittenFile, 'lineIndex'>, line: number): string | undefined {
  let low = 0;
  let high = file.lineIndex.length - 1;
  let found: string | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = file.lineIndex[middle]!;
    if (entry.line <= line) {
      found = entry.subject;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
