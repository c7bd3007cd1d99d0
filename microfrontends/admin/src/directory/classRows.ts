import type { AdminMessage, AdminMessageKey } from '../messages.js';

export type Level = 'PS' | 'MS' | 'GS' | 'CP' | 'CE1' | 'CE2' | 'CM1' | 'CM2' | 'SIXIEME' | 'CINQUIEME' | 'QUATRIEME' | 'TROISIEME'
  | 'SECONDE' | 'PREMIERE' | 'TERMINALE' | 'BUT1' | 'BUT2' | 'BUT3' | 'BTS1' | 'BTS2';
export type Cycle = 'CYCLE_1' | 'CYCLE_2' | 'CYCLE_3' | 'CYCLE_4' | 'LYCEE' | 'SUPERIEUR';

/** School order, from petite section to the last year of BTS (the schema's `Level` enum, in its order). */
const LEVEL_ORDER: readonly Level[] = [
  'PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', 'SIXIEME', 'CINQUIEME', 'QUATRIEME', 'TROISIEME',
  'SECONDE', 'PREMIERE', 'TERMINALE', 'BUT1', 'BUT2', 'BUT3', 'BTS1', 'BTS2',
];

export interface DirectoryClass {
  id: string;
  name: string;
  level: Level;
  cycle: Cycle;
  pupilCount: number;
  teachings: ReadonlyArray<{ subject: string; teacher: { displayName: string } }>;
}

export interface ClassRow {
  id: string;
  name: string;
  level: AdminMessage;
  cycle: AdminMessage;
  pupilCount: number;
  /** « Claire Durand (Mathématiques) », one per teacher, subjects joined, by name. */
  teachers: AdminMessage[];
}

function rank(level: Level): number {
  const index = LEVEL_ORDER.indexOf(level);
  return index < 0 ? LEVEL_ORDER.length : index;
}

/** The table of an establishment's classes: in school order (CP before CE1), then by name. */
export function classRows(classes: readonly DirectoryClass[]): ClassRow[] {
  return [...classes]
    .sort((a, b) => rank(a.level) - rank(b.level) || a.name.localeCompare(b.name, 'fr', { numeric: true }))
    .map((schoolClass) => {
      const subjectsByTeacher = new Map<string, Set<string>>();
      for (const teaching of schoolClass.teachings) {
        const subjects = subjectsByTeacher.get(teaching.teacher.displayName) ?? new Set<string>();
        subjects.add(teaching.subject);
        subjectsByTeacher.set(teaching.teacher.displayName, subjects);
      }
      const teachers = [...subjectsByTeacher.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'fr'))
        .map(([name, subjects]): AdminMessage => ({ key: 'directory.teacher', params: { name, subjects: [...subjects].join(', ') } }));
      return {
        id: schoolClass.id,
        name: schoolClass.name,
        level: { key: `level.${schoolClass.level}` as AdminMessageKey },
        cycle: { key: `cycle.${schoolClass.cycle}` as AdminMessageKey },
        pupilCount: schoolClass.pupilCount,
        teachers,
      };
    });
}

/** A search needs two characters at least (after trimming): fewer would list half the directory. */
export function searchQueryOf(raw: string): { ok: true; query: string } | { ok: false; message: AdminMessage } {
  const query = raw.trim().replace(/\s+/g, ' ');
  if (query.length < 2) return { ok: false, message: { key: 'directory.search.tooShort' } };
  return { ok: true, query };
}
