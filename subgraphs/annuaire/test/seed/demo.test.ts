import { type Database as OpenDatabase, ManualClock } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { NAMED_ACCOUNTS } from '../../src/seed/demoAccounts.js';
import {
  DEMO_ACCOUNTS,
  DEMO_ESTABLISHMENTS,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  type DemoSeedSummary,
  seedDemo,
} from '../../src/seed/index.js';
import { loginBaseOf } from '../../src/seed/names.js';
import { countRows, snapshot } from './helpers.js';

const clock = new ManualClock('2026-11-30T10:00:00Z');

let database: OpenDatabase<Database>;
let db: Kysely<Database>;
let summary: DemoSeedSummary;

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  db = database.db;
  summary = await seedDemo(db, { clock });
});

afterAll(async () => {
  await database?.close();
});

async function userByLogin(login: string) {
  return db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirstOrThrow();
}

async function profilesOf(login: string) {
  return db
    .selectFrom('user_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .leftJoin('establishments as e', 'e.id', 'p.establishment_id')
    .select(['p.profile', 'e.uai', 'e.name', 'p.function_label'])
    .where('u.login', '=', login)
    .execute();
}

async function childrenOf(login: string) {
  return db
    .selectFrom('family_links as f')
    .innerJoin('users as p', 'p.id', 'f.parent_id')
    .innerJoin('users as c', 'c.id', 'f.child_id')
    .select(['c.login', 'f.relationship', 'f.legal_guardian'])
    .where('p.login', '=', login)
    .execute();
}

async function parentsOf(login: string) {
  return db
    .selectFrom('family_links as f')
    .innerJoin('users as p', 'p.id', 'f.parent_id')
    .innerJoin('users as c', 'c.id', 'f.child_id')
    .select(['p.login', 'f.relationship'])
    .where('c.login', '=', login)
    .execute();
}

const uaiOf = (key: string) => DEMO_ESTABLISHMENTS.find((establishment) => establishment.key === key)!.uai;

describe('seedDemo', () => {
  it('reports what it inserted, and the counts are in the database', async () => {
    expect(summary.seeded).toBe(true);
    expect(summary.academicYear).toBe('2026-2027');
    expect(await countRows(db)).toEqual(summary.counts);
    expect(summary.counts.users).toBeGreaterThan(800);
  });

  it('creates the five establishments with their classes for the clock’s school year', async () => {
    const establishments = await db.selectFrom('establishments').select(['uai', 'name', 'type', 'city']).execute();
    expect(establishments).toHaveLength(5);
    for (const expected of DEMO_ESTABLISHMENTS) {
      expect(establishments).toContainEqual({ uai: expected.uai, name: expected.name, type: expected.type, city: expected.city });
      const classes = await db
        .selectFrom('classes as c')
        .innerJoin('establishments as e', 'e.id', 'c.establishment_id')
        .select(['c.name', 'c.level', 'c.academic_year'])
        .where('e.uai', '=', expected.uai)
        .execute();
      expect(classes.map(({ name, level }) => ({ name, level })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        [...expected.classes].sort((a, b) => a.name.localeCompare(b.name)),
      );
      for (const schoolClass of classes) expect(schoolClass.academic_year).toBe('2026-2027');
    }
  });

  it('creates every named account with its profile, establishment and function', async () => {
    expect(DEMO_ACCOUNTS.map((account) => account.login)).toEqual(NAMED_ACCOUNTS.map((account) => account.login));
    for (const account of NAMED_ACCOUNTS.filter((named) => named.profile !== 'PARENT')) {
      const user = await userByLogin(account.login);
      expect([user.first_name, user.last_name]).toEqual([account.firstName, account.lastName]);
      const expectedUai = account.establishment === null ? null : uaiOf(account.establishment);
      expect(await profilesOf(account.login), account.login).toEqual([
        expect.objectContaining({ profile: account.profile, uai: expectedUai, function_label: account.functionLabel }),
      ]);
    }
    expect((await profilesOf('direction.eluard'))[0]?.function_label).toBe('Principal');
    expect((await profilesOf('direction.ferry'))[0]?.function_label).toBe('Directrice');
    expect((await profilesOf('doc.moreau'))[0]).toMatchObject({ profile: 'PERSONNEL', function_label: 'Documentaliste' });
  });

  it('enrols the named pupils in their classes', async () => {
    const expected: Record<string, [string, string]> = {
      'eleve.hugo': ['tilleuls', 'GS'],
      'eleve.lea': ['ferry', 'CE1'],
      'eleve.noah': ['eluard', '6e A'],
      'eleve.lucas': ['eluard', '5e B'],
      'eleve.ines': ['curie', '2nde 1'],
    };
    for (const [login, [key, className]] of Object.entries(expected)) {
      const classes = await db
        .selectFrom('class_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .innerJoin('classes as c', 'c.id', 'm.class_id')
        .innerJoin('establishments as e', 'e.id', 'c.establishment_id')
        .select(['c.name', 'e.uai'])
        .where('u.login', '=', login)
        .execute();
      expect(classes, login).toEqual([{ name: className, uai: uaiOf(key) }]);
    }
  });

  it('makes admin.departement a département-wide administrator with TOTP enrolled', async () => {
    const admin = await userByLogin('admin.departement');
    expect(admin.totp_secret).toBe(DEMO_TOTP_SECRET);
    expect(admin.totp_secret).toBe('JBSWY3DPEHPK3PXP');
    expect(admin.totp_enrolled_at).toEqual(clock.now());
    expect(await profilesOf('admin.departement')).toEqual([expect.objectContaining({ profile: 'ADMIN_DEPARTEMENT', uai: null })]);
    const others = await db.selectFrom('users').select('login').where('totp_secret', 'is not', null).execute();
    expect(others).toEqual([{ login: 'admin.departement' }]);
  });

  it('has prof.durand teach mathematics in 5e B and 3e A, head teacher of 5e B', async () => {
    const assignments = await db
      .selectFrom('teaching_assignments as t')
      .innerJoin('users as u', 'u.id', 't.teacher_id')
      .innerJoin('classes as c', 'c.id', 't.class_id')
      .select(['c.name', 't.subject', 't.head_teacher'])
      .where('u.login', '=', 'prof.durand')
      .orderBy('c.name')
      .execute();
    expect(assignments).toEqual([
      { name: '3e A', subject: 'Mathématiques', head_teacher: false },
      { name: '5e B', subject: 'Mathématiques', head_teacher: true },
    ]);
    const groupAssignments = await db
      .selectFrom('teaching_assignments as t')
      .innerJoin('users as u', 'u.id', 't.teacher_id')
      .select('t.id')
      .where('u.login', '=', 'prof.durand')
      .where('t.group_id', 'is not', null)
      .execute();
    expect(groupAssignments).toEqual([]);
  });

  it('gives the primary classes one polyvalent head teacher each', async () => {
    for (const [login, className] of [
      ['prof.petit', 'CE1'],
      ['prof.leroy', 'GS'],
    ] as const) {
      const assignments = await db
        .selectFrom('teaching_assignments as t')
        .innerJoin('users as u', 'u.id', 't.teacher_id')
        .innerJoin('classes as c', 'c.id', 't.class_id')
        .select(['c.name', 't.subject', 't.head_teacher'])
        .where('u.login', '=', login)
        .execute();
      expect(assignments).toEqual([{ name: className, subject: 'Polyvalent', head_teacher: true }]);
    }
    const primary = await db
      .selectFrom('classes as c')
      .innerJoin('establishments as e', 'e.id', 'c.establishment_id')
      .leftJoin('teaching_assignments as t', 't.class_id', 'c.id')
      .select(['c.name', 't.subject', 't.head_teacher'])
      .where('e.type', 'in', ['ECOLE_MATERNELLE', 'ECOLE_ELEMENTAIRE'])
      .execute();
    expect(primary).toHaveLength(8);
    for (const row of primary) expect(row).toMatchObject({ subject: 'Polyvalent', head_teacher: true });
  });

  it('gives every class exactly one head teacher and secondary classes a teacher per subject', async () => {
    const rows = await db
      .selectFrom('classes as c')
      .leftJoin('teaching_assignments as t', 't.class_id', 'c.id')
      .select(['c.id', 'c.name', 't.subject', 't.head_teacher'])
      .execute();
    const byClass = new Map<string, typeof rows>();
    for (const row of rows) byClass.set(row.id, [...(byClass.get(row.id) ?? []), row]);
    expect(byClass.size).toBe(16);
    for (const lessons of byClass.values()) {
      expect(lessons.filter((lesson) => lesson.head_teacher), lessons[0]?.name).toHaveLength(1);
      expect(new Set(lessons.map((lesson) => lesson.subject)).size).toBe(lessons.length);
    }
    const fiveB = rows.filter((row) => row.name === '5e B').map((row) => row.subject);
    expect(fiveB).toEqual(expect.arrayContaining(['Mathématiques', 'Français', 'Histoire-géographie', 'Anglais', 'SVT', 'EPS']));
  });

  it('gives parent.bernard exactly Léa and Lucas, in both their establishments', async () => {
    const children = await childrenOf('parent.bernard');
    expect(children.map((child) => child.login).sort()).toEqual(['eleve.lea', 'eleve.lucas']);
    for (const child of children) expect(child).toMatchObject({ relationship: 'Père', legal_guardian: true });
    const profiles = await profilesOf('parent.bernard');
    expect(profiles.map(({ profile, uai }) => ({ profile, uai })).sort((a, b) => String(a.uai).localeCompare(String(b.uai)))).toEqual([
      { profile: 'PARENT', uai: uaiOf('ferry') },
      { profile: 'PARENT', uai: uaiOf('eluard') },
    ]);
    const lea = await userByLogin('eleve.lea');
    const lucas = await userByLogin('eleve.lucas');
    expect([lea.last_name, lucas.last_name]).toEqual(['Bernard', 'Bernard']);
    // Siblings: the same guardians.
    const leaParents = (await parentsOf('eleve.lea')).map((parent) => parent.login).sort();
    expect((await parentsOf('eleve.lucas')).map((parent) => parent.login).sort()).toEqual(leaParents);
    expect(leaParents).toContain('parent.bernard');
  });

  it('gives parent.garcia Hugo Garcia', async () => {
    expect((await childrenOf('parent.garcia')).map((child) => child.login)).toEqual(['eleve.hugo']);
    expect((await userByLogin('eleve.hugo')).last_name).toBe('Garcia');
    expect(await profilesOf('parent.garcia')).toEqual([expect.objectContaining({ profile: 'PARENT', uai: uaiOf('tilleuls') })]);
  });

  it('hashes the demo password once for every account', async () => {
    const hashes = await db.selectFrom('users').select('password_hash').distinct().execute();
    expect(hashes).toHaveLength(1);
    const hash = hashes[0]?.password_hash;
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash!, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(hash!, 'ent-demo-93')).toBe(false);
    expect(DEMO_PASSWORD).toBe('ent-demo-92');
  });

  it('fills every class with about 25 pupils', async () => {
    const sizes = await db
      .selectFrom('classes as c')
      .leftJoin('class_members as m', 'm.class_id', 'c.id')
      .select(['c.name', (eb) => eb.fn.count<string | number>('m.user_id').as('pupils')])
      .groupBy(['c.id', 'c.name'])
      .execute();
    expect(sizes).toHaveLength(16);
    for (const { name, pupils } of sizes) {
      expect(Number(pupils), name).toBeGreaterThanOrEqual(22);
      expect(Number(pupils), name).toBeLessThanOrEqual(28);
    }
  });

  it('gives every school pupil one or two legal guardians, and IUT students none', async () => {
    const pupils = await db
      .selectFrom('user_profiles as p')
      .innerJoin('establishments as e', 'e.id', 'p.establishment_id')
      .leftJoin('family_links as f', 'f.child_id', 'p.user_id')
      .select(['p.user_id', 'e.type', (eb) => eb.fn.count<string | number>('f.parent_id').as('parents')])
      .where('p.profile', '=', 'ELEVE')
      .groupBy(['p.user_id', 'e.type'])
      .execute();
    expect(pupils.length).toBe(summary.counts.profiles.ELEVE);
    for (const pupil of pupils) {
      if (pupil.type === 'SUPERIEUR') expect(Number(pupil.parents)).toBe(0);
      else expect([1, 2]).toContain(Number(pupil.parents));
    }
    const links = await db.selectFrom('family_links').select(['relationship', 'legal_guardian']).distinct().execute();
    for (const link of links) {
      expect(link.legal_guardian).toBe(true);
      expect(['Mère', 'Père', 'Tutrice', 'Tuteur']).toContain(link.relationship);
    }
    // Some families have children in two establishments.
    const spread = await db
      .selectFrom('family_links as f')
      .innerJoin('user_profiles as p', (join) => join.onRef('p.user_id', '=', 'f.child_id').on('p.profile', '=', 'ELEVE'))
      .select(['f.parent_id', (eb) => eb.fn.count<string | number>('p.establishment_id').distinct().as('establishments')])
      .groupBy('f.parent_id')
      .execute();
    expect(spread.filter((row) => Number(row.establishments) > 1).length).toBeGreaterThan(1);
  });

  it('gives each parent a PARENT profile exactly where their children are', async () => {
    const rows = await db
      .selectFrom('family_links as f')
      .innerJoin('user_profiles as child', (join) => join.onRef('child.user_id', '=', 'f.child_id').on('child.profile', '=', 'ELEVE'))
      .leftJoin('user_profiles as parent', (join) =>
        join
          .onRef('parent.user_id', '=', 'f.parent_id')
          .on('parent.profile', '=', 'PARENT')
          .onRef('parent.establishment_id', '=', 'child.establishment_id'),
      )
      .select(['f.parent_id', 'parent.profile'])
      .execute();
    for (const row of rows) expect(row.profile).toBe('PARENT');
    const parentProfiles = await db
      .selectFrom('user_profiles')
      .select(['user_id', 'establishment_id'])
      .where('profile', '=', 'PARENT')
      .execute();
    expect(parentProfiles.length).toBe(summary.counts.profiles.PARENT);
  });

  it('staffs the secondary establishments and every establishment with a local administrator', async () => {
    const staff = await db
      .selectFrom('user_profiles as p')
      .innerJoin('establishments as e', 'e.id', 'p.establishment_id')
      .select(['e.type', 'p.profile', 'p.function_label'])
      .where('p.profile', 'in', ['DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL'])
      .execute();
    for (const { type } of DEMO_ESTABLISHMENTS) {
      const here = staff.filter((row) => row.type === type);
      expect(here.filter((row) => row.profile === 'ADMIN_LOCAL'), type).toHaveLength(1);
      expect(here.some((row) => row.profile === 'DIRECTION'), type).toBe(true);
      if (type === 'COLLEGE' || type === 'LYCEE') {
        expect(here.some((row) => row.function_label === 'CPE'), type).toBe(true);
        expect(here.filter((row) => row.function_label === 'Documentaliste'), type).toHaveLength(1);
      }
    }
  });

  it('gives the collège and the lycée groups of their own pupils, each with a teacher', async () => {
    const groups = await db
      .selectFrom('groups as g')
      .innerJoin('establishments as e', 'e.id', 'g.establishment_id')
      .select(['g.id', 'g.name', 'e.id as establishment_id', 'e.type'])
      .execute();
    expect(groups.filter((group) => group.type === 'COLLEGE').map((group) => group.name)).toContain('Latin 5e');
    expect(groups.filter((group) => group.type === 'LYCEE').map((group) => group.name)).toContain('Spécialité NSI 1re');
    for (const group of groups) {
      const members = await db
        .selectFrom('group_members as m')
        .innerJoin('user_profiles as p', (join) => join.onRef('p.user_id', '=', 'm.user_id').on('p.profile', '=', 'ELEVE'))
        .select(['p.establishment_id'])
        .where('m.group_id', '=', group.id)
        .execute();
      expect(members.length, group.name).toBeGreaterThan(0);
      for (const member of members) expect(member.establishment_id).toBe(group.establishment_id);
      const teachers = await db.selectFrom('teaching_assignments').select('teacher_id').where('group_id', '=', group.id).execute();
      expect(teachers, group.name).toHaveLength(1);
    }
  });

  it('gives generated people prenom.nom logins, unique and distinct from the named ones', async () => {
    const users = await db.selectFrom('users').select(['login', 'first_name', 'last_name']).execute();
    expect(new Set(users.map((user) => user.login)).size).toBe(users.length);
    const named = new Set(NAMED_ACCOUNTS.map((account) => account.login));
    for (const user of users.filter((candidate) => !named.has(candidate.login))) {
      const base = loginBaseOf(user.first_name, user.last_name);
      expect(user.login.startsWith(base) && /^[0-9]*$/.test(user.login.slice(base.length)), user.login).toBe(true);
      expect(user.login).toMatch(/^[a-z0-9.-]+$/);
    }
  });

  it('does nothing the second time', async () => {
    const before = await snapshot(db);
    const again = await seedDemo(db, { clock });
    expect(again.seeded).toBe(false);
    expect(again.counts.users).toBe(0);
    expect(await countRows(db)).toEqual(summary.counts);
    expect(await snapshot(db)).toEqual(before);
  });

  it('seeds the same people every time', { timeout: 120_000 }, async () => {
    const other = await createTestDatabase<Database>('annuaire', migrations);
    try {
      await seedDemo(other.db, { clock });
      expect(await snapshot(other.db)).toEqual(await snapshot(db));
    } finally {
      await other.close();
    }
  });

  it('seeds once when two replicas start together', { timeout: 120_000 }, async () => {
    const other = await createTestDatabase<Database>('annuaire', migrations);
    try {
      const results = await Promise.all([seedDemo(other.db, { clock }), seedDemo(other.db, { clock })]);
      expect(results.map((result) => result.seeded).sort()).toEqual([false, true]);
      expect(await countRows(other.db)).toEqual(summary.counts);
    } finally {
      await other.close();
    }
  });
});
