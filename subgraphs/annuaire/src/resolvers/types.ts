import { cycleOfLevel, forbidden, isLevel, notFound, requireViewer } from '@ent/kit';
import type { AnnuaireContext } from '../context.js';
import type { Establishment, Group, SchoolClass, TeachingAssignment, User, UserProfile } from '../db/database.js';
import {
  canAdministerUser,
  canListGroupMembers,
  canListPupils,
  canListStaff,
  canSeeUser,
  seesWholeEstablishment,
} from '../directory/access.js';
import { messages } from '../messages.js';

type FamilyLinkRow = { parent_id: string; child_id: string; legal_guardian: boolean; relationship: string | null };

async function mustSee(ctx: AnnuaireContext, user: User): Promise<void> {
  if (!(await canSeeUser(ctx, user.id))) throw forbidden(messages.cannotSeeUser);
}

async function present<T extends object>(promises: Array<Promise<T | null>>): Promise<T[]> {
  const items: Array<T | null> = await Promise.all(promises);
  return items.filter((item): item is T => item !== null);
}

async function loadUser(ctx: AnnuaireContext, id: string): Promise<User> {
  const user = await ctx.loaders.user.load(id);
  if (!user) throw notFound(messages.user);
  return user;
}

export const typeResolvers = {
  User: {
    // Names of a referenced person are shown wherever another subgraph already decided they may be
    // (the author of a message the viewer received…); everything else goes through canSeeUser.
    __resolveReference: (ref: { id: string }, ctx: AnnuaireContext) => {
      requireViewer(ctx);
      return ctx.loaders.user.load(ref.id);
    },
    firstName: (user: User) => user.first_name,
    lastName: (user: User) => user.last_name,
    displayName: (user: User) => `${user.first_name} ${user.last_name}`,
    login: async (user: User, _: unknown, ctx: AnnuaireContext) =>
      user.id === requireViewer(ctx).userId || (await canAdministerUser(ctx, user.id)) ? user.login : null,
    mfaEnrolled: async (user: User, _: unknown, ctx: AnnuaireContext) =>
      user.id === requireViewer(ctx).userId || (await canAdministerUser(ctx, user.id)) ? user.totp_enrolled_at !== null : null,
    profiles: async (user: User, _: unknown, ctx: AnnuaireContext) => {
      await mustSee(ctx, user);
      return ctx.loaders.profilesOfUser.load(user.id);
    },
    establishments: async (user: User, _: unknown, ctx: AnnuaireContext) => {
      await mustSee(ctx, user);
      const profiles = await ctx.loaders.profilesOfUser.load(user.id);
      const ids = [...new Set(profiles.flatMap((row) => (row.establishment_id ? [row.establishment_id] : [])))];
      return present(ids.map((id) => ctx.loaders.establishment.load(id)));
    },
    classes: async (user: User, _: unknown, ctx: AnnuaireContext) => {
      await mustSee(ctx, user);
      const memberships = await ctx.loaders.classIdsOfPupil.load(user.id);
      return present(memberships.map((row) => ctx.loaders.class.load(row.class_id)));
    },
    groups: async (user: User, _: unknown, ctx: AnnuaireContext) => {
      await mustSee(ctx, user);
      const memberships = await ctx.loaders.groupIdsOfUser.load(user.id);
      return present(memberships.map((row) => ctx.loaders.group.load(row.group_id)));
    },
    children: async (user: User, _: unknown, ctx: AnnuaireContext) => {
      await mustSee(ctx, user);
      const links = await ctx.loaders.childrenLinks.load(user.id);
      const children = await present(links.map((link) => ctx.loaders.user.load(link.child_id)));
      return children.sort((a, b) => a.first_name.localeCompare(b.first_name, 'fr'));
    },
    parents: async (user: User, _: unknown, ctx: AnnuaireContext) => {
      await mustSee(ctx, user);
      return ctx.loaders.parentLinks.load(user.id);
    },
    teachings: async (user: User, _: unknown, ctx: AnnuaireContext) => {
      await mustSee(ctx, user);
      return ctx.loaders.teachingsOfTeacher.load(user.id);
    },
  },
  ProfileGrant: {
    establishment: (grant: UserProfile, _: unknown, ctx: AnnuaireContext) =>
      grant.establishment_id ? ctx.loaders.establishment.load(grant.establishment_id) : null,
    functionLabel: (grant: UserProfile) => grant.function_label,
  },
  FamilyLink: {
    parent: (link: FamilyLinkRow, _: unknown, ctx: AnnuaireContext) => loadUser(ctx, link.parent_id),
    child: (link: FamilyLinkRow, _: unknown, ctx: AnnuaireContext) => loadUser(ctx, link.child_id),
    legalGuardian: (link: FamilyLinkRow) => link.legal_guardian,
  },
  Teaching: {
    teacher: (teaching: TeachingAssignment, _: unknown, ctx: AnnuaireContext) => loadUser(ctx, teaching.teacher_id),
    class: (teaching: TeachingAssignment, _: unknown, ctx: AnnuaireContext) =>
      teaching.class_id ? ctx.loaders.class.load(teaching.class_id) : null,
    group: (teaching: TeachingAssignment, _: unknown, ctx: AnnuaireContext) =>
      teaching.group_id ? ctx.loaders.group.load(teaching.group_id) : null,
    headTeacher: (teaching: TeachingAssignment) => teaching.head_teacher,
  },
  Establishment: {
    __resolveReference: (ref: { id: string }, ctx: AnnuaireContext) => {
      requireViewer(ctx);
      return ctx.loaders.establishment.load(ref.id);
    },
    mfaRequired: (establishment: Establishment) => establishment.mfa_required,
    classes: async (establishment: Establishment, _: unknown, ctx: AnnuaireContext) => {
      const viewer = requireViewer(ctx);
      const classes = await ctx.loaders.classesOfEstablishment.load(establishment.id);
      if (seesWholeEstablishment(viewer, establishment.id)) return classes;
      const visible = new Set(viewer.classIds);
      for (const childId of viewer.childIds) {
        for (const row of await ctx.loaders.classIdsOfPupil.load(childId)) visible.add(row.class_id);
      }
      return classes.filter((schoolClass) => visible.has(schoolClass.id));
    },
    groups: async (establishment: Establishment, _: unknown, ctx: AnnuaireContext) => {
      const viewer = requireViewer(ctx);
      const groups = await ctx.loaders.groupsOfEstablishment.load(establishment.id);
      if (seesWholeEstablishment(viewer, establishment.id)) return groups;
      const visible = new Set(viewer.groupIds);
      for (const childId of viewer.childIds) {
        for (const row of await ctx.loaders.groupIdsOfUser.load(childId)) visible.add(row.group_id);
      }
      return groups.filter((group) => visible.has(group.id));
    },
    staff: async (establishment: Establishment, _: unknown, ctx: AnnuaireContext) => {
      if (!(await canListStaff(ctx, establishment.id))) throw forbidden(messages.cannotListStaff);
      return ctx.loaders.staffOfEstablishment.load(establishment.id);
    },
  },
  StaffMember: {
    user: (row: { user_id: string }, _: unknown, ctx: AnnuaireContext) => loadUser(ctx, row.user_id),
    functionLabel: (row: { function_label: string | null }) => row.function_label,
  },
  Class: {
    __resolveReference: (ref: { id: string }, ctx: AnnuaireContext) => {
      requireViewer(ctx);
      return ctx.loaders.class.load(ref.id);
    },
    cycle: (schoolClass: SchoolClass) => (isLevel(schoolClass.level) ? cycleOfLevel(schoolClass.level) : null),
    academicYear: (schoolClass: SchoolClass) => schoolClass.academic_year,
    establishment: (schoolClass: SchoolClass, _: unknown, ctx: AnnuaireContext) =>
      ctx.loaders.establishment.load(schoolClass.establishment_id),
    pupils: (schoolClass: SchoolClass, _: unknown, ctx: AnnuaireContext) => {
      if (!canListPupils(requireViewer(ctx), schoolClass)) throw forbidden(messages.cannotListPupils);
      return ctx.loaders.pupilsOfClass.load(schoolClass.id);
    },
    pupilCount: async (schoolClass: SchoolClass, _: unknown, ctx: AnnuaireContext) =>
      (await ctx.loaders.pupilCount.load(schoolClass.id))?.count ?? 0,
    teachings: (schoolClass: SchoolClass, _: unknown, ctx: AnnuaireContext) => {
      requireViewer(ctx);
      return ctx.loaders.teachingsOfClass.load(schoolClass.id);
    },
  },
  Group: {
    __resolveReference: (ref: { id: string }, ctx: AnnuaireContext) => {
      requireViewer(ctx);
      return ctx.loaders.group.load(ref.id);
    },
    academicYear: (group: Group) => group.academic_year,
    establishment: (group: Group, _: unknown, ctx: AnnuaireContext) => ctx.loaders.establishment.load(group.establishment_id),
    members: (group: Group, _: unknown, ctx: AnnuaireContext) => {
      if (!canListGroupMembers(requireViewer(ctx), group)) throw forbidden(messages.cannotSeeGroup);
      return ctx.loaders.membersOfGroup.load(group.id);
    },
  },
};
