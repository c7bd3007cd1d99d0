import { badUserInput, canAdministerEstablishment, forbidden, hasProfile, isDepartementAdmin, moduleDisabled, requireViewer, type Viewer } from '@ent/kit';
import type { GarContext } from '../context.js';
import { messages } from '../messages.js';

export const MODULE_LABEL = 'Ressources numériques';

/** The viewer's establishments (profiles with one), in their grant order, without repeats. */
export function establishmentsOf(viewer: Viewer): string[] {
  return [...new Set(viewer.profiles.flatMap((grant) => (grant.establishmentId ? [grant.establishmentId] : [])))];
}

/**
 * The establishment a resource question is about: the one asked for (it must be the viewer's, and
 * the module on there), or the viewer's first where the module is on.
 */
export async function resourceEstablishment(ctx: GarContext, establishmentId: string | null | undefined): Promise<string> {
  const viewer = requireViewer(ctx);
  const own = establishmentsOf(viewer);
  if (establishmentId) {
    if (!own.includes(establishmentId)) throw badUserInput('establishmentId', messages.unknownEstablishment);
    await ctx.gate.assertEnabled(establishmentId);
    return establishmentId;
  }
  const enabled = await ctx.gate.enabledEstablishments(own);
  const first = own.find((id) => enabled.includes(id));
  if (!first) throw moduleDisabled(MODULE_LABEL);
  return first;
}

/** GAR serves pupils and staff; a parent has no GAR list of their own. */
export function hasGarProfile(viewer: Viewer, establishmentId: string): boolean {
  return viewer.profiles.some((grant) => grant.establishmentId === establishmentId && grant.profile !== 'PARENT');
}

export async function assertAdministers(ctx: GarContext, establishmentId: string): Promise<Viewer> {
  const viewer = requireViewer(ctx);
  if (!canAdministerEstablishment(viewer, establishmentId)) throw forbidden(messages.adminOnly);
  await ctx.gate.assertEnabled(establishmentId);
  return viewer;
}

/** Administrators and the direction see the affectation managers. */
export function canSeeManagers(viewer: Viewer, establishmentId: string): boolean {
  return canAdministerEstablishment(viewer, establishmentId) || hasProfile(viewer, 'DIRECTION', establishmentId);
}

export function assertDepartementAdmin(ctx: GarContext): Viewer {
  const viewer = requireViewer(ctx);
  if (!isDepartementAdmin(viewer)) throw forbidden(messages.departementAdminOnly);
  return viewer;
}
