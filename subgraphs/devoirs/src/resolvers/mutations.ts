import { randomUUID } from 'node:crypto';
import { badUserInput, conflict, establishmentsWith, forbidden, notFound, requireViewer, type Viewer } from '@ent/kit';
import type { DevoirsContext } from '../context.js';
import type { Assignment } from '../db/database.js';
import { type AssignmentView, authorizeTeacherTarget, type Target, targetedFrom, type WorkView, workFor, worksOf } from '../devoirs/access.js';
import { DEFAULT_KINDS, FILE_KINDS, isUuid, MEGABYTE, parseDateTime, text } from '../devoirs/input.js';
import * as repository from '../devoirs/repository.js';
import { assertPupilMayWork, assertTextAllowed } from '../devoirs/rules.js';
import { sanitizeRichText } from '../devoirs/sanitize.js';
import { messages } from '../messages.js';

interface RubricInput {
  title: string;
  shared?: boolean | null;
  establishmentId?: string | null;
  criteria: Array<{ label: string; levels: Array<{ label: string; descriptor?: string | null; points: number }> }>;
}

interface AssignmentInput {
  classId?: string | null;
  groupId?: string | null;
  pupilIds?: string[] | null;
  title: string;
  instructions?: string | null;
  opensAt?: string | null;
  dueAt: string;
  submissionMode: 'FILE' | 'TEXT' | 'FILE_OR_TEXT';
  allowedKinds?: string[] | null;
  maxSizeMb?: number | null;
  allowResubmission?: boolean | null;
  latePolicy?: 'REFUSE' | 'ACCEPT' | null;
  rubricId?: string | null;
  rubric?: RubricInput | null;
  publish?: boolean | null;
}

interface MarkInput {
  assignmentId: string;
  pupilId: string;
  levels: Array<{ criterionId: string; levelId: string }>;
  feedback?: string | null;
}

/** The establishment a teacher's rubric belongs to: the one given (where they teach) or their only one. */
function teacherEstablishment(viewer: Viewer, given: string | null | undefined, field: string): string {
  const teaching = establishmentsWith(viewer, ['ENSEIGNANT']);
  if (teaching.length === 0) throw forbidden(messages.teachersOnly);
  if (given) {
    if (!teaching.includes(given)) throw forbidden(messages.teachersOnly);
    return given;
  }
  if (teaching.length > 1) throw badUserInput(field, messages.severalEstablishments);
  return teaching[0] as string;
}

/** Checks a rubric completely before anything is written. */
function validateRubric(input: RubricInput, field: string) {
  const title = text(`${field}.title`, input.title, 200, true);
  if (!Array.isArray(input.criteria) || input.criteria.length < 1 || input.criteria.length > 12) throw badUserInput(`${field}.criteria`, messages.criteriaCount);
  const criteria = input.criteria.map((criterion, index) => {
    const label = text(`${field}.criteria[${index}].label`, criterion.label, 200, true);
    if (criterion.levels.length < 2 || criterion.levels.length > 8) throw badUserInput(`${field}.criteria[${index}].levels`, messages.levelsCount);
    return {
      id: randomUUID(),
      label,
      levels: criterion.levels.map((level, levelIndex) => {
        const where = `${field}.criteria[${index}].levels[${levelIndex}]`;
        if (!Number.isFinite(level.points) || level.points < 0 || level.points > 1000) throw badUserInput(`${where}.points`, messages.points);
        return {
          id: randomUUID(),
          label: text(`${where}.label`, level.label, 200, true),
          descriptor: text(`${where}.descriptor`, level.descriptor, 1000, false) || null,
          points: level.points,
        };
      }),
    };
  });
  return { title, shared: input.shared ?? false, criteria };
}

/** Everything in an assignment's input that needs nobody else: BAD_USER_INPUT before anything is asked or written. */
function validateAssignment(input: AssignmentInput, now: Date) {
  for (const field of ['classId', 'groupId'] as const) {
    const value = input[field];
    if (value && !isUuid(value)) throw badUserInput(field, field === 'classId' ? messages.unknownClass : messages.unknownGroup);
  }
  if ((input.classId ? 1 : 0) + (input.groupId ? 1 : 0) !== 1) throw badUserInput(input.classId ? 'groupId' : 'classId', messages.oneTarget);
  const target: Target = { classId: input.classId ?? null, groupId: input.groupId ?? null };
  if (input.pupilIds?.some((id) => !isUuid(id))) throw badUserInput('pupilIds', messages.notInTarget);
  const opensAt = input.opensAt ? parseDateTime('opensAt', input.opensAt) : now;
  const dueAt = parseDateTime('dueAt', input.dueAt);
  if (dueAt.getTime() <= opensAt.getTime()) throw badUserInput('dueAt', messages.dueAfterOpen);
  const maxSizeMb = input.maxSizeMb ?? 10;
  if (!Number.isInteger(maxSizeMb) || maxSizeMb < 1 || maxSizeMb > 50) throw badUserInput('maxSizeMb', messages.maxSize);
  const kinds = [...new Set(input.allowedKinds ?? DEFAULT_KINDS)];
  if (input.submissionMode !== 'TEXT' && kinds.length === 0) throw badUserInput('allowedKinds', messages.noKinds);
  if (kinds.some((kind) => !FILE_KINDS.includes(kind as never))) throw badUserInput('allowedKinds', messages.noKinds);
  if (input.rubricId && input.rubric) throw badUserInput('rubric', messages.rubricOrId);
  if (input.rubricId && !isUuid(input.rubricId)) throw badUserInput('rubricId', messages.unknownRubric);
  return {
    target,
    chosen: input.pupilIds && input.pupilIds.length > 0 ? [...new Set(input.pupilIds)] : null,
    title: text('title', input.title, 200, true),
    instructions: sanitizeRichText('instructions', text('instructions', input.instructions, 50_000, false)),
    opensAt,
    dueAt,
    mode: input.submissionMode,
    kinds,
    maxBytes: maxSizeMb * MEGABYTE,
    allowResubmission: input.allowResubmission ?? true,
    latePolicy: input.latePolicy ?? 'ACCEPT',
    rubric: input.rubric ? validateRubric(input.rubric, 'rubric') : null,
    rubricId: input.rubricId ?? null,
    publish: input.publish ?? false,
  };
}

/** Writes an assignment (new or a draft edited) in the caller's transaction, its inline rubric and, when published, its pupils. */
async function prepareAssignment(ctx: DevoirsContext, viewer: Viewer, input: AssignmentInput) {
  const now = ctx.clock.now();
  const values = validateAssignment(input, now);
  const roster = await authorizeTeacherTarget(ctx, viewer, values.target);
  const pupils = targetedFrom(roster, values.chosen);
  if (values.rubricId) {
    const rubric = await repository.findRubric(ctx.db, values.rubricId);
    const usable = rubric && (rubric.author_id === viewer.userId || (rubric.shared && rubric.establishment_id === roster.establishmentId));
    if (!usable) throw badUserInput('rubricId', messages.unknownRubric);
  }
  return { values, roster, pupils, now };
}

type Prepared = Awaited<ReturnType<typeof prepareAssignment>>;

async function writeAssignment(trx: repository.Db, viewer: Viewer, prepared: Prepared, existingId: string | null): Promise<Assignment> {
  const { values, roster, pupils, now } = prepared;
  let rubricId = values.rubricId;
  if (values.rubric) {
    rubricId = randomUUID();
    await repository.insertRubric(trx, {
      id: rubricId,
      establishmentId: roster.establishmentId,
      authorId: viewer.userId,
      title: values.rubric.title,
      shared: values.rubric.shared,
      createdAt: now,
      criteria: values.rubric.criteria,
    });
  }
  const row = {
    establishment_id: roster.establishmentId,
    class_id: values.target.classId,
    group_id: values.target.groupId,
    chosen_pupil_ids: values.chosen ? JSON.stringify(values.chosen) : null,
    title: values.title,
    instructions_html: values.instructions,
    opens_at: values.opensAt,
    due_at: values.dueAt,
    submission_mode: values.mode,
    allowed_kinds: JSON.stringify(values.kinds),
    max_bytes: values.maxBytes,
    allow_resubmission: values.allowResubmission,
    late_policy: values.latePolicy,
    rubric_id: rubricId,
    published_at: values.publish ? now : null,
    updated_at: now,
  };
  const assignment = existingId
    ? await repository.updateAssignmentRow(trx, existingId, row)
    : await repository.insertAssignment(trx, { id: randomUUID(), author_id: viewer.userId, created_at: now, ...row });
  if (values.publish) await repository.insertAssignmentPupils(trx, pupils.map((pupil) => ({ assignment_id: assignment.id, ...pupil })));
  return assignment;
}

async function ownAssignment(ctx: DevoirsContext, viewer: Viewer, id: string): Promise<Assignment> {
  const assignment = isUuid(id) ? await repository.findAssignment(ctx.db, id) : undefined;
  if (!assignment) throw notFound(messages.assignment);
  if (assignment.author_id !== viewer.userId) throw forbidden(messages.notAuthor);
  await ctx.gate.assertEnabled(assignment.establishment_id);
  return assignment;
}

const authored = (assignment: Assignment): AssignmentView => ({ ...assignment, audience: 'AUTHOR' });

export const mutationResolvers = {
  createRubric: async (_: unknown, { input }: { input: RubricInput }, ctx: DevoirsContext) => {
    const viewer = requireViewer(ctx);
    const establishmentId = teacherEstablishment(viewer, input.establishmentId, 'establishmentId');
    const rubric = validateRubric(input, 'input');
    await ctx.gate.assertEnabled(establishmentId);
    return ctx.db.transaction().execute((trx) =>
      repository.insertRubric(trx, { id: randomUUID(), establishmentId, authorId: viewer.userId, createdAt: ctx.clock.now(), ...rubric }),
    );
  },

  createAssignment: async (_: unknown, { input }: { input: AssignmentInput }, ctx: DevoirsContext) => {
    const viewer = requireViewer(ctx);
    const prepared = await prepareAssignment(ctx, viewer, input);
    return authored(await ctx.db.transaction().execute((trx) => writeAssignment(trx, viewer, prepared, null)));
  },

  updateAssignment: async (_: unknown, { id, input }: { id: string; input: AssignmentInput }, ctx: DevoirsContext) => {
    const viewer = requireViewer(ctx);
    const existing = await ownAssignment(ctx, viewer, id);
    if (existing.published_at !== null) throw conflict(messages.notDraft);
    const prepared = await prepareAssignment(ctx, viewer, input);
    return authored(
      await ctx.db.transaction().execute(async (trx) => {
        const current = await repository.findAssignmentForUpdate(trx, id);
        if (current?.published_at !== null) throw conflict(messages.notDraft);
        return writeAssignment(trx, viewer, prepared, id);
      }),
    );
  },

  publishAssignment: async (_: unknown, { id }: { id: string }, ctx: DevoirsContext) => {
    const viewer = requireViewer(ctx);
    const existing = await ownAssignment(ctx, viewer, id);
    if (existing.published_at !== null) throw conflict(messages.notDraft);
    // The pupils are fixed now, from the annuaire as it is today.
    const roster = await authorizeTeacherTarget(ctx, viewer, { classId: existing.class_id, groupId: existing.group_id });
    const pupils = targetedFrom(roster, existing.chosen_pupil_ids);
    const now = ctx.clock.now();
    return authored(
      await ctx.db.transaction().execute(async (trx) => {
        const current = await repository.findAssignmentForUpdate(trx, id);
        if (current?.published_at !== null) throw conflict(messages.notDraft);
        await repository.insertAssignmentPupils(trx, pupils.map((pupil) => ({ assignment_id: id, ...pupil })));
        return repository.updateAssignmentRow(trx, id, { published_at: now, updated_at: now });
      }),
    );
  },

  saveDraft: async (_: unknown, args: { assignmentId: string; text: string }, ctx: DevoirsContext): Promise<WorkView> => {
    const viewer = requireViewer(ctx);
    const body = text('text', args.text, 100_000, false);
    const now = ctx.clock.now();
    const assignment = await ctx.db.transaction().execute(async (trx) => {
      const found = await assertPupilMayWork(trx, viewer, args.assignmentId, now);
      assertTextAllowed(found);
      await ctx.gate.assertEnabled(found.establishment_id);
      await repository.saveDraft(trx, { assignment_id: found.id, pupil_id: viewer.userId, text: body, saved_at: now });
      return found;
    });
    return workFor(ctx, viewer, assignment, 'PUPIL', viewer.userId);
  },

  removeDraftFile: async (_: unknown, { fileId }: { fileId: string }, ctx: DevoirsContext): Promise<WorkView> => {
    const viewer = requireViewer(ctx);
    const file = isUuid(fileId) ? await repository.findFile(ctx.db, fileId) : undefined;
    // Handed-in files are never removed; someone else's file is as good as unknown.
    if (!file || file.pupil_id !== viewer.userId || file.submission_id !== null) throw notFound(messages.file);
    const assignment = (await repository.findAssignment(ctx.db, file.assignment_id)) as Assignment;
    await ctx.gate.assertEnabled(assignment.establishment_id);
    await ctx.db.transaction().execute((trx) => repository.deleteFile(trx, file.id));
    // After the row is gone: a failure here leaves an unreferenced blob, never a row without its bytes.
    await ctx.storage?.store.delete(file.blob_key);
    return workFor(ctx, viewer, assignment, 'PUPIL', viewer.userId);
  },

  removeAttachment: async (_: unknown, { id }: { id: string }, ctx: DevoirsContext) => {
    const viewer = requireViewer(ctx);
    const attachment = isUuid(id) ? await repository.findAttachment(ctx.db, id) : undefined;
    if (!attachment) throw notFound(messages.file);
    const assignment = await ownAssignment(ctx, viewer, attachment.assignment_id);
    await ctx.db.transaction().execute(async (trx) => {
      // What was returned to a pupil stays as it was returned.
      const [mark] = attachment.pupil_id ? await repository.marksOf(trx, assignment.id, [attachment.pupil_id]) : [];
      if (mark?.returned_at) throw conflict(messages.alreadyReturned);
      await repository.deleteAttachment(trx, attachment.id);
    });
    // After the row is gone: a failure here leaves an unreferenced blob, never a row without its bytes.
    await ctx.storage?.store.delete(attachment.blob_key);
    return authored(assignment);
  },

  submitWork: async (_: unknown, { assignmentId }: { assignmentId: string }, ctx: DevoirsContext): Promise<WorkView> => {
    const viewer = requireViewer(ctx);
    const now = ctx.clock.now();
    const assignment = await ctx.db.transaction().execute(async (trx) => {
      const found = await assertPupilMayWork(trx, viewer, assignmentId, now);
      await ctx.gate.assertEnabled(found.establishment_id);
      const draft = await repository.findDraft(trx, found.id, viewer.userId);
      const files = await repository.draftFiles(trx, found.id, viewer.userId);
      const body = found.submission_mode === 'FILE' ? '' : (draft?.text ?? '').trim();
      if (found.submission_mode === 'FILE' && files.length === 0) throw badUserInput('file', messages.fileRequired);
      if (found.submission_mode === 'TEXT' && body === '') throw badUserInput('text', messages.textRequired);
      if (found.submission_mode === 'FILE_OR_TEXT' && body === '' && files.length === 0) throw badUserInput('text', messages.nothingToSubmit);
      const latest = await repository.latestSubmission(trx, found.id, viewer.userId);
      const submission = await repository.insertSubmission(trx, {
        id: randomUUID(),
        assignment_id: found.id,
        pupil_id: viewer.userId,
        version: (latest?.version ?? 0) + 1,
        text: body === '' ? null : body,
        submitted_at: now,
        late: now.getTime() > found.due_at.getTime(),
      });
      await repository.attachDraftFiles(trx, found.id, viewer.userId, submission.id);
      await repository.deleteDraft(trx, found.id, viewer.userId);
      return found;
    });
    return workFor(ctx, viewer, assignment, 'PUPIL', viewer.userId);
  },

  markWork: async (_: unknown, { input }: { input: MarkInput }, ctx: DevoirsContext): Promise<WorkView> => {
    const viewer = requireViewer(ctx);
    const assignment = await ownAssignment(ctx, viewer, input.assignmentId);
    if (!isUuid(input.pupilId) || !(await repository.targetedPupil(ctx.db, assignment.id, input.pupilId))) {
      throw badUserInput('pupilId', messages.pupilNotTargeted);
    }
    const feedback = text('feedback', input.feedback, 10_000, false) || null;
    let score = 0;
    let maxScore = 0;
    const chosen = new Map<string, string>();
    if (assignment.rubric_id) {
      const grid = await repository.rubricGrid(ctx.db, assignment.rubric_id);
      const criteria = new Map<string, Map<string, number>>();
      for (const cell of grid) {
        const levels = criteria.get(cell.criterion_id) ?? new Map<string, number>();
        levels.set(cell.level_id, cell.points);
        criteria.set(cell.criterion_id, levels);
      }
      for (const [index, pick] of input.levels.entries()) {
        const levels = criteria.get(pick.criterionId);
        if (!levels) throw badUserInput(`levels[${index}].criterionId`, messages.unknownCriterion);
        if (chosen.has(pick.criterionId)) throw badUserInput(`levels[${index}].criterionId`, messages.criterionTwice);
        const points = levels.get(pick.levelId);
        if (points === undefined) throw badUserInput(`levels[${index}].levelId`, messages.unknownLevel);
        chosen.set(pick.criterionId, pick.levelId);
        score += points;
      }
      if (chosen.size !== criteria.size) throw badUserInput('levels', messages.allCriteria);
      for (const levels of criteria.values()) maxScore += Math.max(...levels.values());
    } else if (input.levels.length > 0) {
      throw badUserInput('levels', messages.noRubric);
    }
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      const existing = await repository.findMarkForUpdate(trx, assignment.id, input.pupilId);
      if (existing?.returned_at) throw conflict(messages.alreadyReturned);
      const latest = await repository.latestSubmission(trx, assignment.id, input.pupilId);
      await repository.upsertMark(
        trx,
        {
          assignment_id: assignment.id,
          pupil_id: input.pupilId,
          submission_id: latest?.id ?? null,
          score,
          max_score: maxScore,
          feedback,
          marked_by: viewer.userId,
          marked_at: now,
          returned_at: null,
        },
        [...chosen].map(([criterionId, levelId]) => ({ assignment_id: assignment.id, pupil_id: input.pupilId, criterion_id: criterionId, level_id: levelId })),
      );
    });
    return workFor(ctx, viewer, assignment, 'AUTHOR', input.pupilId);
  },

  returnWork: async (_: unknown, args: { assignmentId: string; pupilIds?: string[] | null }, ctx: DevoirsContext): Promise<WorkView[]> => {
    const viewer = requireViewer(ctx);
    const assignment = await ownAssignment(ctx, viewer, args.assignmentId);
    const pupilIds = args.pupilIds ?? null;
    if (pupilIds) {
      const targeted = new Set((await repository.targetedPupils(ctx.db, [assignment.id])).map((row) => row.pupil_id));
      const marked = new Set((await repository.marksOf(ctx.db, assignment.id, pupilIds.filter(isUuid))).map((row) => row.pupil_id));
      for (const id of pupilIds) {
        if (!targeted.has(id)) throw badUserInput('pupilIds', messages.pupilNotTargeted);
        if (!marked.has(id)) throw badUserInput('pupilIds', messages.notMarked);
      }
    }
    const returned = await ctx.db.transaction().execute((trx) => repository.returnMarks(trx, assignment.id, pupilIds, ctx.clock.now()));
    const pupils = (await repository.targetedPupils(ctx.db, [assignment.id])).filter((row) => returned.includes(row.pupil_id));
    return worksOf(ctx, assignment, 'AUTHOR', pupils);
  },
};
