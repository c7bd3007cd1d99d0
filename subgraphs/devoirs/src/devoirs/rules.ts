import { badUserInput, conflict, forbidden, hasProfile, notFound, type Viewer } from '@ent/kit';
import type { Assignment } from '../db/database.js';
import { messages } from '../messages.js';
import { isUuid } from './input.js';
import * as repository from './repository.js';

/**
 * Whether a pupil may work on (upload to, autosave, hand in) an assignment now. Shared by the upload
 * route and the mutations, and run again inside the transaction that writes. Refusals:
 * NOT_FOUND (unknown, a draft, or not for them), CONFLICT (not open yet, past due without late work,
 * already handed in without resubmission, already marked).
 */
export async function assertPupilMayWork(db: repository.Db, viewer: Viewer, assignmentId: string, now: Date): Promise<Assignment> {
  const assignment = isUuid(assignmentId) ? await repository.findAssignment(db, assignmentId) : undefined;
  if (!assignment || assignment.published_at === null) throw notFound(messages.assignment);
  if (!hasProfile(viewer, 'ELEVE', assignment.establishment_id) || !(await repository.targetedPupil(db, assignment.id, viewer.userId))) {
    throw forbidden(messages.pupilsOnly);
  }
  if (assignment.opens_at.getTime() > now.getTime()) throw conflict(messages.notOpenYet);
  const pastDue = now.getTime() > assignment.due_at.getTime();
  if (pastDue && assignment.late_policy === 'REFUSE') throw conflict(messages.deadlinePassed);
  const [mark] = await repository.marksOf(db, assignment.id, [viewer.userId]);
  if (mark) throw conflict(messages.alreadyMarked);
  const latest = await repository.latestSubmission(db, assignment.id, viewer.userId);
  // A resubmission is allowed before the deadline only.
  if (latest && (!assignment.allow_resubmission || pastDue)) throw conflict(messages.alreadySubmitted);
  return assignment;
}

export function assertFilesAllowed(assignment: Assignment): void {
  if (assignment.submission_mode === 'TEXT') throw badUserInput('file', messages.filesNotAllowed);
}

export function assertTextAllowed(assignment: Assignment): void {
  if (assignment.submission_mode === 'FILE') throw badUserInput('text', messages.textNotAllowed);
}
