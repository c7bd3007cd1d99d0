import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** All directory SQL lives here: plain functions taking the database (or a transaction) first. */
export type Db = Kysely<Database>;

export function usersByIds(db: Db, ids: readonly string[]) {
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

export function establishmentsByIds(db: Db, ids: readonly string[]) {
  return db.selectFrom('establishments').selectAll().where('id', 'in', ids).execute();
}

export function classesByIds(db: Db, ids: readonly string[]) {
  return db.selectFrom('classes').selectAll().where('id', 'in', ids).execute();
}

export function groupsByIds(db: Db, ids: readonly string[]) {
  return db.selectFrom('groups').selectAll().where('id', 'in', ids).execute();
}

export function profilesOfUsers(db: Db, userIds: readonly string[]) {
  return db
    .selectFrom('user_profiles')
    .selectAll()
    .where('user_id', 'in', userIds)
    .orderBy('created_at')
    .execute();
}

/** Active classes the pupils belong to. */
export function classMembershipsOfUsers(db: Db, userIds: readonly string[]) {
  return db
    .selectFrom('class_members')
    .innerJoin('classes', 'classes.id', 'class_members.class_id')
    .select(['class_members.user_id', 'class_members.class_id'])
    .where('class_members.user_id', 'in', userIds)
    .where('classes.active', '=', true)
    .execute();
}

export function groupMembershipsOfUsers(db: Db, userIds: readonly string[]) {
  return db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['group_members.user_id', 'group_members.group_id'])
    .where('group_members.user_id', 'in', userIds)
    .where('groups.active', '=', true)
    .execute();
}

export function teachingsOfTeachers(db: Db, teacherIds: readonly string[]) {
  return db.selectFrom('teaching_assignments').selectAll().where('teacher_id', 'in', teacherIds).orderBy('subject').execute();
}

export function teachingsOfClasses(db: Db, classIds: readonly string[]) {
  return db.selectFrom('teaching_assignments').selectAll().where('class_id', 'in', classIds).orderBy('subject').execute();
}

export function familyLinksOfParents(db: Db, parentIds: readonly string[]) {
  return db.selectFrom('family_links').selectAll().where('parent_id', 'in', parentIds).execute();
}

export function familyLinksOfChildren(db: Db, childIds: readonly string[]) {
  return db.selectFrom('family_links').selectAll().where('child_id', 'in', childIds).execute();
}

export function pupilsOfClasses(db: Db, classIds: readonly string[]) {
  return db
    .selectFrom('class_members')
    .innerJoin('users', 'users.id', 'class_members.user_id')
    .selectAll('users')
    .select('class_members.class_id')
    .where('class_members.class_id', 'in', classIds)
    .where('users.status', '=', 'ACTIVE')
    .orderBy('users.last_name')
    .orderBy('users.first_name')
    .execute();
}

/** Active staff profiles held in the establishments, with their holder (messagerie recipient lists). */
export function staffOfEstablishments(db: Db, establishmentIds: readonly string[]) {
  return db
    .selectFrom('user_profiles')
    .innerJoin('users', 'users.id', 'user_profiles.user_id')
    .select(['user_profiles.user_id', 'user_profiles.establishment_id', 'user_profiles.profile', 'user_profiles.function_label'])
    .where('user_profiles.establishment_id', 'in', establishmentIds)
    .where('user_profiles.profile', 'in', ['ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL'])
    .where('users.status', '=', 'ACTIVE')
    .orderBy('users.last_name')
    .orderBy('users.first_name')
    .execute();
}

export function membersOfGroups(db: Db, groupIds: readonly string[]) {
  return db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .selectAll('users')
    .select('group_members.group_id')
    .where('group_members.group_id', 'in', groupIds)
    .where('users.status', '=', 'ACTIVE')
    .orderBy('users.last_name')
    .orderBy('users.first_name')
    .execute();
}

export function classesOfEstablishments(db: Db, establishmentIds: readonly string[]) {
  return db
    .selectFrom('classes')
    .selectAll()
    .where('establishment_id', 'in', establishmentIds)
    .where('active', '=', true)
    .orderBy('level')
    .orderBy('name')
    .execute();
}

export function groupsOfEstablishments(db: Db, establishmentIds: readonly string[]) {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('establishment_id', 'in', establishmentIds)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
}

export async function pupilCountsOfClasses(db: Db, classIds: readonly string[]) {
  const rows = await db
    .selectFrom('class_members')
    .innerJoin('users', 'users.id', 'class_members.user_id')
    .select(['class_members.class_id'])
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('class_members.class_id', 'in', classIds)
    .where('users.status', '=', 'ACTIVE')
    .groupBy('class_members.class_id')
    .execute();
  return rows.map((row) => ({ classId: row.class_id, count: Number(row.count) }));
}

export function allEstablishments(db: Db) {
  return db.selectFrom('establishments').selectAll().orderBy('name').execute();
}

/** Name or login search, optionally within establishments and a profile; accents and case ignored. */
export function searchUsers(
  db: Db,
  { text, establishmentIds, profile, limit }: { text: string; establishmentIds?: string[]; profile?: string; limit: number },
) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
  let query = db
    .selectFrom('users')
    .selectAll('users')
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['users.login']), 'like', pattern),
        eb(eb.fn('lower', ['users.last_name']), 'like', pattern),
        eb(eb.fn('lower', ['users.first_name']), 'like', pattern),
      ]),
    );
  if (establishmentIds || profile) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_profiles')
          .select('user_profiles.user_id')
          .whereRef('user_profiles.user_id', '=', 'users.id')
          .$if(establishmentIds !== undefined, (q) => q.where('user_profiles.establishment_id', 'in', establishmentIds ?? []))
          .$if(profile !== undefined, (q) => q.where('user_profiles.profile', '=', profile ?? '')),
      ),
    );
  }
  return query.orderBy('users.last_name').orderBy('users.first_name').limit(limit).execute();
}
