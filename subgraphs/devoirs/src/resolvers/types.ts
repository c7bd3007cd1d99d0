import { establishmentsWith, forbidden, hasProfile, requireViewer } from '@ent/kit';
import type { DevoirsContext } from '../context.js';
import type { Criterion, Level, Mark, Rubric, Submission, SubmissionFile } from '../db/database.js';
import { type AssignmentView, isPublished, type WorkView, workFor, worksOf } from '../devoirs/access.js';
import { MEGABYTE } from '../devoirs/input.js';
import * as repository from '../devoirs/repository.js';
import { messages } from '../messages.js';

const iso = (instant: Date | null | undefined) => (instant ? instant.toISOString() : null);

/** Signed for the viewer, for five minutes; only reached through a work the viewer may read. */
const fileLink = (ctx: DevoirsContext, file: SubmissionFile) =>
  ctx.storage?.links.sign({ key: file.blob_key, filename: file.filename, contentType: file.content_type, userId: requireViewer(ctx).userId }) ?? null;

export const typeResolvers = {
  Assignment: {
    instructions: (row: AssignmentView) => row.instructions_html,
    class: (row: AssignmentView) => (row.class_id ? { id: row.class_id } : null),
    group: (row: AssignmentView) => (row.group_id ? { id: row.group_id } : null),
    opensAt: (row: AssignmentView) => row.opens_at.toISOString(),
    dueAt: (row: AssignmentView) => row.due_at.toISOString(),
    submissionMode: (row: AssignmentView) => row.submission_mode,
    allowedKinds: (row: AssignmentView) => row.allowed_kinds,
    maxSizeMb: (row: AssignmentView) => Math.round(row.max_bytes / MEGABYTE),
    allowResubmission: (row: AssignmentView) => row.allow_resubmission,
    latePolicy: (row: AssignmentView) => row.late_policy,
    state: (row: AssignmentView) => (row.published_at ? 'PUBLISHED' : 'DRAFT'),
    author: (row: AssignmentView) => ({ id: row.author_id }),
    rubric: (row: AssignmentView, _: unknown, ctx: DevoirsContext) => (row.rubric_id ? ctx.loaders.rubric.load(row.rubric_id) : null),
    /** Reached only through an assignment the viewer may read: each link is signed for them. */
    attachments: (row: AssignmentView, _: unknown, ctx: DevoirsContext) => ctx.loaders.attachments.load(row.id),
    open: (row: AssignmentView, _: unknown, ctx: DevoirsContext) => {
      const now = ctx.clock.now();
      return isPublished(row, now) && (row.late_policy === 'ACCEPT' || now.getTime() <= row.due_at.getTime());
    },
    progress: async (row: AssignmentView, _: unknown, ctx: DevoirsContext) => {
      if (row.audience !== 'AUTHOR' && row.audience !== 'DIRECTION') return null;
      const counts = await ctx.loaders.progress.load(row.id);
      return {
        targeted: Number(counts?.targeted ?? 0),
        submitted: Number(counts?.submitted ?? 0),
        marked: Number(counts?.marked ?? 0),
        returned: Number(counts?.returned ?? 0),
      };
    },
    works: async (row: AssignmentView, _: unknown, ctx: DevoirsContext) => {
      if (row.audience !== 'AUTHOR' && row.audience !== 'DIRECTION') throw forbidden(messages.cannotSeeWork);
      return worksOf(ctx, row, row.audience, await repository.targetedPupils(ctx.db, [row.id]));
    },
    work: async (row: AssignmentView, { pupilId }: { pupilId?: string | null }, ctx: DevoirsContext) => {
      const viewer = requireViewer(ctx);
      const id = pupilId ?? row.forPupilId ?? (row.audience === 'PUPIL' ? viewer.userId : undefined);
      if (!id) return null;
      return workFor(ctx, viewer, row, row.audience, id);
    },
    archiveUrl: (row: AssignmentView, { classId }: { classId?: string | null }, ctx: DevoirsContext) => {
      if (row.audience !== 'AUTHOR' || !ctx.storage) return null;
      return ctx.storage.archives.sign({ assignmentId: row.id, classId: classId ?? null, userId: requireViewer(ctx).userId });
    },
  },
  PupilWork: {
    assignmentId: (work: WorkView) => work.assignment.id,
    pupil: (work: WorkView) => ({ id: work.pupil.pupil_id }),
    pupilName: (work: WorkView) => work.pupil.pupil_name,
    class: (work: WorkView) => (work.pupil.class_id ? { id: work.pupil.class_id } : null),
    late: (work: WorkView) => work.versions[0]?.late ?? false,
    submittedAt: (work: WorkView) => iso(work.versions[0]?.submitted_at),
    // The direction and parents see where the work stands, not the work itself.
    versions: (work: WorkView) => (work.audience === 'PUPIL' || work.audience === 'AUTHOR' ? work.versions : []),
    draftText: async (work: WorkView, _: unknown, ctx: DevoirsContext) =>
      work.audience === 'PUPIL' ? ((await repository.findDraft(ctx.db, work.assignment.id, work.pupil.pupil_id))?.text ?? null) : null,
    draftSavedAt: async (work: WorkView, _: unknown, ctx: DevoirsContext) =>
      work.audience === 'PUPIL' ? iso((await repository.findDraft(ctx.db, work.assignment.id, work.pupil.pupil_id))?.saved_at) : null,
    draftFiles: (work: WorkView, _: unknown, ctx: DevoirsContext) =>
      work.audience === 'PUPIL' ? repository.draftFiles(ctx.db, work.assignment.id, work.pupil.pupil_id) : [],
    feedbackFiles: (work: WorkView, _: unknown, ctx: DevoirsContext) => {
      const visible = work.audience === 'AUTHOR' || ((work.audience === 'PUPIL' || work.audience === 'PARENT') && work.mark?.returned_at);
      return visible ? repository.feedbackFilesOf(ctx.db, work.assignment.id, work.pupil.pupil_id) : [];
    },
    mark: async (work: WorkView, _: unknown, ctx: DevoirsContext) => {
      const mark = work.mark;
      if (!mark) return null;
      if (work.audience !== 'AUTHOR' && !mark.returned_at) return null;
      const levels = await repository.markLevelsOf(ctx.db, work.assignment.id, [work.pupil.pupil_id]);
      return { ...mark, levels };
    },
  },
  SubmissionVersion: {
    submittedAt: (row: Submission) => row.submitted_at.toISOString(),
    files: (row: Submission, _: unknown, ctx: DevoirsContext) => ctx.loaders.versionFiles.load(row.id),
  },
  SubmissionFile: {
    contentType: (row: SubmissionFile) => row.content_type,
    size: (row: SubmissionFile) => Number(row.size),
    downloadUrl: (row: SubmissionFile, _: unknown, ctx: DevoirsContext) => fileLink(ctx, row),
  },
  Mark: {
    maxScore: (row: Mark) => row.max_score,
    markedAt: (row: Mark) => row.marked_at.toISOString(),
    returnedAt: (row: Mark) => iso(row.returned_at),
    levels: (row: Mark & { levels: Array<{ criterion_id: string; level_id: string }> }) =>
      row.levels.map((level) => ({ criterionId: level.criterion_id, levelId: level.level_id })),
  },
  Rubric: {
    author: (row: Rubric) => ({ id: row.author_id }),
    criteria: (row: Rubric, _: unknown, ctx: DevoirsContext) => ctx.loaders.criteria.load(row.id),
    maxScore: async (row: Rubric, _: unknown, ctx: DevoirsContext) => {
      const criteria = await ctx.loaders.criteria.load(row.id);
      const levels = await Promise.all(criteria.map((criterion) => ctx.loaders.levels.load(criterion.id)));
      return levels.reduce((total, list) => total + Math.max(0, ...list.map((level) => level.points)), 0);
    },
  },
  Criterion: {
    levels: (row: Criterion, _: unknown, ctx: DevoirsContext) => ctx.loaders.levels.load(row.id),
  },
  RubricLevel: {
    descriptor: (row: Level) => row.descriptor,
  },
  User: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    /**
     * The router asks this for any User id: a person's own summary, or a parent's child's. Anyone else's
     * is refused (null with FORBIDDEN), so the home page cannot be used to probe other pupils' work.
     * Counted in SQL per establishment, then kept where the module is on.
     */
    assignmentSummary: async (user: { id: string }, _: unknown, ctx: DevoirsContext) => {
      const viewer = requireViewer(ctx);
      const self = user.id === viewer.userId;
      if (!self && !viewer.childIds.includes(user.id)) throw forbidden(messages.cannotSeeWork);
      const establishments = self
        ? viewer.profiles.flatMap((grant) => (grant.establishmentId ? [grant.establishmentId] : []))
        : ((await ctx.annuaire.myChildren()).find((child) => child.id === user.id)?.establishmentIds ?? []);
      const enabled = new Set(await ctx.gate.enabledEstablishments([...new Set(establishments)]));
      if (enabled.size === 0 && establishments.length > 0) await ctx.gate.assertEnabled(establishments[0] as string);
      let dueSoon = 0;
      let returnedRecently = 0;
      let toMark = 0;
      if (!self || hasProfile(viewer, 'ELEVE')) {
        for (const row of await ctx.loaders.pupilSummary.load(user.id)) {
          if (!enabled.has(row.establishmentId)) continue;
          dueSoon += row.dueSoon;
          returnedRecently += row.returnedRecently;
        }
      }
      if (self && establishmentsWith(viewer, ['ENSEIGNANT']).length > 0) {
        for (const row of await ctx.loaders.toMark.load(user.id)) if (enabled.has(row.establishmentId)) toMark += row.toMark;
      }
      return { dueSoon, returnedRecently, toMark };
    },
  },
};
