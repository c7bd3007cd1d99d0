import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database as OpenDatabase } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lastImportReport, listImportRuns } from '../../src/aaf/importRuns.repository.js';
import { buildViewer } from '../../src/auth/buildViewer.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import {
  COLLEGE,
  childrenOf,
  lineOf,
  classesOf,
  directorySnapshot,
  PUPILS,
  profilesOf,
  pupil2d,
  removeDir,
  resetDatabase,
  runImport,
  tableCounts,
  tempDir,
  userByExternalId,
  writeDepartement,
  writeFeed,
} from './helpers.js';

let database: OpenDatabase<Database>;
let db: Kysely<Database>;
const dirs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  db = database.db;
});
afterAll(async () => {
  await database?.close();
  for (const dir of dirs) removeDir(dir);
});
beforeEach(() => resetDatabase(db));

function departement(options: Parameters<typeof writeDepartement>[1] = {}): string {
  const dir = tempDir();
  dirs.push(dir);
  writeDepartement(dir, options);
  return dir;
}

async function id(externalId: string): Promise<string> {
  const user = await userByExternalId(db, externalId);
  if (!user) throw new Error(`no account for ${externalId}`);
  return user.id;
}

const NOTHING = { created: 0, updated: 0, moved: 0, deactivated: 0, reactivated: 0, structuresChanged: 0 };

describe('a full feed', () => {
  it('creates establishments, classes with their levels, pupils, legal guardians only, and staff with what they teach', async () => {
    const result = await runImport(db, departement());
    expect(result.status).toBe('SUCCEEDED');
    expect(result.summary).toMatchObject({ created: 14, updated: 0, moved: 0, deactivated: 0, filesApplied: 10, filesRejected: 0 });

    const establishments = await db.selectFrom('establishments').select(['uai', 'name', 'type', 'city', 'external_id']).orderBy('uai').execute();
    expect(establishments).toEqual([
      { uai: '0921234A', name: 'CLG-JEAN MOULIN', type: 'COLLEGE', city: 'Nanterre', external_id: '5001' },
      { uai: '0925678B', name: 'LYCEE MARIE CURIE', type: 'LYCEE', city: 'Nanterre', external_id: '5002' },
      { uai: '0929001C', name: 'ECOLE ELEMENTAIRE JULES FERRY', type: 'ECOLE_ELEMENTAIRE', city: 'Nanterre', external_id: '6001' },
    ]);
    const classes = await db.selectFrom('classes').select(['name', 'level', 'external_id']).orderBy('external_id').execute();
    expect(classes).toEqual([
      { name: '3A', level: 'TROISIEME', external_id: '5001$3A' },
      { name: '6A', level: 'SIXIEME', external_id: '5001$6A' },
      { name: '6B', level: 'SIXIEME', external_id: '5001$6B' },
      { name: '1G1', level: 'PREMIERE', external_id: '5002$1G1' },
      { name: '2NDE1', level: 'SECONDE', external_id: '5002$2NDE1' },
      { name: 'TG1', level: 'TERMINALE', external_id: '5002$TG1' },
      { name: 'CE1 A', level: 'CE1', external_id: '6001$CE1 A' },
    ]);

    const lea = await userByExternalId(db, '1001');
    expect(lea).toMatchObject({ first_name: 'Léa', last_name: 'Martin', login: 'lea.martin', birth_date: '2015-03-12', ine: '1234567890A', password_hash: null });
    expect(await profilesOf(db, lea?.id as string)).toEqual(['ELEVE 0921234A']);
    expect(await classesOf(db, lea?.id as string)).toEqual(['6A 2026-2027']);
    // The grandmother (3009) is a contact, not a legal guardian: no account.
    expect(await userByExternalId(db, '3009')).toBeUndefined();
    expect(result.files.find((file) => file.name.startsWith('ENT2D') && file.type === 'PersRelEleve')?.skipped).toEqual({ NOT_A_GUARDIAN: 1 });

    const teacher = await userByExternalId(db, '2001');
    expect(await profilesOf(db, teacher?.id as string)).toEqual(['ENSEIGNANT 0921234A Enseignement — mathematiques']);
    const teaching = await db
      .selectFrom('teaching_assignments as t')
      .leftJoin('classes as c', 'c.id', 't.class_id')
      .leftJoin('groups as g', 'g.id', 't.group_id')
      .select(['c.name as class_name', 'g.name as group_name', 't.subject', 't.head_teacher'])
      .where('t.teacher_id', '=', teacher?.id as string)
      .orderBy('t.subject')
      .orderBy('c.name')
      .execute();
    expect(teaching).toEqual([
      { class_name: null, group_name: 'LATIN5', subject: 'LATIN', head_teacher: false },
      { class_name: '6A', group_name: null, subject: 'MATHEMATIQUES', head_teacher: true },
      { class_name: '6B', group_name: null, subject: 'MATHEMATIQUES', head_teacher: false },
    ]);
    expect(await profilesOf(db, await id('2002'))).toEqual(['DIRECTION 0921234A Direction']);
    expect(await profilesOf(db, await id('2003'))).toEqual(['ENSEIGNANT 0925678B Enseignement — anglais', 'PERSONNEL 0925678B Documentation']);
    // Primary: the school's director teaches CE1 A, everything.
    const director = await id('7001');
    expect(await profilesOf(db, director)).toEqual(['DIRECTION 0929001C Direction d’école', 'ENSEIGNANT 0929001C Enseignant']);
    const primaryTeaching = await db.selectFrom('teaching_assignments').select(['subject', 'head_teacher']).where('teacher_id', '=', director).execute();
    expect(primaryTeaching).toEqual([{ subject: 'Polyvalent', head_teacher: false }]);

    const journal = await db.selectFrom('directory_import_journal').select(['action', 'entity_type', 'actor']).where('external_id', '=', '1001').execute();
    expect(journal).toEqual([{ action: 'CREATE', entity_type: 'USER', actor: 'test' }]);
    const [run] = await listImportRuns(db);
    expect(run).toMatchObject({ status: 'SUCCEEDED', dryRun: false, actor: 'test', academicYear: '2026-2027', mode: 'FULL' });
  });

  it('gives a parent of two pupils in two establishments one account that sees both children', async () => {
    await runImport(db, departement());
    const mother = await userByExternalId(db, '3001');
    expect(await childrenOf(db, mother?.id as string)).toEqual(['1001 Mère', '1002 Mère']);
    expect(await profilesOf(db, mother?.id as string)).toEqual(['PARENT 0921234A', 'PARENT 0925678B']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from users where first_name = 'Nathalie' and last_name = 'Martin'`.execute(db);
    expect(rows[0]?.n).toBe(1);
    const viewer = await buildViewer(db, mother?.id as string, 'session', ['pwd']);
    expect(viewer.childIds).toEqual([await id('1001'), await id('1002')].sort());
    expect(viewer.profiles.map((grant) => grant.profile)).toEqual(['PARENT', 'PARENT']);
  });

  it('importing the same files again changes nothing', async () => {
    const dir = departement();
    await runImport(db, dir);
    const before = { counts: await tableCounts(db), people: await directorySnapshot(db) };
    const again = await runImport(db, dir);
    expect(again.summary).toMatchObject(NOTHING);
    expect(again.summary.duplicatesReported).toBe(0);
    expect(await tableCounts(db)).toEqual(before.counts);
    expect(await directorySnapshot(db)).toEqual(before.people);
  });
});

describe('a dry run', () => {
  it('reports per establishment what would change and writes nothing; the real run then applies exactly that', async () => {
    const dir = departement();
    const empty = await tableCounts(db);
    const changes: string[] = [];
    const dry = await runImport(db, dir, { dryRun: true, onChange: (_, text) => changes.push(text) });
    expect(dry.dryRun).toBe(true);
    expect(await tableCounts(db)).toEqual(empty);
    const college = dry.establishments.find((establishment) => establishment.uai === '0921234A');
    // Three pupils, their four guardians (counted where their first child is) and two staff.
    expect(college).toMatchObject({ created: 9, updated: 0, moved: 0, deactivated: 0 });
    expect(college?.details).toContain('+ élève 1001 Léa Martin : prénom Léa ; nom Martin ; date de naissance 2015-03-12 ; INE 1234567890A ; profils ELEVE 0921234A ; classes 6A ; groupes LATIN5 ; responsables 3001 (Mère, responsable légal), 3002 (Père, responsable légal), 3009 (Autre membre de la famille, contact)');

    const real = await runImport(db, dir, { onChange: (_, text) => changes.push(text) });
    expect(real.summary).toEqual(dry.summary);
    // Ids are drawn afresh by each run; everything else is the same.
    const withoutIds = (list: typeof dry.establishments) => list.map(({ establishmentId, ...rest }) => rest);
    expect(withoutIds(real.establishments)).toEqual(withoutIds(dry.establishments));
    expect(changes.slice(changes.length / 2)).toEqual(changes.slice(0, changes.length / 2));
    // The dry run is in the history, marked as such.
    const runs = await listImportRuns(db, { includeDryRuns: true });
    expect(runs.map((run) => run.dryRun).sort()).toEqual([false, true]);
  });

  it('of a delta gives the same diff as applying it', async () => {
    await runImport(db, departement());
    const delta = tempDir();
    dirs.push(delta);
    writeFeed(delta, 'ENT2D_Delta_20261005_Eleve_0000.xml', [{ operation: 'modify', category: 'Eleve', id: '1001', attributes: { ENTEleveClasses: '5001$6B' } }]);
    const dry = await runImport(db, delta, { dryRun: true });
    const real = await runImport(db, delta);
    expect(real.summary).toEqual(dry.summary);
    expect(real.summary).toMatchObject({ ...NOTHING, moved: 1 });
  });
});

describe('changes', () => {
  it('a delta moving a pupil to another class moves only that pupil, and keeps the class history', async () => {
    await runImport(db, departement());
    const before = await directorySnapshot(db);
    const journalBefore = (await tableCounts(db))['directory_import_journal'] as number;
    const delta = tempDir();
    dirs.push(delta);
    writeFeed(delta, 'ENT2D_Delta_20261005_Eleve_0000.xml', [{ operation: 'modify', category: 'Eleve', id: '1001', attributes: { ENTEleveClasses: '5001$6B' } }]);
    const result = await runImport(db, delta);
    expect(result.summary).toMatchObject({ ...NOTHING, moved: 1 });
    const lea = await id('1001');
    expect(await classesOf(db, lea)).toEqual(['6B 2026-2027']);
    // Everyone else is exactly as before.
    const after = await directorySnapshot(db);
    expect(after.filter((row) => row['login'] !== 'lea.martin')).toEqual(before.filter((row) => row['login'] !== 'lea.martin'));
    expect(await profilesOf(db, lea)).toEqual(['ELEVE 0921234A']);
    const journal = await db.selectFrom('directory_import_journal').selectAll().where('id', '>', String(journalBefore)).execute();
    expect(journal.map((row) => [row.action, row.external_id, row.before, row.after])).toEqual([['MOVE', '1001', { classes: ['6A'] }, { classes: ['6B'] }]]);
    const history = await sql<{ name: string; ended: boolean }>`
      select c.name, e.ended_at is not null as ended from class_enrolments e join classes c on c.id = e.class_id
      where e.user_id = ${lea} order by e.started_at, c.name`.execute(db);
    expect(history.rows).toEqual([
      { name: '6A', ended: true },
      { name: '6B', ended: false },
    ]);
  });

  it('a full feed where one pupil changed class moves only that pupil', async () => {
    await runImport(db, departement());
    const moved = PUPILS.map((spec) => (spec.id === '1003' ? { ...spec, classes: ['5001$6A'] } : spec));
    const result = await runImport(db, departement({ pupils: moved }));
    expect(result.summary).toMatchObject({ ...NOTHING, moved: 1 });
    expect(await classesOf(db, await id('1003'))).toEqual(['6A 2026-2027']);
  });

  it('a pupil missing from a complete feed is deactivated at once, with the parent who has no other child', async () => {
    await runImport(db, departement());
    const result = await runImport(db, departement({ without: ['1004'] }), { clock: undefined });
    expect(result.summary).toMatchObject({ deactivated: 2, created: 0, moved: 0 });
    const noah = await userByExternalId(db, '1004');
    expect(noah?.status).toBe('DEACTIVATED');
    expect(await profilesOf(db, noah?.id as string)).toEqual([]);
    expect(await classesOf(db, noah?.id as string)).toEqual([]);
    expect((await userByExternalId(db, '3004'))?.status).toBe('DEACTIVATED');
    // Reappearing before the purge gives the same account back.
    const back = await runImport(db, departement());
    expect(back.summary).toMatchObject({ reactivated: 2, created: 0 });
    expect((await userByExternalId(db, '1004'))?.id).toBe(noah?.id);
  });

  it('a delete request removes the pupil from the directory (deactivated), nothing else', async () => {
    await runImport(db, departement());
    const delta = tempDir();
    dirs.push(delta);
    writeFeed(delta, 'ENT2D_Delta_20261005_Eleve_0000.xml', [{ operation: 'delete', category: 'Eleve', id: '1003' }]);
    const result = await runImport(db, delta);
    expect(result.summary).toMatchObject({ ...NOTHING, deactivated: 2 });
    expect((await userByExternalId(db, '1003'))?.status).toBe('DEACTIVATED');
    expect((await userByExternalId(db, '3003'))?.status).toBe('DEACTIVATED');
  });

  it('a changed name is updated, the login stays', async () => {
    await runImport(db, departement());
    const renamed = PUPILS.map((spec) => (spec.id === '1003' ? { ...spec, last: 'DUBOIS-MERCIER' } : spec));
    const result = await runImport(db, departement({ pupils: renamed }));
    expect(result.summary).toMatchObject({ ...NOTHING, updated: 1 });
    expect(await userByExternalId(db, '1003')).toMatchObject({ last_name: 'Dubois-Mercier', login: 'ines.dubois' });
  });
});

describe('one import at a time', () => {
  it('refuses to start while another is running, and takes over from one abandoned long ago', async () => {
    const dir = departement();
    const running = { mode: 'FULL', source: '/elsewhere', actor: 'nightly', academic_year: '2026-2027', dry_run: false, status: 'RUNNING' };
    await sql`insert into directory_import_runs (id, started_at, status, dry_run, mode, source, actor, academic_year)
      values (gen_random_uuid(), ${new Date('2026-09-15T07:00:00Z')}, ${running.status}, false, ${running.mode}, ${running.source}, ${running.actor}, ${running.academic_year})`.execute(db);
    await expect(runImport(db, dir)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('déjà en cours (lancé par nightly') });
    expect(await userByExternalId(db, '1001')).toBeUndefined();
    // A dry run reads in its own transaction: it may run meanwhile.
    expect((await runImport(db, dir, { dryRun: true })).summary.created).toBe(14);

    await sql`update directory_import_runs set started_at = ${new Date('2026-09-14T07:00:00Z')} where status = 'RUNNING'`.execute(db);
    expect((await runImport(db, dir)).status).toBe('SUCCEEDED');
    const runs = await listImportRuns(db);
    expect(runs.map((run) => [run.actor, run.status])).toEqual([
      ['test', 'SUCCEEDED'],
      ['nightly', 'FAILED'],
    ]);
  });
});

describe('bad input', () => {
  async function importedWith(mutate: (dir: string) => void) {
    await runImport(db, departement());
    const before = { counts: await tableCounts(db), people: await directorySnapshot(db) };
    const dir = departement();
    mutate(dir);
    const result = await runImport(db, dir);
    return { result, before };
  }

  it('a pupil in an unknown establishment rejects the whole pupil file; nobody is deactivated for it', async () => {
    const newcomer = { ...PUPILS[0], id: '1010', first: 'Tom', ine: 'X1', classes: ['5001$6A'] } as (typeof PUPILS)[number];
    let path = '';
    const { result, before } = await importedWith((dir) => {
      path = writeFeed(dir, 'ENT2D_Complet_20260901_Eleve_0000.xml', [...PUPILS.slice(1).map(pupil2d), pupil2d(newcomer), pupil2d({ ...newcomer, id: '1011', structure: '9999' })]);
    });
    expect(result.status).toBe('PARTIAL');
    const file = result.files.find((f) => f.name === 'ENT2D_Complet_20260901_Eleve_0000.xml');
    expect(file?.status).toBe('REJECTED');
    expect(file?.errors).toEqual([
      expect.objectContaining({ line: lineOf(path, '<id>1011</id>', 2), identifier: '1011', code: 'UNKNOWN_ESTABLISHMENT', message: 'établissement de rattachement inconnu (structure 9999)' }),
    ]);
    // Tom, valid and earlier in the same file, is not half-imported; Léa, absent from the rejected file, is not deactivated.
    expect(await userByExternalId(db, '1010')).toBeUndefined();
    expect(result.summary.deactivated).toBe(0);
    expect(await tableCounts(db)).toEqual({ ...before.counts, directory_import_journal: before.counts['directory_import_journal'] });
    expect(await directorySnapshot(db)).toEqual(before.people);
    const report = await lastImportReport(db);
    expect(report?.status).toBe('PARTIAL');
    expect(report?.files.find((f) => f.status === 'REJECTED')?.errors[0]?.identifier).toBe('1011');
  });

  it('a pupil in a class the establishment does not list is rejected with file, line and identifier', async () => {
    let path = '';
    const { result, before } = await importedWith((dir) => {
      path = writeFeed(dir, 'ENT2D_Complet_20260901_Eleve_0000.xml', PUPILS.map((spec) => pupil2d(spec.id === '1004' ? { ...spec, classes: ['5001$3Z'] } : spec)));
    });
    const file = result.files.find((f) => f.name === 'ENT2D_Complet_20260901_Eleve_0000.xml');
    expect(file?.errors.map((error) => [error.line, error.identifier, error.code])).toEqual([[lineOf(path, '<id>1004</id>', 2), '1004', 'UNKNOWN_CLASS']]);
    expect(file?.errors[0]?.message).toBe('classe 3Z inexistante : absente de la liste des classes de 0921234A (CLG-JEAN MOULIN)');
    expect(await directorySnapshot(db)).toEqual(before.people);
  });

  it('a truncated file is rejected and nothing of it applied', async () => {
    const { result, before } = await importedWith((dir) => {
      const path = join(dir, 'ENT2D_Complet_20260901_PersEducNat_0000.xml');
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.slice(0, Math.floor(text.length * 0.8)));
    });
    const file = result.files.find((f) => f.name === 'ENT2D_Complet_20260901_PersEducNat_0000.xml');
    expect(file?.status).toBe('REJECTED');
    expect(file?.errors[0]).toMatchObject({ code: 'TRUNCATED_FILE', identifier: '2003' });
    expect(file?.errors[0]?.line).toBeGreaterThan(0);
    expect(result.summary.deactivated).toBe(0);
    expect(await directorySnapshot(db)).toEqual(before.people);
  });

  it('a malformed file is rejected; the other files are applied', async () => {
    const dir = departement();
    const path = join(dir, 'ENT2D_Complet_20260901_Eleve_0000.xml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('<value>DUBOIS</value></attr>', '<value>DUBOIS</valeur></attr>'));
    const result = await runImport(db, dir);
    const file = result.files.find((f) => f.name === 'ENT2D_Complet_20260901_Eleve_0000.xml');
    expect(file?.errors[0]).toMatchObject({ code: 'MALFORMED_XML', identifier: '1003', line: lineOf(path, '</valeur>') });
    expect(await userByExternalId(db, '1001')).toBeUndefined();
    expect(await userByExternalId(db, '2001')).toBeDefined();
    // Relatives named by no imported pupil get no account.
    expect(await userByExternalId(db, '3001')).toBeUndefined();
  });

  it('a modification of someone the directory does not know is a warning, not an error', async () => {
    await runImport(db, departement());
    const delta = tempDir();
    dirs.push(delta);
    writeFeed(delta, 'ENT2D_Delta_20261005_Eleve_0000.xml', [
      { operation: 'modify', category: 'Eleve', id: '4242', attributes: { ENTEleveClasses: `${COLLEGE}$6B` } },
    ]);
    const result = await runImport(db, delta);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.files[0]?.warnings.map((warning) => [warning.identifier, warning.code])).toEqual([['4242', 'UNKNOWN_PERSON']]);
  });
});

describe('classes and groups made by hand', () => {
  it('are taken over by the feed that names them, keeping their id, rather than duplicated', async () => {
    const feed = departement();
    await runImport(db, feed);
    const handMade = await db.selectFrom('classes').select(['id', 'name', 'establishment_id', 'external_id']).where('external_id', 'is not', null).executeTakeFirstOrThrow();
    const group = await db.selectFrom('groups').select(['id', 'external_id']).where('external_id', 'is not', null).executeTakeFirstOrThrow();
    // As if an administrator had created them before the feed arrived.
    await db.updateTable('classes').set({ external_id: null }).where('id', '=', handMade.id).execute();
    await db.updateTable('groups').set({ external_id: null }).where('id', '=', group.id).execute();

    await runImport(db, feed);
    const sameName = await db
      .selectFrom('classes')
      .select(['id', 'external_id'])
      .where('establishment_id', '=', handMade.establishment_id)
      .where('name', '=', handMade.name)
      .execute();
    expect(sameName).toEqual([{ id: handMade.id, external_id: handMade.external_id }]);
    expect(await db.selectFrom('groups').select('external_id').where('id', '=', group.id).executeTakeFirstOrThrow()).toEqual({
      external_id: group.external_id,
    });
  });
});
