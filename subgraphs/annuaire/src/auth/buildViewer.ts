import { isProfile, type ProfileGrant, unauthenticated, type Viewer } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { authMessages } from './messages.js';

export function displayNameOf(user: { first_name: string; last_name: string }): string {
  return `${user.first_name} ${user.last_name}`.trim();
}

/**
 * The viewer as the directory says today: tokens are re-issued from it at every refresh, so a
 * profile, class or child added or removed shows in the next access token.
 */
export async function buildViewer(
  db: Kysely<Database>,
  userId: string,
  sessionId: string,
  authMethods: string[],
): Promise<Viewer> {
  const [user, profiles, classes, groups, children] = await Promise.all([
    db.selectFrom('users').select(['first_name', 'last_name']).where('id', '=', userId).executeTakeFirst(),
    db
      .selectFrom('user_profiles')
      .select(['profile', 'establishment_id'])
      .where('user_id', '=', userId)
      .orderBy('profile')
      .orderBy('establishment_id')
      .execute(),
    // Classes a pupil belongs to, and classes a teacher teaches; inactive (past) classes drop out.
    db
      .selectFrom('class_members')
      .innerJoin('classes', 'classes.id', 'class_members.class_id')
      .select('classes.id')
      .where('class_members.user_id', '=', userId)
      .where('classes.active', '=', true)
      .union(
        db
          .selectFrom('teaching_assignments')
          .innerJoin('classes', 'classes.id', 'teaching_assignments.class_id')
          .select('classes.id')
          .where('teaching_assignments.teacher_id', '=', userId)
          .where('classes.active', '=', true),
      )
      .execute(),
    db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .select('groups.id')
      .where('group_members.user_id', '=', userId)
      .where('groups.active', '=', true)
      .union(
        db
          .selectFrom('teaching_assignments')
          .innerJoin('groups', 'groups.id', 'teaching_assignments.group_id')
          .select('groups.id')
          .where('teaching_assignments.teacher_id', '=', userId)
          .where('groups.active', '=', true),
      )
      .execute(),
    db.selectFrom('family_links').select('child_id').where('parent_id', '=', userId).execute(),
  ]);
  if (!user) throw unauthenticated(authMessages.sessionExpired);

  const grants: ProfileGrant[] = [];
  for (const row of profiles) {
    if (isProfile(row.profile)) grants.push({ profile: row.profile, establishmentId: row.establishment_id });
  }
  return {
    userId,
    sessionId,
    displayName: displayNameOf(user),
    profiles: grants,
    classIds: classes.map((row) => row.id).sort(),
    groupIds: groups.map((row) => row.id).sort(),
    childIds: children.map((row) => row.child_id).sort(),
    authMethods,
  };
}
