import {
  badUserInput,
  conflict,
  forbidden,
  format,
  isDepartementAdmin,
  notFound,
  type Profile,
  requireViewer,
  type Viewer,
} from '@ent/kit';
import { hashPassword, passwordPolicyViolation } from '../auth/password.js';
import type { AnnuaireContext } from '../context.js';
import type { EstablishmentType, User } from '../db/database.js';
import { canAdministerEstablishment, canAdministerUser } from '../directory/access.js';
import type { Db } from '../directory/repository.js';
import * as validate from '../directory/validate.js';
import { messages } from '../messages.js';

const ESTABLISHMENT_TYPES: readonly EstablishmentType[] = ['ECOLE_MATERNELLE', 'ECOLE_ELEMENTAIRE', 'COLLEGE', 'LYCEE', 'SUPERIEUR'];
const ADMIN_PROFILES: readonly Profile[] = ['ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'];

/** Every administration mutation is one transaction: bad input leaves nothing half-written. */
function inTransaction<T>(ctx: AnnuaireContext, work: (trx: Db) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}

function assertEstablishmentAdmin(viewer: Viewer, establishmentId: string): void {
  if (!canAdministerEstablishment(viewer, establishmentId)) throw forbidden(messages.notAdministrator);
}

async function assertUserAdmin(ctx: AnnuaireContext, userId: string): Promise<void> {
  if (!(await canAdministerUser(ctx, userId))) throw forbidden(messages.notAdministrator);
}

async function establishmentOrFail(trx: Db, id: string, field: string) {
  const row = await trx.selectFrom('establishments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw badUserInput(field, `${messages.establishment} introuvable`);
  return row;
}

async function userOrFail(trx: Db, id: string): Promise<User> {
  const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(messages.user);
  return row;
}

async function classOrFail(trx: Db, id: string) {
  const row = await trx.selectFrom('classes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(messages.class);
  return row;
}

async function groupOrFail(trx: Db, id: string) {
  const row = await trx.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(messages.group);
  return row;
}

async function hasProfileIn(trx: Db, userId: string, profile: Profile, establishmentId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('user_profiles')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('profile', '=', profile)
    .where('establishment_id', '=', establishmentId)
    .executeTakeFirst();
  return row !== undefined;
}

function checkProfileGrant(viewer: Viewer, profile: Profile, establishmentId: string | null, field: string): void {
  if (profile === 'ADMIN_DEPARTEMENT') {
    if (establishmentId) throw badUserInput(field, messages.establishmentForbidden);
  } else if (!establishmentId) {
    throw badUserInput(field, messages.establishmentRequired);
  }
  if (ADMIN_PROFILES.includes(profile) && !isDepartementAdmin(viewer)) throw forbidden(messages.adminProfilesReserved);
  if (establishmentId) assertEstablishmentAdmin(viewer, establishmentId);
  else if (!isDepartementAdmin(viewer)) throw forbidden(messages.notDepartementAdministrator);
}

async function checkedPasswordHash(password: string, login: string, field: string): Promise<string> {
  const violation = passwordPolicyViolation(password, login);
  if (violation) throw badUserInput(field, violation);
  return hashPassword(password);
}

/** Puts a pupil in, or takes them out of, a class or a group of the administrator's establishment. */
function changeMembership(
  ctx: AnnuaireContext,
  kind: 'class' | 'group',
  containerId: string,
  userId: string,
  change: 'add' | 'remove',
) {
  const viewer = requireViewer(ctx);
  return inTransaction(ctx, async (trx) => {
    const container = kind === 'class' ? await classOrFail(trx, containerId) : await groupOrFail(trx, containerId);
    assertEstablishmentAdmin(viewer, container.establishment_id);
    if (change === 'add') {
      await userOrFail(trx, userId);
      if (!(await hasProfileIn(trx, userId, 'ELEVE', container.establishment_id))) throw badUserInput('userId', messages.notAPupilHere);
      if (kind === 'class') {
        await trx.insertInto('class_members').values({ class_id: containerId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
      } else {
        await trx.insertInto('group_members').values({ group_id: containerId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
      }
    } else if (kind === 'class') {
      await trx.deleteFrom('class_members').where('class_id', '=', containerId).where('user_id', '=', userId).execute();
    } else {
      await trx.deleteFrom('group_members').where('group_id', '=', containerId).where('user_id', '=', userId).execute();
    }
    return container;
  });
}

export const mutationResolvers = {
  createEstablishment: async (
    _: unknown,
    args: { uai: string; name: string; type: EstablishmentType; city: string },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    if (!isDepartementAdmin(viewer)) throw forbidden(messages.notDepartementAdministrator);
    const uai = validate.uai('uai', args.uai);
    const name = validate.requiredText('name', args.name, 200);
    const city = validate.requiredText('city', args.city, 100);
    if (!ESTABLISHMENT_TYPES.includes(args.type)) throw badUserInput('type', messages.required);
    return inTransaction(ctx, async (trx) => {
      const existing = await trx.selectFrom('establishments').select('id').where('uai', '=', uai).executeTakeFirst();
      if (existing) throw conflict(format(messages.uaiTaken, { uai }));
      return trx
        .insertInto('establishments')
        .values({ uai, name, type: args.type, city, updated_at: ctx.clock.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  },

  setEstablishmentMfaRequired: async (
    _: unknown,
    args: { establishmentId: string; required: boolean },
    ctx: AnnuaireContext,
  ) => {
    assertEstablishmentAdmin(requireViewer(ctx), args.establishmentId);
    return inTransaction(ctx, async (trx) => {
      await establishmentOrFail(trx, args.establishmentId, 'establishmentId');
      return trx
        .updateTable('establishments')
        .set({ mfa_required: args.required, updated_at: ctx.clock.now() })
        .where('id', '=', args.establishmentId)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  },

  createUser: async (
    _: unknown,
    {
      input,
    }: {
      input: {
        login: string;
        firstName: string;
        lastName: string;
        email?: string | null;
        password?: string | null;
        profile: string;
        establishmentId?: string | null;
        functionLabel?: string | null;
      };
    },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    const profile = validate.profile('input.profile', input.profile);
    const establishmentId = input.establishmentId ?? null;
    checkProfileGrant(viewer, profile, establishmentId, 'input.establishmentId');
    const login = validate.login('input.login', input.login);
    const firstName = validate.requiredText('input.firstName', input.firstName);
    const lastName = validate.requiredText('input.lastName', input.lastName);
    const email = validate.email('input.email', input.email);
    const functionLabel = validate.optionalText('input.functionLabel', input.functionLabel);
    const passwordHash = input.password ? await checkedPasswordHash(input.password, login, 'input.password') : null;
    return inTransaction(ctx, async (trx) => {
      if (establishmentId) await establishmentOrFail(trx, establishmentId, 'input.establishmentId');
      const taken = await trx.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst();
      if (taken) throw conflict(format(messages.loginTaken, { login }));
      const now = ctx.clock.now();
      const user = await trx
        .insertInto('users')
        .values({
          login,
          first_name: firstName,
          last_name: lastName,
          email,
          password_hash: passwordHash,
          password_changed_at: passwordHash ? now : null,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('user_profiles')
        .values({ user_id: user.id, profile, establishment_id: establishmentId, function_label: functionLabel })
        .execute();
      return user;
    });
  },

  updateUser: async (
    _: unknown,
    { id, input }: { id: string; input: { firstName?: string | null; lastName?: string | null; email?: string | null } },
    ctx: AnnuaireContext,
  ) => {
    await assertUserAdmin(ctx, id);
    const changes: { first_name?: string; last_name?: string; email?: string | null } = {};
    if (input.firstName !== undefined) changes.first_name = validate.requiredText('input.firstName', input.firstName);
    if (input.lastName !== undefined) changes.last_name = validate.requiredText('input.lastName', input.lastName);
    if (input.email !== undefined) changes.email = validate.email('input.email', input.email);
    return inTransaction(ctx, async (trx) => {
      await userOrFail(trx, id);
      return trx
        .updateTable('users')
        .set({ ...changes, updated_at: ctx.clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  },

  deactivateUser: async (_: unknown, { id }: { id: string }, ctx: AnnuaireContext) => {
    const viewer = requireViewer(ctx);
    if (id === viewer.userId) throw badUserInput('id', messages.cannotDeactivateSelf);
    await assertUserAdmin(ctx, id);
    return inTransaction(ctx, async (trx) => {
      await userOrFail(trx, id);
      const now = ctx.clock.now();
      const user = await trx
        .updateTable('users')
        .set({ status: 'DEACTIVATED', deactivated_at: now, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await ctx.revokeUserSessions(trx, id, 'DEACTIVATED');
      return user;
    });
  },

  reactivateUser: async (_: unknown, { id }: { id: string }, ctx: AnnuaireContext) => {
    await assertUserAdmin(ctx, id);
    return inTransaction(ctx, async (trx) => {
      await userOrFail(trx, id);
      return trx
        .updateTable('users')
        .set({ status: 'ACTIVE', deactivated_at: null, updated_at: ctx.clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  },

  setPassword: async (_: unknown, args: { userId: string; password: string }, ctx: AnnuaireContext) => {
    await assertUserAdmin(ctx, args.userId);
    return inTransaction(ctx, async (trx) => {
      const user = await userOrFail(trx, args.userId);
      const passwordHash = await checkedPasswordHash(args.password, user.login, 'password');
      const now = ctx.clock.now();
      const updated = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
        .where('id', '=', args.userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      // A new password ends the sessions opened with the old one.
      await ctx.revokeUserSessions(trx, args.userId, 'PASSWORD_CHANGED');
      return updated;
    });
  },

  grantProfile: async (
    _: unknown,
    args: { userId: string; profile: string; establishmentId?: string | null; functionLabel?: string | null },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    const profile = validate.profile('profile', args.profile);
    const establishmentId = args.establishmentId ?? null;
    checkProfileGrant(viewer, profile, establishmentId, 'establishmentId');
    const functionLabel = validate.optionalText('functionLabel', args.functionLabel);
    return inTransaction(ctx, async (trx) => {
      const user = await userOrFail(trx, args.userId);
      if (establishmentId) await establishmentOrFail(trx, establishmentId, 'establishmentId');
      const existing = await trx
        .selectFrom('user_profiles')
        .select('user_id')
        .where('user_id', '=', args.userId)
        .where('profile', '=', profile)
        .where((eb) =>
          establishmentId ? eb('establishment_id', '=', establishmentId) : eb('establishment_id', 'is', null),
        )
        .executeTakeFirst();
      if (existing) throw conflict(messages.profileAlreadyGranted);
      await trx
        .insertInto('user_profiles')
        .values({ user_id: args.userId, profile, establishment_id: establishmentId, function_label: functionLabel })
        .execute();
      return user;
    });
  },

  revokeProfile: async (
    _: unknown,
    args: { userId: string; profile: string; establishmentId?: string | null },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    const profile = validate.profile('profile', args.profile);
    const establishmentId = args.establishmentId ?? null;
    checkProfileGrant(viewer, profile, establishmentId, 'establishmentId');
    return inTransaction(ctx, async (trx) => {
      const user = await userOrFail(trx, args.userId);
      const deleted = await trx
        .deleteFrom('user_profiles')
        .where('user_id', '=', args.userId)
        .where('profile', '=', profile)
        .where((eb) =>
          establishmentId ? eb('establishment_id', '=', establishmentId) : eb('establishment_id', 'is', null),
        )
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound('Profil');
      return user;
    });
  },

  createClass: async (
    _: unknown,
    { input }: { input: { establishmentId: string; name: string; level: string; academicYear: string } },
    ctx: AnnuaireContext,
  ) => {
    assertEstablishmentAdmin(requireViewer(ctx), input.establishmentId);
    const name = validate.requiredText('input.name', input.name, 60);
    const level = validate.level('input.level', input.level);
    const academicYear = validate.academicYear('input.academicYear', input.academicYear);
    return inTransaction(ctx, async (trx) => {
      await establishmentOrFail(trx, input.establishmentId, 'input.establishmentId');
      try {
        return await trx
          .insertInto('classes')
          .values({
            establishment_id: input.establishmentId,
            name,
            level,
            academic_year: academicYear,
            external_id: null,
            updated_at: ctx.clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (validate.isUniqueViolation(error)) throw conflict(format(messages.classNameTaken, { name }));
        throw error;
      }
    });
  },

  updateClass: async (
    _: unknown,
    { id, input }: { id: string; input: { name?: string | null; level?: string | null } },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    return inTransaction(ctx, async (trx) => {
      const schoolClass = await classOrFail(trx, id);
      assertEstablishmentAdmin(viewer, schoolClass.establishment_id);
      const changes: { name?: string; level?: string } = {};
      if (input.name !== undefined && input.name !== null) changes.name = validate.requiredText('input.name', input.name, 60);
      if (input.level !== undefined && input.level !== null) changes.level = validate.level('input.level', input.level);
      try {
        return await trx
          .updateTable('classes')
          .set({ ...changes, updated_at: ctx.clock.now() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (validate.isUniqueViolation(error)) throw conflict(format(messages.classNameTaken, { name: changes.name ?? '' }));
        throw error;
      }
    });
  },

  createGroup: async (
    _: unknown,
    { input }: { input: { establishmentId: string; name: string; academicYear: string } },
    ctx: AnnuaireContext,
  ) => {
    assertEstablishmentAdmin(requireViewer(ctx), input.establishmentId);
    const name = validate.requiredText('input.name', input.name, 100);
    const academicYear = validate.academicYear('input.academicYear', input.academicYear);
    return inTransaction(ctx, async (trx) => {
      await establishmentOrFail(trx, input.establishmentId, 'input.establishmentId');
      try {
        return await trx
          .insertInto('groups')
          .values({
            establishment_id: input.establishmentId,
            name,
            academic_year: academicYear,
            external_id: null,
            updated_at: ctx.clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (validate.isUniqueViolation(error)) throw conflict(format(messages.groupNameTaken, { name }));
        throw error;
      }
    });
  },

  addClassMember: (_: unknown, args: { classId: string; userId: string }, ctx: AnnuaireContext) =>
    changeMembership(ctx, 'class', args.classId, args.userId, 'add'),
  removeClassMember: (_: unknown, args: { classId: string; userId: string }, ctx: AnnuaireContext) =>
    changeMembership(ctx, 'class', args.classId, args.userId, 'remove'),
  addGroupMember: (_: unknown, args: { groupId: string; userId: string }, ctx: AnnuaireContext) =>
    changeMembership(ctx, 'group', args.groupId, args.userId, 'add'),
  removeGroupMember: (_: unknown, args: { groupId: string; userId: string }, ctx: AnnuaireContext) =>
    changeMembership(ctx, 'group', args.groupId, args.userId, 'remove'),

  linkParent: async (
    _: unknown,
    args: { parentId: string; childId: string; legalGuardian?: boolean | null; relationship?: string | null },
    ctx: AnnuaireContext,
  ) => {
    if (args.parentId === args.childId) throw badUserInput('parentId', messages.selfParent);
    await assertUserAdmin(ctx, args.childId);
    const relationship = validate.optionalText('relationship', args.relationship, 40);
    return inTransaction(ctx, async (trx) => {
      await userOrFail(trx, args.parentId);
      await userOrFail(trx, args.childId);
      const inserted = await trx
        .insertInto('family_links')
        .values({
          parent_id: args.parentId,
          child_id: args.childId,
          legal_guardian: args.legalGuardian ?? true,
          relationship,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) throw conflict(messages.alreadyLinked);
      // The parent gets the PARENT profile in each establishment where the child is a pupil.
      const schools = await trx
        .selectFrom('user_profiles')
        .select('establishment_id')
        .where('user_id', '=', args.childId)
        .where('profile', '=', 'ELEVE')
        .execute();
      for (const { establishment_id } of schools) {
        if (establishment_id && !(await hasProfileIn(trx, args.parentId, 'PARENT', establishment_id))) {
          await trx
            .insertInto('user_profiles')
            .values({ user_id: args.parentId, profile: 'PARENT', establishment_id, function_label: null })
            .execute();
        }
      }
      return inserted;
    });
  },

  unlinkParent: async (_: unknown, args: { parentId: string; childId: string }, ctx: AnnuaireContext) => {
    await assertUserAdmin(ctx, args.childId);
    return inTransaction(ctx, async (trx) => {
      const deleted = await trx
        .deleteFrom('family_links')
        .where('parent_id', '=', args.parentId)
        .where('child_id', '=', args.childId)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound(messages.familyLink);
      return true;
    });
  },

  assignTeaching: async (
    _: unknown,
    {
      input,
    }: { input: { teacherId: string; classId?: string | null; groupId?: string | null; subject: string; headTeacher?: boolean | null } },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    if (Boolean(input.classId) === Boolean(input.groupId)) throw badUserInput('input.classId', messages.oneTarget);
    const subject = validate.requiredText('input.subject', input.subject, 100);
    return inTransaction(ctx, async (trx) => {
      const target = input.classId ? await classOrFail(trx, input.classId) : await groupOrFail(trx, input.groupId ?? '');
      assertEstablishmentAdmin(viewer, target.establishment_id);
      if (!(await hasProfileIn(trx, input.teacherId, 'ENSEIGNANT', target.establishment_id)))
        throw badUserInput('input.teacherId', messages.notATeacherHere);
      try {
        return await trx
          .insertInto('teaching_assignments')
          .values({
            teacher_id: input.teacherId,
            class_id: input.classId ?? null,
            group_id: input.groupId ?? null,
            subject,
            head_teacher: input.headTeacher ?? false,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (validate.isUniqueViolation(error)) throw conflict(messages.alreadyAssigned);
        throw error;
      }
    });
  },

  removeTeaching: async (_: unknown, { id }: { id: string }, ctx: AnnuaireContext) => {
    const viewer = requireViewer(ctx);
    return inTransaction(ctx, async (trx) => {
      const teaching = await trx.selectFrom('teaching_assignments').selectAll().where('id', '=', id).executeTakeFirst();
      if (!teaching) throw notFound(messages.teaching);
      const target = teaching.class_id
        ? await classOrFail(trx, teaching.class_id)
        : await groupOrFail(trx, teaching.group_id ?? '');
      assertEstablishmentAdmin(viewer, target.establishment_id);
      await trx.deleteFrom('teaching_assignments').where('id', '=', id).execute();
      return true;
    });
  },
};
