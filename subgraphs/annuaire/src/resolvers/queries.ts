import {
  badUserInput,
  establishmentsWith,
  forbidden,
  hasProfile,
  isDepartementAdmin,
  requireViewer,
  STAFF_PROFILES,
  unauthenticated,
} from '@ent/kit';
import { listAccessEvents } from '../auth/index.js';
import type { AnnuaireContext } from '../context.js';
import { canSeeClass, canSeeGroup, canSeeUser } from '../directory/access.js';
import * as repo from '../directory/repository.js';
import * as validate from '../directory/validate.js';
import { messages } from '../messages.js';

export const queryResolvers = {
  me: async (_: unknown, __: unknown, ctx: AnnuaireContext) => {
    const viewer = requireViewer(ctx);
    const user = await ctx.loaders.user.load(viewer.userId);
    if (user?.status !== 'ACTIVE') throw unauthenticated();
    return user;
  },

  user: async (_: unknown, { id }: { id: string }, ctx: AnnuaireContext) => {
    requireViewer(ctx);
    const user = await ctx.loaders.user.load(id);
    if (!user) return null;
    if (!(await canSeeUser(ctx, id))) throw forbidden(messages.cannotSeeUser);
    return user;
  },

  establishments: async (_: unknown, __: unknown, ctx: AnnuaireContext) => {
    const viewer = requireViewer(ctx);
    if (isDepartementAdmin(viewer)) return repo.allEstablishments(ctx.db);
    const ids = new Set(viewer.profiles.flatMap((grant) => (grant.establishmentId ? [grant.establishmentId] : [])));
    const rows = await Promise.all([...ids].map((id) => ctx.loaders.establishment.load(id)));
    return rows.filter((row) => row !== null).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  },

  establishment: async (_: unknown, { id }: { id: string }, ctx: AnnuaireContext) => {
    requireViewer(ctx);
    // Name, type, town and UAI of a school are public facts; its classes are filtered by their resolver.
    return ctx.loaders.establishment.load(id);
  },

  class: async (_: unknown, { id }: { id: string }, ctx: AnnuaireContext) => {
    requireViewer(ctx);
    const schoolClass = await ctx.loaders.class.load(id);
    if (!schoolClass) return null;
    if (!(await canSeeClass(ctx, schoolClass))) throw forbidden(messages.cannotSeeClass);
    return schoolClass;
  },

  group: async (_: unknown, { id }: { id: string }, ctx: AnnuaireContext) => {
    requireViewer(ctx);
    const group = await ctx.loaders.group.load(id);
    if (!group) return null;
    if (!(await canSeeGroup(ctx, group))) throw forbidden(messages.cannotSeeGroup);
    return group;
  },

  searchUsers: async (
    _: unknown,
    args: { query: string; establishmentId?: string | null; profile?: string | null; first?: number | null },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    const text = args.query.trim();
    if (text.length < 2) throw badUserInput('query', messages.queryTooShort);
    const limit = validate.first('first', args.first, 100, 20);
    const profile = args.profile ? validate.profile('profile', args.profile) : undefined;
    let establishmentIds: string[] | undefined;
    if (!isDepartementAdmin(viewer)) {
      // Staff search within their establishments; families and pupils use their own lists.
      const allowed = establishmentsWith(viewer, STAFF_PROFILES);
      if (allowed.length === 0) throw forbidden();
      if (args.establishmentId && !allowed.includes(args.establishmentId)) throw forbidden();
      establishmentIds = args.establishmentId ? [args.establishmentId] : allowed;
    } else if (args.establishmentId) {
      establishmentIds = [args.establishmentId];
    }
    const rows = await repo.searchUsers(ctx.db, {
      text,
      limit,
      ...(establishmentIds ? { establishmentIds } : {}),
      ...(profile ? { profile } : {}),
    });
    // A teacher finds colleagues and the families of their classes, not every pupil of the school.
    const visible = await Promise.all(rows.map((row) => canSeeUser(ctx, row.id)));
    return rows.filter((_, index) => visible[index]);
  },

  accessJournal: async (
    _: unknown,
    args: {
      filter?: { userId?: string | null; establishmentId?: string | null; event?: string | null; since?: string | null } | null;
      first?: number | null;
      before?: string | null;
    },
    ctx: AnnuaireContext,
  ) => {
    const viewer = requireViewer(ctx);
    const first = validate.first('first', args.first, 500, 50);
    const filter = args.filter ?? {};
    let establishmentId = filter.establishmentId ?? undefined;
    if (!isDepartementAdmin(viewer)) {
      const administered = establishmentsWith(viewer, ['ADMIN_LOCAL']);
      if (!hasProfile(viewer, 'ADMIN_LOCAL') || administered.length === 0) throw forbidden(messages.journalAdministratorsOnly);
      if (establishmentId && !administered.includes(establishmentId)) throw forbidden(messages.journalAdministratorsOnly);
      establishmentId ??= administered[0];
    }
    let since: Date | undefined;
    if (filter.since) {
      since = new Date(filter.since);
      if (Number.isNaN(since.getTime())) throw badUserInput('filter.since', messages.dateFormat);
    }
    return listAccessEvents(ctx.db, {
      first,
      ...(filter.userId ? { userIds: [filter.userId] } : {}),
      ...(establishmentId ? { establishmentId } : {}),
      ...(filter.event ? { event: filter.event } : {}),
      ...(since ? { since } : {}),
      ...(args.before ? { before: args.before } : {}),
    });
  },
};

export const accessEventResolvers = {
  AccessEvent: {
    at: (row: { at: Date }) => row.at.toISOString(),
    user: (row: { user_id: string | null }, _: unknown, ctx: AnnuaireContext) =>
      row.user_id ? ctx.loaders.user.load(row.user_id) : null,
    userAgent: (row: { user_agent: string }) => row.user_agent,
    detail: (row: { detail: unknown }) => (row.detail ? JSON.stringify(row.detail) : null),
  },
};
