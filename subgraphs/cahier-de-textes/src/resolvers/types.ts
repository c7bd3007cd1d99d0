import { forbidden, hasProfile, requireViewer } from '@ent/kit';
import { isDirectionOf, pupilScope } from '../cahier/access.js';
import { addDays, parisDate } from '../cahier/dates.js';
import * as repository from '../cahier/repository.js';
import type { CahierContext } from '../context.js';
import type { Attachment, CalendarFeed, LessonTemplate, Visa } from '../db/database.js';
import { messages } from '../messages.js';
import { withHomework } from './queries.js';
import { type HomeworkView, type LessonView, publicationState } from './views.js';

const ref = (id: string | null) => (id ? { id } : null);
const iso = (instant: Date | null) => (instant ? instant.toISOString() : null);

/** The author and the direction of the establishment see tick counts and edit history; nobody else. */
function oversees(ctx: CahierContext, row: { author_id: string; establishment_id: string }): boolean {
  const viewer = requireViewer(ctx);
  return row.author_id === viewer.userId || isDirectionOf(viewer, row.establishment_id);
}

export const typeResolvers = {
  Lesson: {
    attachments: (row: LessonView, _: unknown, ctx: CahierContext) => ctx.loaders.lessonAttachments.load(row.id),
    class: (row: LessonView) => ref(row.class_id),
    group: (row: LessonView) => ref(row.group_id),
    startsAt: (row: LessonView) => row.starts_at.toISOString(),
    endsAt: (row: LessonView) => row.ends_at.toISOString(),
    content: (row: LessonView) => row.content_html,
    author: (row: LessonView) => ({ id: row.author_id }),
    state: (row: LessonView, _: unknown, ctx: CahierContext) => publicationState(row.publish_at, ctx.clock.now()),
    publishAt: (row: LessonView) => iso(row.publish_at),
    homework: async (row: LessonView, _: unknown, ctx: CahierContext) =>
      row.homework ?? (await withHomework(ctx, [row], requireViewer(ctx).userId))[0]?.homework ?? [],
    history: async (row: LessonView, _: unknown, ctx: CahierContext) => {
      if (!oversees(ctx, row)) return [];
      const revisions = await repository.revisionsOf(ctx.db, 'LESSON', row.id);
      return revisions.map((revision) => ({
        editedAt: revision.edited_at.toISOString(),
        editedBy: { id: revision.edited_by },
        title: String(revision.previous['title'] ?? ''),
        content: String(revision.previous['content'] ?? ''),
      }));
    },
  },
  Homework: {
    attachments: (row: HomeworkView, _: unknown, ctx: CahierContext) => ctx.loaders.homeworkAttachments.load(row.id),
    lesson: async (row: HomeworkView, _: unknown, ctx: CahierContext) => {
      if (!row.lesson_id) return null;
      const lesson = await repository.findLesson(ctx.db, row.lesson_id);
      if (!lesson) return null;
      const mine = lesson.author_id === requireViewer(ctx).userId;
      // The homework was reached through its own class, so its séance is readable when it is in that class too.
      const sameTarget = lesson.class_id === row.class_id && lesson.group_id === row.group_id;
      return mine || (sameTarget && publicationState(lesson.publish_at, ctx.clock.now()) === 'PUBLISHED') ? lesson : null;
    },
    class: (row: HomeworkView) => ref(row.class_id),
    group: (row: HomeworkView) => ref(row.group_id),
    dueDate: (row: HomeworkView) => row.due_date,
    estimatedMinutes: (row: HomeworkView) => row.estimated_minutes,
    instructions: (row: HomeworkView) => row.instructions_html,
    author: (row: HomeworkView) => ({ id: row.author_id }),
    state: (row: HomeworkView, _: unknown, ctx: CahierContext) => publicationState(row.publish_at, ctx.clock.now()),
    publishAt: (row: HomeworkView) => iso(row.publish_at),
    done: (row: HomeworkView) => row.done ?? null,
    history: async (row: HomeworkView, _: unknown, ctx: CahierContext) => {
      if (!oversees(ctx, row)) return [];
      const revisions = await repository.revisionsOf(ctx.db, 'HOMEWORK', row.id);
      return revisions.map((revision) => ({
        editedAt: revision.edited_at.toISOString(),
        editedBy: { id: revision.edited_by },
        dueDate: String(revision.previous['dueDate'] ?? ''),
        estimatedMinutes: Number(revision.previous['estimatedMinutes'] ?? 0),
        instructions: String(revision.previous['instructions'] ?? ''),
      }));
    },
    doneCount: async (row: HomeworkView, _: unknown, ctx: CahierContext) => {
      if (!oversees(ctx, row)) return null;
      return ctx.loaders.doneCount.load(row.id);
    },
  },
  /** Reached only through a séance or homework the viewer may read: the link is signed for them, for five minutes. */
  Attachment: {
    contentType: (row: Attachment) => row.content_type,
    size: (row: Attachment) => Number(row.size),
    downloadUrl: (row: Attachment, _: unknown, ctx: CahierContext) =>
      ctx.storage
        ? ctx.storage.links.sign({ key: row.blob_key, filename: row.filename, contentType: row.content_type, userId: requireViewer(ctx).userId })
        : null,
  },
  Visa: {
    class: (row: Visa) => ({ id: row.class_id }),
    from: (row: Visa) => row.period_from,
    to: (row: Visa) => row.period_to,
    signedBy: (row: Visa) => ({ id: row.signed_by }),
    signedAt: (row: Visa) => row.signed_at.toISOString(),
  },
  LessonTemplate: {
    content: (row: LessonTemplate) => row.content_html,
    author: (row: LessonTemplate) => ({ id: row.author_id }),
  },
  CalendarFeed: {
    pupil: (row: CalendarFeed) => ({ id: row.pupil_id }),
    createdAt: (row: CalendarFeed) => row.created_at.toISOString(),
    revokedAt: (row: CalendarFeed) => iso(row.revoked_at),
  },
  User: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    /**
     * The router asks this for any User id: a person's own summary, or a parent's child's. Anyone else's
     * is refused (null with FORBIDDEN), so the home page cannot be used to probe other pupils' homework.
     */
    homeworkSummary: async (user: { id: string }, _: unknown, ctx: CahierContext) => {
      const viewer = requireViewer(ctx);
      const self = user.id === viewer.userId;
      if (!self && !viewer.childIds.includes(user.id)) throw forbidden(messages.cannotSeePupil);
      const now = ctx.clock.now();
      const tomorrow = addDays(parisDate(now), 1);
      let dueTomorrow = 0;
      if (!self || hasProfile(viewer, 'ELEVE')) {
        const scope = await pupilScope(ctx, viewer, user.id);
        const enabled = await ctx.gate.enabledEstablishments(scope.establishmentIds);
        dueTomorrow = await repository.countDueOn(ctx.db, scope.targetIds, enabled, tomorrow, now);
      }
      const toFill = self && hasProfile(viewer, 'ENSEIGNANT') ? await repository.countDraftLessonsBefore(ctx.db, viewer.userId, now) : 0;
      return { dueTomorrow, toFill };
    },
  },
};
