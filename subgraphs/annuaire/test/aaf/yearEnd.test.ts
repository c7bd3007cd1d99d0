import { type Database as OpenDatabase, ManualClock } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHistoryOfUser } from '../../src/aaf/importRuns.repository.js';
import { purgeExpiredPersonalData } from '../../src/aaf/retention.js';
import { buildViewer } from '../../src/auth/buildViewer.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { classesOf, COLLEGE_CLASSES, PUPILS, profilesOf, removeDir, runImport, tempDir, userByExternalId, writeDepartement } from './helpers.js';

let database: OpenDatabase<Database>;
let db: Kysely<Database>;
const dirs: string[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  db = database.db;
  const first = tempDir();
  dirs.push(first);
  writeDepartement(first);
  await runImport(db, first);
  for (const externalId of ['1001', '1002', '1003', '1004', '3001', '3003', '3004', '2001']) {
    ids[externalId] = (await userByExternalId(db, externalId))?.id as string;
  }
});
afterAll(async () => {
  await database?.close();
  for (const dir of dirs) removeDir(dir);
});

describe('la rentrée: the first complete feed of a new school year', () => {
  const rentree = new ManualClock('2027-08-28T06:00:00Z');
  let summary: Awaited<ReturnType<typeof runImport>>['summary'];

  beforeAll(async () => {
    const dir = tempDir();
    dirs.push(dir);
    // Léa goes up to 5e, Hugo to 1re; Inès and Noah have left the académie.
    writeDepartement(dir, {
      date: '20270828',
      collegeClasses: [...COLLEGE_CLASSES.filter((c) => !c.startsWith('3A')), '5A$5EME A$10110001110'],
      pupils: PUPILS.map((spec) =>
        spec.id === '1001' ? { ...spec, classes: ['5001$5A'], groups: [], mef: '10110001110' } : spec.id === '1002' ? { ...spec, classes: ['5002$1G1'] } : spec,
      ),
      without: ['1003', '1004'],
    });
    ({ summary } = await runImport(db, dir, { clock: rentree, academicYear: '2027-2028' }));
  });

  it('deactivates pupils who left at once, and the parents left without a child, with a purge date three months on', async () => {
    expect(summary).toMatchObject({ deactivated: 4, created: 0 });
    for (const externalId of ['1003', '1004', '3003', '3004']) {
      const user = await userByExternalId(db, externalId);
      expect(user).toMatchObject({ status: 'DEACTIVATED' });
      expect(user?.deactivated_at?.toISOString()).toBe('2027-08-28T06:00:00.000Z');
      expect(user?.personal_data_purge_at?.toISOString()).toBe('2027-11-28T06:00:00.000Z');
      expect(await profilesOf(db, user?.id as string)).toEqual([]);
    }
    expect((await userByExternalId(db, '3001'))?.status).toBe('ACTIVE');
  });

  it('puts pupils in the new year’s classes and keeps last year’s as history', async () => {
    const lea = ids['1001'] as string;
    expect(await classesOf(db, lea)).toEqual(['5A 2027-2028', '6A 2026-2027 (fermée)']);
    const viewer = await buildViewer(db, lea, 'session', ['pwd']);
    const fiveA = await db.selectFrom('classes').select('id').where('name', '=', '5A').executeTakeFirstOrThrow();
    expect(viewer.classIds).toEqual([fiveA.id]);
    const level = await db.selectFrom('classes').select('level').where('id', '=', fiveA.id).executeTakeFirstOrThrow();
    expect(level.level).toBe('CINQUIEME');
    const history = await sql<{ name: string; year: string; open: boolean }>`
      select c.name, c.academic_year as year, e.ended_at is null as open
      from class_enrolments e join classes c on c.id = e.class_id where e.user_id = ${lea} order by e.started_at`.execute(db);
    expect(history.rows).toEqual([
      { name: '6A', year: '2026-2027', open: false },
      { name: '5A', year: '2027-2028', open: true },
    ]);
    const stillOpen = await db.selectFrom('classes').select('name').where('academic_year', '=', '2026-2027').where('active', '=', true).execute();
    expect(stillOpen).toEqual([]);
    // A teacher's last-year classes stay in their history too.
    const teaching = await sql<{ t: string }>`
      select c.name || ' ' || c.academic_year as t from teaching_assignments a join classes c on c.id = a.class_id
      where a.teacher_id = ${ids['2001'] as string} order by c.academic_year, c.name`.execute(db);
    expect(teaching.rows.map((row) => row.t)).toEqual(['6A 2026-2027', '6B 2026-2027', '6A 2027-2028', '6B 2027-2028']);
  });

  it('deletes personal data three months after deactivation, no sooner, once', async () => {
    expect(await purgeExpiredPersonalData(db, { clock: new ManualClock('2027-11-28T05:59:00Z') })).toEqual({ purged: 0 });
    expect(await purgeExpiredPersonalData(db, { clock: new ManualClock('2027-11-28T06:00:00Z') })).toEqual({ purged: 4 });
    expect(await purgeExpiredPersonalData(db, { clock: new ManualClock('2028-01-01T00:00:00Z') })).toEqual({ purged: 0 });

    const ines = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', ids['1003'] as string)
      .executeTakeFirstOrThrow();
    expect(ines).toMatchObject({ first_name: '', last_name: 'Compte supprimé', email: null, external_id: null, password_hash: null, status: 'DEACTIVATED' });
    expect(ines.login).toMatch(/^supprime\.[0-9a-f]{32}$/);
    const purged = await sql<Record<string, unknown>>`select birth_date, ine, name_key, address_key, purged_at from users where id = ${ids['1003'] as string}`.execute(db);
    expect(purged.rows[0]).toMatchObject({ birth_date: null, ine: null, name_key: null, address_key: null });
    expect(await userByExternalId(db, '1003')).toBeUndefined();
    // The journal keeps what happened, not who it was.
    const history = await importHistoryOfUser(db, ids['1003'] as string);
    expect(history.map((entry) => entry.action)).toEqual(['PURGE', 'DEACTIVATE', 'DELETE', 'CREATE']);
    expect(JSON.stringify(history)).not.toMatch(/Inès|Dubois|2015-06-30|1003\b.*Mère/);
    expect(history.find((entry) => entry.action === 'CREATE')?.after).toMatchObject({ profiles: ['ELEVE 0921234A'], classes: ['6B'] });
  });
});
