import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The file types of a ficAlimMENESR feed, in the order they are imported (references point backwards). */
export const FEED_TYPES = ['EtabEducNat', 'MatiereEducNat', 'MefEducNat', 'Eleve', 'PersRelEleve', 'PersEducNat'] as const;
export type FeedType = (typeof FEED_TYPES)[number];

/** A complete file lists everyone of its kind (absence means departure); a delta file lists changes only. */
export type FeedMode = 'FULL' | 'DELTA';

export interface FeedFile {
  path: string;
  name: string;
  type: FeedType;
  mode: FeedMode;
  /** yyyyMMdd from the name, when present. */
  date: string;
  /** The NNNN part: a large file is split in numbered parts. */
  part: number;
  size: number;
}

/** The categories a record of each file type may carry (operationalAttributes). */
export const CATEGORIES: Record<FeedType, readonly string[]> = {
  EtabEducNat: ['EtabEducNat'],
  MatiereEducNat: ['MatiereEducNat', 'MatEducNat'],
  MefEducNat: ['MefEducNat'],
  Eleve: ['Eleve'],
  PersRelEleve: ['PersRelEleve'],
  PersEducNat: ['PersEducNat'],
};

const NAME = new RegExp(`_(${FEED_TYPES.join('|')})_(\\d+)\\.xml$`, 'i');

export function feedFileOf(path: string, name: string, size: number): FeedFile | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const type = FEED_TYPES.find((candidate) => candidate.toLowerCase() === (match[1] as string).toLowerCase()) as FeedType;
  // ENT_Complet_20200101_… : complete; anything else (…_Delta_…) is applied as a list of changes.
  const mode: FeedMode = /(^|_)complet(_|$)/i.test(name) ? 'FULL' : 'DELTA';
  return { path, name, type, mode, date: /_(\d{8})_/.exec(name)?.[1] ?? '', part: Number(match[2]), size };
}

/**
 * The feed files of a directory in import order: by type (establishments, subjects, MEFs, pupils,
 * relatives, staff), then date, then part. Other files (the DTD, archives, notes) are returned apart.
 */
export function listFeedFiles(directory: string): { files: FeedFile[]; ignored: string[] } {
  const files: FeedFile[] = [];
  const ignored: string[] = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    const stat = statSync(path);
    if (!stat.isFile()) continue;
    const file = feedFileOf(path, name, stat.size);
    if (file) files.push(file);
    else ignored.push(name);
  }
  files.sort(
    (a, b) =>
      FEED_TYPES.indexOf(a.type) - FEED_TYPES.indexOf(b.type) ||
      a.date.localeCompare(b.date) ||
      a.part - b.part ||
      a.name.localeCompare(b.name),
  );
  return { files, ignored };
}
