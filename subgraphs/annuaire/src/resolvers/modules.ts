import {
  activationStateAt,
  badUserInput,
  canAdministerEstablishment,
  forbidden,
  knownModules,
  notFound,
  requireViewer,
} from '@ent/kit';
import type { AnnuaireContext } from '../context.js';
import type { Establishment } from '../db/database.js';
import { messages } from '../messages.js';
import { activationChanges, deleteScheduledChanges, recordActivationChange } from '../modules/repository.js';
import { DEFAULT_PREFERENCES, type Preferences, preferencesOf, savePreferences } from '../preferences/repository.js';

interface ModuleActivationView {
  moduleId: string;
  label: string;
  enabled: boolean;
  since: string | null;
  next: { enabled: boolean; effectiveAt: string } | null;
}

async function activationsOf(ctx: AnnuaireContext, establishmentId: string): Promise<ModuleActivationView[]> {
  const changes = await ctx.loaders.moduleChangesOfEstablishment.load(establishmentId);
  const now = ctx.clock.now();
  return knownModules().map((module) => {
    const state = activationStateAt(changes, establishmentId, module.id, now);
    return {
      moduleId: module.id,
      label: module.label,
      enabled: state.enabled,
      since: state.since?.toISOString() ?? null,
      next: state.next ? { enabled: state.next.enabled, effectiveAt: state.next.effectiveAt.toISOString() } : null,
    };
  });
}

export const moduleQueryResolvers = {
  modules: (_: unknown, __: unknown, ctx: AnnuaireContext) => {
    requireViewer(ctx);
    return knownModules();
  },
};

export const moduleMutationResolvers = {
  setModuleActivation: async (
    _: unknown,
    args: { establishmentId: string; moduleId: string; enabled: boolean; effectiveAt?: string | null },
    ctx: AnnuaireContext,
  ): Promise<ModuleActivationView> => {
    const viewer = requireViewer(ctx);
    if (!canAdministerEstablishment(viewer, args.establishmentId)) throw forbidden(messages.notAdministrator);
    if (!knownModules().some((module) => module.id === args.moduleId)) throw badUserInput('moduleId', messages.unknownModule);
    const now = ctx.clock.now();
    let effectiveAt = now;
    if (args.effectiveAt) {
      effectiveAt = new Date(args.effectiveAt);
      if (Number.isNaN(effectiveAt.getTime())) throw badUserInput('effectiveAt', messages.dateFormat);
      // A minute's grace for clocks that differ a little between the browser and the server.
      if (effectiveAt.getTime() < now.getTime() - 60_000) throw badUserInput('effectiveAt', messages.dateInPast);
      if (effectiveAt.getTime() < now.getTime()) effectiveAt = now;
    }
    await ctx.db.transaction().execute(async (trx) => {
      const establishment = await trx.selectFrom('establishments').select('id').where('id', '=', args.establishmentId).executeTakeFirst();
      if (!establishment) throw notFound(messages.establishment);
      await recordActivationChange(trx, {
        establishmentId: args.establishmentId,
        moduleId: args.moduleId,
        enabled: args.enabled,
        effectiveAt,
        createdBy: viewer.userId,
      });
    });
    ctx.logger.info({ establishmentId: args.establishmentId, moduleId: args.moduleId, enabled: args.enabled, effectiveAt }, 'module activation changed');
    ctx.loaders.moduleChangesOfEstablishment.clear(args.establishmentId);
    const views = await activationsOf(ctx, args.establishmentId);
    return views.find((view) => view.moduleId === args.moduleId) as ModuleActivationView;
  },

  cancelScheduledModuleChanges: async (
    _: unknown,
    args: { establishmentId: string; moduleId: string },
    ctx: AnnuaireContext,
  ): Promise<ModuleActivationView> => {
    const viewer = requireViewer(ctx);
    if (!canAdministerEstablishment(viewer, args.establishmentId)) throw forbidden(messages.notAdministrator);
    if (!knownModules().some((module) => module.id === args.moduleId)) throw badUserInput('moduleId', messages.unknownModule);
    const withdrawn = await ctx.db
      .transaction()
      .execute((trx) => deleteScheduledChanges(trx, args.establishmentId, args.moduleId, ctx.clock.now()));
    ctx.logger.info({ establishmentId: args.establishmentId, moduleId: args.moduleId, withdrawn }, 'scheduled module changes withdrawn');
    ctx.loaders.moduleChangesOfEstablishment.clear(args.establishmentId);
    const views = await activationsOf(ctx, args.establishmentId);
    return views.find((view) => view.moduleId === args.moduleId) as ModuleActivationView;
  },

  updateMyPreferences: async (_: unknown, { input }: { input: Partial<Preferences> }, ctx: AnnuaireContext) => {
    const viewer = requireViewer(ctx);
    return ctx.db.transaction().execute(async (trx) => {
      const current = await preferencesOf(trx, viewer.userId);
      const next: Preferences = { ...DEFAULT_PREFERENCES, ...current };
      for (const key of Object.keys(DEFAULT_PREFERENCES) as Array<keyof Preferences>) {
        const value = input[key];
        if (value !== undefined && value !== null) next[key] = value;
      }
      return savePreferences(trx, viewer.userId, next, ctx.clock.now());
    });
  },
};

export const moduleTypeResolvers = {
  Establishment: {
    modules: (establishment: Establishment, _: unknown, ctx: AnnuaireContext) => {
      requireViewer(ctx);
      return activationsOf(ctx, establishment.id);
    },
  },
  User: {
    preferences: (user: { id: string }, _: unknown, ctx: AnnuaireContext) =>
      user.id === requireViewer(ctx).userId ? preferencesOf(ctx.db, user.id) : null,
  },
};

/** GET /modules/activations?module=ID — what every module subgraph's gate reads (kit createModuleGate). */
export async function activationsEndpointBody(ctx: Pick<AnnuaireContext, 'db'>, moduleId: string | undefined) {
  const changes = await activationChanges(ctx.db, moduleId ? { moduleId } : {});
  return { changes: changes.map((change) => ({ ...change, effectiveAt: change.effectiveAt.toISOString() })) };
}
