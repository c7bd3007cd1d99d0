import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@ent/kit';
import { type Kysely, sql } from 'kysely';
import { feedXml, type FeedRequest } from '../../src/aaf/feedWriter.js';
import { type ImportOptions, type ImportResult, importDirectory } from '../../src/aaf/importDirectory.js';
import type { Database } from '../../src/db/database.js';

export const SAMPLES = fileURLToPath(new URL('./fixtures/aaf-2020-sample', import.meta.url));

/** The line of the first line containing `text` (1-based), minus `before`: where the parser places a record. */
export function lineOf(path: string, text: string, before = 0): number {
  const index = readFileSync(path, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`${text} not in ${path}`);
  return index + 1 - before;
}

export function tempDir(prefix = 'aaf-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Latin-9 bytes for the characters tests use (ISO-8859-15 differs from Latin-1 on €, Œ, œ, Š, š, Ž, ž, Ÿ). */
export function latin9(text: string): Buffer {
  const special: Record<string, number> = { '€': 0xa4, Š: 0xa6, š: 0xa8, Ž: 0xb4, ž: 0xb8, Œ: 0xbc, œ: 0xbd, Ÿ: 0xbe };
  const bytes: number[] = [];
  for (const char of text) {
    const code = special[char] ?? char.codePointAt(0) ?? 0x3f;
    if (code > 0xff) throw new Error(`not in Latin-9: ${char}`);
    bytes.push(code);
  }
  return Buffer.from(bytes);
}

export function writeFeed(dir: string, name: string, requests: readonly FeedRequest[], encoding: 'UTF-8' | 'ISO-8859-15' = 'UTF-8'): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const text = feedXml(requests, encoding);
  writeFileSync(path, encoding === 'UTF-8' ? text : latin9(text));
  return path;
}

export const clock = () => new ManualClock('2026-09-15T08:00:00Z');

export function runImport(db: Kysely<Database>, directory: string, options: Partial<ImportOptions> = {}): Promise<ImportResult> {
  return importDirectory(db, { directory, clock: clock(), actor: 'test', batchSize: 2, ...options });
}

/** Empties every table between tests (faster than a new database each time, on PGlite and PostgreSQL alike). */
export async function resetDatabase(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db);
  if (rows.length === 0) return;
  await sql`truncate table ${sql.join(rows.map((row) => sql.table(row.table_name)))} restart identity cascade`.execute(db);
}

/** Row counts of every directory table: equal before and after means nothing was written. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = [
    'establishments',
    'classes',
    'groups',
    'users',
    'user_profiles',
    'class_members',
    'group_members',
    'family_links',
    'teaching_assignments',
    'user_external_ids',
    'directory_pupil_relations',
    'class_enrolments',
    'directory_subjects',
    'directory_mefs',
    'directory_import_journal',
    'directory_duplicate_candidates',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}

/** Who is who and where, independent of generated ids. */
export async function directorySnapshot(db: Kysely<Database>) {
  const { rows } = await sql<Record<string, unknown>>`
    select u.login, u.first_name, u.last_name, u.status, u.birth_date::text as birth_date, u.ine, u.email, u.updated_at,
      (select string_agg(p.profile || '@' || coalesce(e.uai, '') || ':' || coalesce(p.function_label, ''), ',' order by p.profile, e.uai)
         from user_profiles p left join establishments e on e.id = p.establishment_id where p.user_id = u.id) as profiles,
      (select string_agg(c.name || '/' || c.academic_year, ',' order by c.name) from class_members m join classes c on c.id = m.class_id where m.user_id = u.id) as classes,
      (select string_agg(g.name, ',' order by g.name) from group_members m join groups g on g.id = m.group_id where m.user_id = u.id) as groups,
      (select string_agg(c.login || ':' || coalesce(f.relationship, ''), ',' order by c.login) from family_links f join users c on c.id = f.child_id where f.parent_id = u.id) as children,
      (select string_agg(coalesce(c.name, g.name) || ':' || t.subject || ':' || t.head_teacher, ',' order by coalesce(c.name, g.name), t.subject)
         from teaching_assignments t left join classes c on c.id = t.class_id left join groups g on g.id = t.group_id where t.teacher_id = u.id) as teaching
    from users u order by u.login`.execute(db);
  return rows;
}

export async function userByExternalId(db: Kysely<Database>, externalId: string) {
  const { rows } = await sql<{
    id: string;
    login: string;
    first_name: string;
    last_name: string;
    status: string;
    birth_date: string | null;
    ine: string | null;
    email: string | null;
    password_hash: string | null;
    deactivated_at: Date | null;
    personal_data_purge_at: Date | null;
    purged_at: Date | null;
    merged_into: string | null;
  }>`
    select u.id, u.login, u.first_name, u.last_name, u.status, u.birth_date::text as birth_date, u.ine, u.email, u.password_hash,
      u.deactivated_at, u.personal_data_purge_at, u.purged_at, u.merged_into
    from user_external_ids e join users u on u.id = e.user_id where e.external_id = ${externalId}`.execute(db);
  return rows[0];
}

export async function profilesOf(db: Kysely<Database>, userId: string): Promise<string[]> {
  const { rows } = await sql<{ p: string }>`
    select p.profile || ' ' || coalesce(e.uai, '') || coalesce(' ' || p.function_label, '') as p
    from user_profiles p left join establishments e on e.id = p.establishment_id where p.user_id = ${userId} order by 1`.execute(db);
  return rows.map((row) => row.p);
}

export async function classesOf(db: Kysely<Database>, userId: string): Promise<string[]> {
  const { rows } = await sql<{ c: string }>`
    select c.name || ' ' || c.academic_year || (case when c.active then '' else ' (fermée)' end) as c
    from class_members m join classes c on c.id = m.class_id where m.user_id = ${userId} order by 1`.execute(db);
  return rows.map((row) => row.c);
}

export async function childrenOf(db: Kysely<Database>, parentId: string): Promise<string[]> {
  const { rows } = await sql<{ c: string }>`
    select e.external_id || ' ' || coalesce(f.relationship, '') as c
    from family_links f join user_external_ids e on e.user_id = f.child_id where f.parent_id = ${parentId} order by 1`.execute(db);
  return rows.map((row) => row.c);
}

// ——— A small crafted département: two secondary establishments (2D feed) and a primary school (1D feed) ———

export const COLLEGE = '5001';
export const LYCEE = '5002';
export const ECOLE = '6001';

export function etab2d(jointure: string, uai: string, name: string, type: string, classes: string[], groups: string[] = []): FeedRequest {
  return {
    operation: 'add',
    category: 'EtabEducNat',
    id: jointure,
    attributes: {
      ENTStructureJointure: jointure,
      ENTStructureUAI: uai,
      ENTEtablissementUAI: uai,
      ENTStructureNomCourant: name,
      ENTStructureTypeStruct: type,
      l: 'NANTERRE',
      ENTServAcAcademie: 'VERSAILLES',
      ENTStructureClasses: classes,
      ENTStructureGroupes: groups,
    },
  };
}

export function etab1d(jointure: string, uai: string, name: string): FeedRequest {
  return {
    operation: 'add',
    category: 'EtabEducNat',
    id: jointure,
    attributes: {
      ENTStructureJointure: jointure,
      ENTStructureUAI: uai,
      ENTStructureNomCourant: name,
      ENTStructureTypeStruct: 'ECOLE ELEMENTAIRE',
      ENTStructureVille: 'NANTERRE',
    },
  };
}

export interface PupilSpec {
  id: string;
  first: string;
  last: string;
  birth: string;
  ine?: string;
  structure: string;
  classes: string[];
  groups?: string[];
  /** idParent$lien$respFinancier$respLegal$contact$paiement */
  relations: string[];
  mef?: string;
  mefLabel?: string;
}

export function pupil2d(spec: PupilSpec): FeedRequest {
  return {
    operation: 'add',
    category: 'Eleve',
    id: spec.id,
    attributes: {
      ENTPersonJointure: spec.id,
      ENTEleveINE: spec.ine ?? `INE${spec.id}`,
      ENTPersonDateNaissance: spec.birth,
      ENTPersonNomPatro: spec.last,
      sn: spec.last,
      givenName: spec.first,
      personalTitle: 'M.',
      ENTElevePersRelEleve: spec.relations,
      ENTPersonAdresse: '12 rue Pasteur$$$',
      ENTPersonCodePostal: '92000',
      ENTPersonVille: 'NANTERRE',
      ENTPersonPays: 'FRANCE',
      ENTEleveMEF: spec.mef ?? '',
      ENTEleveLibelleMEF: spec.mefLabel ?? '',
      ENTPersonStructRattach: spec.structure,
      ENTEleveClasses: spec.classes,
      ENTEleveGroupes: spec.groups ?? [],
    },
  };
}

export function pupil1d(spec: PupilSpec): FeedRequest {
  return {
    operation: 'add',
    category: 'Eleve',
    id: spec.id,
    attributes: {
      ENTPersonJointure: spec.id,
      ENTEleveINE: spec.ine ?? `INE${spec.id}`,
      ENTPersonDateNaissance: spec.birth,
      ENTPersonNom: spec.last,
      ENTPersonPrenom: spec.first,
      ENTPersonCivilite: 'Mme',
      ENTEleveAutoriteParentale: spec.relations,
      ENTPersonStructRattach: spec.structure,
      ENTPersonClasses: spec.classes,
      ENTEleveNiveau: spec.mefLabel ?? '',
    },
  };
}

export function relative(
  id: string,
  first: string,
  last: string,
  birth: string,
  options: { email?: string; address?: string; degree?: '1D' | '2D' } = {},
): FeedRequest {
  const names =
    options.degree === '1D' ? { ENTPersonNom: last, ENTPersonPrenom: first, ENTPersonMail: options.email ?? null } : { sn: last, givenName: first, mail: options.email ?? null };
  return {
    operation: 'add',
    category: 'PersRelEleve',
    id,
    attributes: {
      ENTPersonJointure: id,
      ENTPersonDateNaissance: birth,
      ...names,
      ENTPersonAdresse: options.address ?? '12 rue Pasteur$$$',
      ENTPersonCodePostal: '92000',
      ENTPersonVille: 'NANTERRE',
      ENTPersonPays: 'FRANCE',
    },
  };
}

export function staff(id: string, first: string, last: string, attributes: Record<string, string | string[]>): FeedRequest {
  return {
    operation: 'add',
    category: 'PersEducNat',
    id,
    attributes: { ENTPersonJointure: id, ENTPersonDateNaissance: '01/02/1975', sn: last, givenName: first, ...attributes },
  };
}

export const COLLEGE_CLASSES = ['6A$6EME A$10010012110', '6B$6EME B$10010012110', '3A$3EME A$10310019110'];

export interface DepartementOptions {
  collegeClasses?: string[];
  pupils?: PupilSpec[];
  extraPupils?: PupilSpec[];
  without?: string[];
  date?: string;
}

export const PUPILS: PupilSpec[] = [
  { id: '1001', first: 'Léa', last: 'MARTIN', birth: '12/03/2015', ine: '1234567890A', structure: COLLEGE, classes: ['5001$6A'], groups: ['5001$LATIN5'], relations: ['3001$2$1$1$1$1', '3002$1$1$1$1$0', '3009$4$0$0$1$0'], mef: '10010012110' },
  { id: '1002', first: 'Hugo', last: 'MARTIN', birth: '02/11/2011', structure: LYCEE, classes: ['5002$2NDE1'], relations: ['3001$2$1$1$1$1', '3002$1$1$1$1$0'] },
  { id: '1003', first: 'Inès', last: 'DUBOIS', birth: '30/06/2015', structure: COLLEGE, classes: ['5001$6B'], relations: ['3003$2$1$1$1$1'], mef: '10010012110' },
  { id: '1004', first: 'Noah', last: 'PETIT', birth: '15/01/2012', structure: COLLEGE, classes: ['5001$3A'], relations: ['3004$1$1$1$1$1'], mef: '10310019110' },
];

/**
 * Writes the crafted feed into `dir`: establishments, subjects and MEFs, pupils, relatives and staff, for
 * a collège, a lycée (2D) and an école (1D). Options change it for the scenarios (a pupil moved, gone…).
 */
export function writeDepartement(dir: string, options: DepartementOptions = {}): void {
  const date = options.date ?? '20260901';
  const file = (prefix: string, type: string) => `${prefix}_Complet_${date}_${type}_0000.xml`;
  const without = new Set(options.without ?? []);
  writeFeed(dir, file('ENT2D', 'EtabEducNat'), [
    etab2d(COLLEGE, '0921234A', 'CLG-JEAN MOULIN-ac-VERSAILLES', 'CLG', options.collegeClasses ?? COLLEGE_CLASSES, ['LATIN5$LATIN 5E']),
    etab2d(LYCEE, '0925678B', 'LYCEE MARIE CURIE', 'LYC', ['2NDE1$2NDE 1$20010018110', 'TG1$TERMINALE G1$', '1G1$1ERE G1$']),
  ]);
  writeFeed(dir, file('ENT1D', 'EtabEducNat'), [etab1d(ECOLE, '0929001C', 'ECOLE ELEMENTAIRE JULES FERRY')]);
  writeFeed(dir, file('ENT2D', 'MatiereEducNat'), [
    { operation: 'add', category: 'MatiereEducNat', id: '061300', attributes: { ENTMatJointure: '061300', ENTLibelleMatiere: 'MATHEMATIQUES' } },
    { operation: 'add', category: 'MatiereEducNat', id: '020700', attributes: { ENTMatJointure: '020700', ENTLibelleMatiere: 'LATIN' } },
    { operation: 'add', category: 'MatiereEducNat', id: '030201', attributes: { ENTMatJointure: '030201', ENTLibelleMatiere: 'ANGLAIS LV1' } },
  ]);
  writeFeed(dir, file('ENT2D', 'MefEducNat'), [
    { operation: 'add', category: 'MefEducNat', id: '10010012110', attributes: { ENTMefJointure: '10010012110', ENTLibelleMef: '6EME', ENTMEFSTAT11: '1001' } },
    { operation: 'add', category: 'MefEducNat', id: '10310019110', attributes: { ENTMefJointure: '10310019110', ENTLibelleMef: '3EME', ENTMEFSTAT11: '1003' } },
    { operation: 'add', category: 'MefEducNat', id: '20010018110', attributes: { ENTMefJointure: '20010018110', ENTLibelleMef: '2NDE GENERALE ET TECHNO.', ENTMEFSTAT11: '2001' } },
  ]);
  const pupils = [...(options.pupils ?? PUPILS), ...(options.extraPupils ?? [])].filter((spec) => !without.has(spec.id));
  writeFeed(dir, file('ENT2D', 'Eleve'), pupils.map(pupil2d));
  writeFeed(dir, file('ENT1D', 'Eleve'), without.has('6101') ? [] : [pupil1d({ id: '6101', first: 'Jade', last: 'ROUX', birth: '08/08/2018', structure: ECOLE, classes: ['6001$CE1 A'], relations: ['8005'], mefLabel: 'CE1' })]);
  writeFeed(dir, file('ENT2D', 'PersRelEleve'), [
    relative('3001', 'Nathalie', 'MARTIN', '04/05/1982', { email: 'nathalie.martin@example.org' }),
    relative('3002', 'Pierre', 'MARTIN', '21/09/1980'),
    relative('3003', 'Sophie', 'DUBOIS', '17/12/1985', { address: '3 avenue de Paris$$$' }),
    relative('3004', 'Karim', 'PETIT', '09/10/1979', { address: '8 rue Jean-Jaurès$$$' }),
    relative('3009', 'Jeanne', 'MARTIN', '01/01/1950', { address: '1 rue des Lilas$$$' }),
  ]);
  writeFeed(dir, file('ENT1D', 'PersRelEleve'), [relative('8005', 'Claire', 'ROUX', '14/02/1990', { degree: '1D', address: '5 allée des Tilleuls$$$' })]);
  writeFeed(dir, file('ENT2D', 'PersEducNat'), [
    staff('2001', 'Marc', 'LEROY', {
      ENTPersonStructRattach: COLLEGE,
      ENTPersonFonctions: ['5001$ENS$ENSEIGNEMENT$L1300$MATHEMATIQUES'],
      ENTAuxEnsClassesMatieres: ['5001$6A$061300', '5001$6B$061300'],
      ENTAuxEnsGroupesMatieres: ['5001$LATIN5$020700'],
      ENTAuxEnsClassesPrincipal: ['5001$6A'],
    }),
    staff('2002', 'Anne', 'BERNARD', { ENTPersonStructRattach: COLLEGE, ENTPersonFonctions: ['5001$DIR$DIRECTION$$'] }),
    staff('2003', 'Paul', 'SIMON', {
      ENTPersonStructRattach: LYCEE,
      ENTPersonFonctions: ['5002$DOC$DOCUMENTATION$$', '5002$ENS$ENSEIGNEMENT$L0302$ANGLAIS', '0000$ENS$ENSEIGNEMENT$L0302$ANGLAIS'],
      ENTAuxEnsClassesMatieres: ['5002$TG1$030201'],
    }),
  ]);
  writeFeed(dir, file('ENT1D', 'PersEducNat'), [
    {
      operation: 'add',
      category: 'PersEducNat',
      id: '7001',
      attributes: {
        ENTPersonJointure: '7001',
        ENTPersonNom: 'MOREAU',
        ENTPersonPrenom: 'Julie',
        ENTPersonDateNaissance: '03/03/1984',
        ENTPersonStructRattach: ECOLE,
        ENTPersonFonctions: ['6001$ENS$ENSEIGNANT$$'],
        ENTEnsFonctionDir: [ECOLE],
        ENTPersonClasses: ['6001$CE1 A'],
      },
    },
  ]);
}
