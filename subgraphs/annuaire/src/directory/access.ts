import {
  canAdministerEstablishment,
  hasProfile,
  isDepartementAdmin,
  type Profile,
  requireViewer,
  STAFF_PROFILES,
  type Viewer,
} from '@ent/kit';
import type { AnnuaireContext } from '../context.js';
import type { SchoolClass } from '../db/database.js';

/**
 * Who may see whom. The directory is where children's data starts, so the rules are explicit:
 * - everyone sees themselves; the département administrator sees everyone;
 * - a parent sees their children, and their children's teachers and school staff — no other pupil;
 * - a pupil sees their parents, classmates, teachers, and the staff of their establishment;
 * - a teacher sees the pupils (and their parents) of the classes and groups they teach, and colleagues;
 * - direction, staff and local administrators see the people of their establishment.
 */
const ESTABLISHMENT_WIDE: readonly Profile[] = ['DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL'];
const SCHOOL_CONTACTS: readonly Profile[] = ['DIRECTION', 'PERSONNEL', 'ENSEIGNANT', 'ADMIN_LOCAL'];

interface Relations {
  profiles: Array<{ profile: Profile; establishmentId: string | null }>;
  memberClassIds: string[];
  taughtClassIds: string[];
  groupIds: string[];
  taughtGroupIds: string[];
  childIds: string[];
}

async function relationsOf(ctx: AnnuaireContext, userId: string): Promise<Relations> {
  const { loaders } = ctx;
  const [profiles, memberships, teachings, groups, children] = await Promise.all([
    loaders.profilesOfUser.load(userId),
    loaders.classIdsOfPupil.load(userId),
    loaders.teachingsOfTeacher.load(userId),
    loaders.groupIdsOfUser.load(userId),
    loaders.childrenLinks.load(userId),
  ]);
  return {
    profiles: profiles.map((row) => ({ profile: row.profile as Profile, establishmentId: row.establishment_id })),
    memberClassIds: memberships.map((row) => row.class_id),
    taughtClassIds: teachings.flatMap((row) => (row.class_id ? [row.class_id] : [])),
    groupIds: groups.map((row) => row.group_id),
    taughtGroupIds: teachings.flatMap((row) => (row.group_id ? [row.group_id] : [])),
    childIds: children.map((row) => row.child_id),
  };
}

const intersects = (a: readonly string[], b: readonly string[]) => a.some((item) => b.includes(item));

function establishmentsWhere(relations: Relations, profiles: readonly Profile[]): string[] {
  return relations.profiles.flatMap((grant) =>
    grant.establishmentId && profiles.includes(grant.profile) ? [grant.establishmentId] : [],
  );
}

function viewerEstablishments(viewer: Viewer, profiles: readonly Profile[]): string[] {
  return viewer.profiles.flatMap((grant) =>
    grant.establishmentId && profiles.includes(grant.profile) ? [grant.establishmentId] : [],
  );
}

/** The classes and establishments of a parent's children, which decide what the parent may see. */
async function childrenScope(ctx: AnnuaireContext, viewer: Viewer) {
  const children = await Promise.all(viewer.childIds.map((id) => relationsOf(ctx, id)));
  return {
    classIds: children.flatMap((child) => child.memberClassIds),
    groupIds: children.flatMap((child) => child.groupIds),
    establishmentIds: children.flatMap((child) => establishmentsWhere(child, ['ELEVE'])),
  };
}

export async function canSeeUser(ctx: AnnuaireContext, targetId: string): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (targetId === viewer.userId || isDepartementAdmin(viewer) || viewer.childIds.includes(targetId)) return true;
  const target = await relationsOf(ctx, targetId);
  if (target.childIds.includes(viewer.userId)) return true; // a pupil's own parent

  const targetEstablishments = establishmentsWhere(target, ['ELEVE', 'PARENT', ...STAFF_PROFILES]);
  if (intersects(viewerEstablishments(viewer, ESTABLISHMENT_WIDE), targetEstablishments)) return true;

  const targetStaffIn = establishmentsWhere(target, SCHOOL_CONTACTS);
  const targetTeaches = [...target.taughtClassIds, ...target.taughtGroupIds];

  if (hasProfile(viewer, 'ENSEIGNANT')) {
    const mine = [...viewer.classIds, ...viewer.groupIds];
    if (intersects(mine, [...target.memberClassIds, ...target.groupIds, ...targetTeaches])) return true;
    if (intersects(viewerEstablishments(viewer, ['ENSEIGNANT']), targetStaffIn)) return true;
    if (target.childIds.length > 0) {
      const children = await Promise.all(target.childIds.map((id) => relationsOf(ctx, id)));
      if (children.some((child) => intersects(mine, [...child.memberClassIds, ...child.groupIds]))) return true;
    }
  }
  if (hasProfile(viewer, 'ELEVE')) {
    const mine = [...viewer.classIds, ...viewer.groupIds];
    if (intersects(mine, [...target.memberClassIds, ...targetTeaches])) return true;
    if (intersects(viewerEstablishments(viewer, ['ELEVE']), establishmentsWhere(target, ESTABLISHMENT_WIDE))) return true;
  }
  if (hasProfile(viewer, 'PARENT') && viewer.childIds.length > 0) {
    const scope = await childrenScope(ctx, viewer);
    if (intersects([...scope.classIds, ...scope.groupIds], targetTeaches)) return true;
    if (intersects(scope.establishmentIds, establishmentsWhere(target, ESTABLISHMENT_WIDE))) return true;
  }
  return false;
}

/** Login, status and MFA state: the person and those who administer them. */
export async function canAdministerUser(ctx: AnnuaireContext, targetId: string): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (isDepartementAdmin(viewer)) return true;
  const adminOf = viewerEstablishments(viewer, ['ADMIN_LOCAL']);
  if (adminOf.length === 0) return false;
  const target = await relationsOf(ctx, targetId);
  // A local administrator never administers a département administrator.
  if (target.profiles.some((grant) => grant.profile === 'ADMIN_DEPARTEMENT')) return false;
  return intersects(adminOf, establishmentsWhere(target, ['ELEVE', 'PARENT', ...STAFF_PROFILES]));
}

export async function canSeeClass(ctx: AnnuaireContext, schoolClass: SchoolClass): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (isDepartementAdmin(viewer) || viewer.classIds.includes(schoolClass.id)) return true;
  if (viewerEstablishments(viewer, SCHOOL_CONTACTS).includes(schoolClass.establishment_id)) return true;
  if (viewer.childIds.length > 0) {
    const scope = await childrenScope(ctx, viewer);
    if (scope.classIds.includes(schoolClass.id)) return true;
  }
  return false;
}

/** The list of a class's pupils: its teachers and pupils, and the establishment-wide staff. */
export function canListPupils(viewer: Viewer, schoolClass: SchoolClass): boolean {
  return (
    isDepartementAdmin(viewer) ||
    viewer.classIds.includes(schoolClass.id) ||
    viewerEstablishments(viewer, ESTABLISHMENT_WIDE).includes(schoolClass.establishment_id)
  );
}

export async function canSeeGroup(
  ctx: AnnuaireContext,
  group: { id: string; establishment_id: string },
): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (isDepartementAdmin(viewer) || viewer.groupIds.includes(group.id)) return true;
  if (viewerEstablishments(viewer, SCHOOL_CONTACTS).includes(group.establishment_id)) return true;
  if (viewer.childIds.length > 0) return (await childrenScope(ctx, viewer)).groupIds.includes(group.id);
  return false;
}

export function canListGroupMembers(viewer: Viewer, group: { id: string; establishment_id: string }): boolean {
  return (
    isDepartementAdmin(viewer) ||
    viewer.groupIds.includes(group.id) ||
    viewerEstablishments(viewer, ESTABLISHMENT_WIDE).includes(group.establishment_id)
  );
}

/** The staff list of an establishment: its own people (any profile there) and the parents of its pupils. */
export async function canListStaff(ctx: AnnuaireContext, establishmentId: string): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (isDepartementAdmin(viewer) || viewer.profiles.some((grant) => grant.establishmentId === establishmentId)) return true;
  if (viewer.childIds.length > 0) return (await childrenScope(ctx, viewer)).establishmentIds.includes(establishmentId);
  return false;
}

/** Every class and group of an establishment is listed to its school staff; others see their own. */
export function seesWholeEstablishment(viewer: Viewer, establishmentId: string): boolean {
  return isDepartementAdmin(viewer) || viewerEstablishments(viewer, SCHOOL_CONTACTS).includes(establishmentId);
}

export { canAdministerEstablishment };
