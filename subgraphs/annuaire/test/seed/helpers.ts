import { PROFILES, type Profile } from '@ent/kit';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import type { PopulationCounts } from '../../src/seed/index.js';

async function countOf(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const { rows } = await sql<{ count: string | number }>`select count(*) as count from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.count);
}

/** The database's rows, counted the way a seed summary counts them. */
export async function countRows(db: Kysely<Database>): Promise<PopulationCounts> {
  const profileRows = await db
    .selectFrom('user_profiles')
    .select(['profile', (eb) => eb.fn.countAll<string | number>().as('count')])
    .groupBy('profile')
    .execute();
  const profiles = Object.fromEntries(PROFILES.map((profile) => [profile, 0])) as Record<Profile, number>;
  for (const row of profileRows) profiles[row.profile as Profile] = Number(row.count);
  return {
    establishments: await countOf(db, 'establishments'),
    classes: await countOf(db, 'classes'),
    groups: await countOf(db, 'groups'),
    users: await countOf(db, 'users'),
    profiles,
    classMembers: await countOf(db, 'class_members'),
    groupMembers: await countOf(db, 'group_members'),
    familyLinks: await countOf(db, 'family_links'),
    teachingAssignments: await countOf(db, 'teaching_assignments'),
  };
}

/** Who is who, independent of generated ids: for comparing two seeds. */
export async function snapshot(db: Kysely<Database>) {
  const people = await db
    .selectFrom('users')
    .select(['login', 'first_name', 'last_name', 'email'])
    .orderBy('login')
    .execute();
  const profiles = await db
    .selectFrom('user_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .leftJoin('establishments as e', 'e.id', 'p.establishment_id')
    .select(['u.login', 'p.profile', 'e.uai', 'p.function_label'])
    .execute();
  const families = await db
    .selectFrom('family_links as f')
    .innerJoin('users as p', 'p.id', 'f.parent_id')
    .innerJoin('users as c', 'c.id', 'f.child_id')
    .select(['p.login as parent', 'c.login as child', 'f.relationship'])
    .execute();
  const members = await db
    .selectFrom('class_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .innerJoin('establishments as e', 'e.id', 'c.establishment_id')
    .select(['u.login', 'e.uai', 'c.name'])
    .execute();
  const teaching = await db
    .selectFrom('teaching_assignments as t')
    .innerJoin('users as u', 'u.id', 't.teacher_id')
    .leftJoin('classes as c', 'c.id', 't.class_id')
    .leftJoin('groups as g', 'g.id', 't.group_id')
    .select(['u.login', 'c.name as class_name', 'g.name as group_name', 't.subject', 't.head_teacher'])
    .execute();
  const establishments = await db.selectFrom('establishments').select(['uai', 'name', 'type', 'city']).orderBy('uai').execute();
  const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  return {
    people: sorted(people),
    profiles: sorted(profiles),
    families: sorted(families),
    members: sorted(members),
    teaching: sorted(teaching),
    establishments: sorted(establishments),
  };
}
