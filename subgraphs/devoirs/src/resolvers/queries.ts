import { establishmentsWith, forbidden, hasProfile, requireViewer } from '@ent/kit';
import { type AssignmentView, audienceOf, isDirectionOf } from '../devoirs/access.js';
import { isUuid } from '../devoirs/input.js';
import * as repository from '../devoirs/repository.js';
import type { DevoirsContext } from '../context.js';
import { messages } from '../messages.js';

/** The establishments among these where the module is on; MODULE_DISABLED when it is on in none of them. */
export async function enabledScope(ctx: DevoirsContext, establishmentIds: readonly string[]): Promise<string[]> {
  const enabled = await ctx.gate.enabledEstablishments(establishmentIds);
  if (enabled.length === 0 && establishmentIds.length > 0) await ctx.gate.assertEnabled(establishmentIds[0] as string);
  return enabled;
}

/** The pupil a list is for: the viewer (a pupil), or a parent's child (FORBIDDEN otherwise); with their establishments. */
export async function pupilFor(ctx: DevoirsContext, pupilId: string | null | undefined) {
  const viewer = requireViewer(ctx);
  const id = pupilId ?? viewer.userId;
  if (id === viewer.userId) {
    if (!hasProfile(viewer, 'ELEVE')) throw forbidden(messages.pupilsOnly);
    return { pupilId: id, audience: 'PUPIL' as const, establishmentIds: establishmentsWith(viewer, ['ELEVE']) };
  }
  if (!viewer.childIds.includes(id)) throw forbidden(messages.cannotSeeWork);
  const child = (await ctx.annuaire.myChildren()).find((candidate) => candidate.id === id);
  if (!child) throw forbidden(messages.cannotSeeWork);
  return { pupilId: id, audience: 'PARENT' as const, establishmentIds: child.establishmentIds };
}

export const queryResolvers = {
  assignment: async (_: unknown, { id }: { id: string }, ctx: DevoirsContext): Promise<AssignmentView | null> => {
    const viewer = requireViewer(ctx);
    const assignment = isUuid(id) ? await repository.findAssignment(ctx.db, id) : undefined;
    if (!assignment) return null;
    const audience = await audienceOf(ctx, viewer, assignment);
    if (!audience) return null;
    await ctx.gate.assertEnabled(assignment.establishment_id);
    return { ...assignment, audience };
  },

  teacherAssignments: async (_: unknown, __: unknown, ctx: DevoirsContext): Promise<AssignmentView[]> => {
    const viewer = requireViewer(ctx);
    const teaching = establishmentsWith(viewer, ['ENSEIGNANT']);
    if (teaching.length === 0) throw forbidden(messages.teachersOnly);
    const enabled = await enabledScope(ctx, teaching);
    const rows = await repository.assignmentsByAuthor(ctx.db, viewer.userId, enabled);
    return rows.map((row) => ({ ...row, audience: 'AUTHOR' }));
  },

  pupilAssignments: async (_: unknown, { pupilId }: { pupilId?: string | null }, ctx: DevoirsContext): Promise<AssignmentView[]> => {
    const scope = await pupilFor(ctx, pupilId);
    const enabled = await enabledScope(ctx, scope.establishmentIds);
    const rows = await repository.assignmentsOfPupil(ctx.db, scope.pupilId, enabled, ctx.clock.now());
    return rows.map((row) => ({ ...row, audience: scope.audience, forPupilId: scope.pupilId }));
  },

  rubricLibrary: async (_: unknown, __: unknown, ctx: DevoirsContext) => {
    const viewer = requireViewer(ctx);
    const teaching = establishmentsWith(viewer, ['ENSEIGNANT']);
    if (teaching.length === 0) throw forbidden(messages.teachersOnly);
    const enabled = await enabledScope(ctx, teaching);
    return repository.rubricLibrary(ctx.db, viewer.userId, enabled);
  },

  assignmentIndicators: async (_: unknown, args: { establishmentId: string; classId?: string | null }, ctx: DevoirsContext) => {
    const viewer = requireViewer(ctx);
    const direction = isDirectionOf(viewer, args.establishmentId);
    if (!direction && !hasProfile(viewer, 'ENSEIGNANT', args.establishmentId)) throw forbidden(messages.cannotSeeIndicators);
    await ctx.gate.assertEnabled(args.establishmentId);
    const scope: repository.IndicatorScope = {
      establishmentId: args.establishmentId,
      ...(direction ? {} : { authorId: viewer.userId }),
      ...(args.classId && isUuid(args.classId) ? { classId: args.classId } : {}),
    };
    const [rates, classRates, delays] = await Promise.all([
      repository.submissionRates(ctx.db, scope),
      repository.classSubmissionRates(ctx.db, scope),
      repository.markingDelays(ctx.db, scope),
    ]);
    const assignments = new Map((await repository.assignmentsByIds(ctx.db, [...new Set(rates.map((rate) => rate.assignmentId))])).map((row) => [row.id, row]));
    const ratio = (submitted: number, targeted: number) => (targeted === 0 ? 0 : submitted / targeted);
    return {
      submissionRates: rates.map((rate) => ({
        assignment: { ...assignments.get(rate.assignmentId), audience: direction ? 'DIRECTION' : 'AUTHOR' },
        class: rate.classId ? { id: rate.classId } : null,
        targeted: rate.targeted,
        submitted: rate.submitted,
        rate: ratio(rate.submitted, rate.targeted),
      })),
      classSubmissionRates: classRates.map((rate) => ({
        class: rate.classId ? { id: rate.classId } : null,
        assignments: rate.assignments,
        targeted: rate.targeted,
        submitted: rate.submitted,
        rate: ratio(rate.submitted, rate.targeted),
      })),
      markingDelays: delays.map((delay) => ({
        teacher: { id: delay.teacherId },
        class: delay.classId ? { id: delay.classId } : null,
        returned: delay.returned,
        averageHours: delay.averageHours,
      })),
    };
  },
};
