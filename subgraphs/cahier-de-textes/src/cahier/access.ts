import { type Viewer, badUserInput, forbidden, format, hasProfile, isDepartementAdmin } from '@ent/kit';
import type { CahierContext } from '../context.js';
import type { Placement } from '../directory/annuaireClient.js';
import { messages } from '../messages.js';
import type { Target } from './repository.js';

/**
 * Who may do what in the cahier de textes:
 * - a teacher writes for the classes and groups they teach (token) and only in the subjects they
 *   teach there (annuaire `me.teachings`); only the author edits a séance;
 * - pupils read their classes and groups, parents their children's (annuaire `me.children`), the
 *   direction every class of its establishment; teachers read the classes they teach;
 * - drafts and scheduled entries before their time are seen by their author only.
 * - every read or write on an establishment where the module is off answers MODULE_DISABLED.
 */

export const targetIdOf = (target: Target): string => (target.classId ?? target.groupId) as string;

export function parseTarget(classId: string | null | undefined, groupId: string | null | undefined): Target {
  if ((classId ? 1 : 0) + (groupId ? 1 : 0) !== 1) throw badUserInput(classId ? 'groupId' : 'classId', messages.oneTarget);
  return { classId: classId ?? null, groupId: groupId ?? null };
}

/**
 * The class or group as the annuaire shows it to the caller: BAD_USER_INPUT when it does not exist,
 * FORBIDDEN (`refusal`) when it exists but the annuaire hides it from them.
 */
async function placementOf(ctx: CahierContext, target: Target, refusal: string): Promise<Placement> {
  const found = target.classId ? await ctx.annuaire.classById(target.classId) : await ctx.annuaire.groupById(target.groupId as string);
  if (found === 'hidden') throw forbidden(refusal);
  if (!found) throw target.classId ? badUserInput('classId', messages.unknownClass) : badUserInput('groupId', messages.unknownGroup);
  return found;
}

/** Checks that the viewer teaches `subject` to `target`; returns the establishment (module enabled there). */
export async function authorizeTeaching(ctx: CahierContext, viewer: Viewer, target: Target, subject: string): Promise<string> {
  const teachings = (await ctx.annuaire.myTeachings()).filter((teaching) =>
    target.classId ? teaching.classId === target.classId : teaching.groupId === target.groupId,
  );
  const inToken = target.classId ? viewer.classIds.includes(target.classId) : viewer.groupIds.includes(target.groupId as string);
  const first = teachings[0];
  if (!inToken || !first || !hasProfile(viewer, 'ENSEIGNANT', first.establishmentId)) {
    const refusal = target.classId ? messages.notTaughtClass : messages.notTaughtGroup;
    await placementOf(ctx, target, refusal); // unknown → BAD_USER_INPUT; known but not taught → FORBIDDEN
    throw forbidden(refusal);
  }
  if (!teachings.some((teaching) => teaching.subject === subject)) {
    throw badUserInput('subject', format(messages.notTaughtSubject, { subject }));
  }
  await ctx.gate.assertEnabled(first.establishmentId);
  return first.establishmentId;
}

/** A parent's child, with their classes and groups; FORBIDDEN for anyone else's child. */
export async function childOf(ctx: CahierContext, viewer: Viewer, pupilId: string) {
  if (!viewer.childIds.includes(pupilId)) throw forbidden(messages.cannotSeePupil);
  const child = (await ctx.annuaire.myChildren()).find((candidate) => candidate.id === pupilId);
  if (!child) throw forbidden(messages.cannotSeePupil);
  return child;
}

/** What a pupil's homework is looked up by: their classes and groups, and the establishments (module on) they belong to. */
export interface PupilScope {
  pupilId: string;
  targetIds: string[];
  establishmentIds: string[];
}

export async function pupilScope(ctx: CahierContext, viewer: Viewer, pupilId: string): Promise<PupilScope> {
  if (pupilId === viewer.userId) {
    const establishments = viewer.profiles.flatMap((grant) => (grant.profile === 'ELEVE' && grant.establishmentId ? [grant.establishmentId] : []));
    if (establishments.length === 0) throw forbidden(messages.cannotSeePupil);
    return { pupilId, targetIds: [...viewer.classIds, ...viewer.groupIds], establishmentIds: establishments };
  }
  const child = await childOf(ctx, viewer, pupilId);
  const placements = [...child.classes, ...child.groups];
  return {
    pupilId,
    targetIds: placements.map((placement) => placement.id),
    establishmentIds: [...new Set(placements.map((placement) => placement.establishmentId))],
  };
}

/** Reading a class's or group's log: its teachers and pupils, the pupils' parents, the direction. Returns the establishment. */
export async function authorizeReadTarget(ctx: CahierContext, viewer: Viewer, target: Target): Promise<string> {
  const placement = await placementOf(ctx, target, messages.cannotReadTarget);
  const id = targetIdOf(target);
  let allowed = viewer.classIds.includes(id) || viewer.groupIds.includes(id) || isDirectionOf(viewer, placement.establishmentId);
  if (!allowed && viewer.childIds.length > 0) {
    allowed = (await ctx.annuaire.myChildren()).some((child) => [...child.classes, ...child.groups].some((p) => p.id === id));
  }
  if (!allowed) throw forbidden(messages.cannotReadTarget);
  await ctx.gate.assertEnabled(placement.establishmentId);
  return placement.establishmentId;
}

/** The school head (and the département administrator) oversee every class of the establishment. */
export function isDirectionOf(viewer: Viewer, establishmentId: string): boolean {
  return hasProfile(viewer, 'DIRECTION', establishmentId) || isDepartementAdmin(viewer);
}

/** Reading one entry found by id: its author, or whoever may read its class or group once it is published. */
export async function authorizeReadEntry(
  ctx: CahierContext,
  viewer: Viewer,
  entry: { author_id: string; publish_at: Date | null; class_id: string | null; group_id: string | null },
): Promise<void> {
  if (entry.author_id !== viewer.userId) {
    const published = entry.publish_at !== null && entry.publish_at.getTime() <= ctx.clock.now().getTime();
    if (!published) throw forbidden(messages.cannotReadTarget);
  }
  await authorizeReadTarget(ctx, viewer, { classId: entry.class_id, groupId: entry.group_id });
}
