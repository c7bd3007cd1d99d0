import { badUserInput, forbidden, requireViewer } from '@ent/kit';
import type { GarContext } from '../context.js';
import { messages } from '../messages.js';
import { assertDepartementAdmin, canSeeManagers, establishmentsOf, hasGarProfile, resourceEstablishment } from './access.js';
import { listView } from './resources.js';

const managerView = (row: { user_id: string; establishment_id: string; display_name: string; created_at: Date }) => ({
  userId: row.user_id,
  establishmentId: row.establishment_id,
  displayName: row.display_name,
  createdAt: row.created_at.toISOString(),
});

export const toolView = (row: {
  id: string;
  establishment_id: string;
  name: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  login_url: string;
  launch_url: string;
  jwks_url: string;
  created_at: Date;
}) => ({
  id: row.id,
  establishmentId: row.establishment_id,
  name: row.name,
  issuer: row.issuer,
  clientId: row.client_id,
  deploymentId: row.deployment_id,
  loginUrl: row.login_url,
  launchUrl: row.launch_url,
  jwksUrl: row.jwks_url,
  createdAt: row.created_at.toISOString(),
});

export { managerView };

export const queryResolvers = {
  async myResources(_: unknown, args: { establishmentId?: string | null }, ctx: GarContext) {
    const viewer = requireViewer(ctx);
    const establishmentId = await resourceEstablishment(ctx, args.establishmentId);
    if (!hasGarProfile(viewer, establishmentId)) {
      return { establishmentId, resources: [], stale: false, fetchedAt: null, notice: messages.noGarForParents };
    }
    const establishment = await ctx.annuaire.establishment(establishmentId);
    if (!establishment) throw badUserInput('establishmentId', messages.unknownEstablishment);
    return listView(ctx, await ctx.resources.list(viewer.userId, establishmentId, establishment.uai));
  },

  async affectationManagers(_: unknown, args: { establishmentId: string }, ctx: GarContext) {
    const viewer = requireViewer(ctx);
    if (!canSeeManagers(viewer, args.establishmentId)) throw forbidden(messages.adminOnly);
    await ctx.gate.assertEnabled(args.establishmentId);
    const rows = await ctx.db.selectFrom('affectation_managers').selectAll().where('establishment_id', '=', args.establishmentId).orderBy('display_name').execute();
    return rows.map(managerView);
  },

  async ltiTools(_: unknown, args: { establishmentId: string }, ctx: GarContext) {
    const viewer = requireViewer(ctx);
    const member = establishmentsOf(viewer).includes(args.establishmentId) || viewer.profiles.some((grant) => grant.profile === 'ADMIN_DEPARTEMENT');
    if (!member || !hasGarProfile(viewer, args.establishmentId) && !viewer.profiles.some((grant) => grant.profile === 'ADMIN_DEPARTEMENT')) {
      throw forbidden();
    }
    await ctx.gate.assertEnabled(args.establishmentId);
    const rows = await ctx.db.selectFrom('lti_tools').selectAll().where('establishment_id', '=', args.establishmentId).orderBy('name').execute();
    return rows.map(toolView);
  },

  async garExports(_: unknown, args: { first?: number | null }, ctx: GarContext) {
    assertDepartementAdmin(ctx);
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badUserInput('first', 'un nombre entre 1 et 100');
    return ctx.exports.history(first);
  },
};
