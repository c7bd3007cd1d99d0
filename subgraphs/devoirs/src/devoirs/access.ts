import { badUserInput, forbidden, hasProfile, isDepartementAdmin, type Viewer } from '@ent/kit';
import type { DevoirsContext } from '../context.js';
import type { Assignment, AssignmentPupil, Mark, Submission } from '../db/database.js';
import type { Roster } from '../directory/annuaireClient.js';
import { messages } from '../messages.js';
import * as repository from './repository.js';

/**
 * Who may do what in devoirs:
 * - a teacher creates assignments for the classes and groups they teach (token + ENSEIGNANT profile in
 *   the establishment), and only the author edits, publishes, marks and returns;
 * - the direction (and the département administrator) reads assignments, statuses and indicators of its
 *   establishment, not the pupils' work itself;
 * - a pupil sees the published assignments that target them, and only their own work;
 * - a parent sees their child's status and, once returned, the mark and feedback;
 * - anywhere the module is off, MODULE_DISABLED.
 */
export type Audience = 'AUTHOR' | 'DIRECTION' | 'PUPIL' | 'PARENT';

/** An assignment as resolvers see it: with the viewer's role, and the pupil it is shown for (pupil and parent lists). */
export type AssignmentView = Assignment & { audience: Audience; forPupilId?: string };

export function isDirectionOf(viewer: Viewer, establishmentId: string): boolean {
  return hasProfile(viewer, 'DIRECTION', establishmentId) || isDepartementAdmin(viewer);
}

export const isPublished = (assignment: Assignment, now: Date) =>
  assignment.published_at !== null && assignment.opens_at.getTime() <= now.getTime();

/** The viewer's role on an assignment, or null when they may not see it at all. */
export async function audienceOf(ctx: DevoirsContext, viewer: Viewer, assignment: Assignment): Promise<Audience | null> {
  if (assignment.author_id === viewer.userId) return 'AUTHOR';
  if (isDirectionOf(viewer, assignment.establishment_id)) return 'DIRECTION';
  if (!isPublished(assignment, ctx.clock.now())) return null;
  if (hasProfile(viewer, 'ELEVE') && (await repository.targetedPupil(ctx.db, assignment.id, viewer.userId))) return 'PUPIL';
  for (const childId of viewer.childIds) {
    if (await repository.targetedPupil(ctx.db, assignment.id, childId)) return 'PARENT';
  }
  return null;
}

export interface Target {
  classId: string | null;
  groupId: string | null;
}

/**
 * Checks that the viewer teaches the class or group (token and ENSEIGNANT profile where it belongs) and
 * returns its roster from the annuaire: BAD_USER_INPUT when unknown, FORBIDDEN when not theirs.
 */
export async function authorizeTeacherTarget(ctx: DevoirsContext, viewer: Viewer, target: Target): Promise<Roster> {
  const refusal = target.classId ? messages.notTaughtClass : messages.notTaughtGroup;
  const inToken = target.classId ? viewer.classIds.includes(target.classId) : viewer.groupIds.includes(target.groupId as string);
  const roster = target.classId ? await ctx.annuaire.classRoster(target.classId) : await ctx.annuaire.groupRoster(target.groupId as string);
  if (roster === null) throw target.classId ? badUserInput('classId', messages.unknownClass) : badUserInput('groupId', messages.unknownGroup);
  if (roster === 'hidden' || !inToken || !hasProfile(viewer, 'ENSEIGNANT', roster.establishmentId)) throw forbidden(refusal);
  await ctx.gate.assertEnabled(roster.establishmentId);
  return roster;
}

/** The pupils an assignment targets, from its roster and the teacher's choice (all when none chosen). */
export function targetedFrom(
  roster: Roster,
  chosen: readonly string[] | null,
): Array<{ pupil_id: string; pupil_name: string; sort_name: string; class_id: string | null }> {
  const byId = new Map(roster.pupils.map((pupil) => [pupil.id, pupil]));
  if (chosen) {
    for (const id of chosen) if (!byId.has(id)) throw badUserInput('pupilIds', messages.notInTarget);
  }
  const ids = chosen ? [...new Set(chosen)] : roster.pupils.map((pupil) => pupil.id);
  if (ids.length === 0) throw badUserInput(chosen ? 'pupilIds' : 'classId', messages.emptyTarget);
  return ids.map((id) => {
    const pupil = byId.get(id) as Roster['pupils'][number];
    return { pupil_id: pupil.id, pupil_name: pupil.name, sort_name: pupil.sortName, class_id: pupil.classId };
  });
}

export type WorkStatus = 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'LATE' | 'MARKED' | 'RETURNED';

/** One pupil's work on one assignment, as seen by `audience`. */
export interface WorkView {
  assignment: Assignment;
  audience: Audience;
  pupil: AssignmentPupil;
  status: WorkStatus;
  /** Latest first. */
  versions: Submission[];
  mark: Mark | undefined;
}

export function statusOf(versions: readonly Submission[], mark: Mark | undefined, hasDraft: boolean): WorkStatus {
  if (mark?.returned_at) return 'RETURNED';
  if (mark) return 'MARKED';
  const latest = versions[0];
  if (latest) return latest.late ? 'LATE' : 'SUBMITTED';
  return hasDraft ? 'DRAFT' : 'NOT_STARTED';
}

/** The works of these pupils on an assignment, in three queries whatever their number. */
export async function worksOf(ctx: DevoirsContext, assignment: Assignment, audience: Audience, pupils: readonly AssignmentPupil[]): Promise<WorkView[]> {
  const ids = pupils.map((pupil) => pupil.pupil_id);
  const [submissions, marks, drafts] = await Promise.all([
    repository.submissionsOf(ctx.db, assignment.id, ids),
    repository.marksOf(ctx.db, assignment.id, ids),
    repository.pupilsWithDraft(ctx.db, assignment.id, ids),
  ]);
  return pupils.map((pupil) => {
    const versions = submissions.filter((row) => row.pupil_id === pupil.pupil_id);
    const mark = marks.find((row) => row.pupil_id === pupil.pupil_id);
    return { assignment, audience, pupil, versions, mark, status: statusOf(versions, mark, drafts.has(pupil.pupil_id)) };
  });
}

/** One pupil's work for the viewer: themself, their parent, the author or the direction; FORBIDDEN otherwise. */
export async function workFor(ctx: DevoirsContext, viewer: Viewer, assignment: Assignment, audience: Audience, pupilId: string): Promise<WorkView> {
  const allowed =
    audience === 'AUTHOR' || audience === 'DIRECTION' || (audience === 'PUPIL' && pupilId === viewer.userId) || (audience === 'PARENT' && viewer.childIds.includes(pupilId));
  if (!allowed) throw forbidden(messages.cannotSeeWork);
  const pupil = await repository.targetedPupil(ctx.db, assignment.id, pupilId);
  if (!pupil) {
    if (audience === 'AUTHOR' || audience === 'DIRECTION') throw badUserInput('pupilId', messages.pupilNotTargeted);
    throw forbidden(messages.cannotSeeWork);
  }
  const [work] = await worksOf(ctx, assignment, audience, [pupil]);
  return work as WorkView;
}
