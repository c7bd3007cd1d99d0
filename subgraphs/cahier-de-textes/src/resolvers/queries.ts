import { forbidden, hasProfile, moduleDisabled, requireViewer } from '@ent/kit';
import { authorizeReadTarget, isDirectionOf, parseTarget, pupilScope, targetIdOf } from '../cahier/access.js';
import { addDays, parseDate, parisDate, parsePeriod } from '../cahier/dates.js';
import * as repository from '../cahier/repository.js';
import type { CahierContext } from '../context.js';
import type { Homework, Lesson } from '../db/database.js';
import { messages } from '../messages.js';
import type { HomeworkView, LessonView } from './views.js';

const MODULE_LABEL = 'Cahier de textes';

/** Attaches each séance's visible homework (one query) and, for a pupil, their ticks (one query). */
export async function withHomework(ctx: CahierContext, lessons: Lesson[], viewerId: string): Promise<LessonView[]> {
  const homework = await repository.homeworkOfLessons(ctx.db, lessons.map((lesson) => lesson.id), viewerId, ctx.clock.now());
  const views = await withDone(ctx, homework, hasProfile(requireViewer(ctx), 'ELEVE') ? viewerId : null);
  return lessons.map((lesson) => ({ ...lesson, homework: views.filter((item) => item.lesson_id === lesson.id) }));
}

export async function withDone(ctx: CahierContext, homework: Homework[], pupilId: string | null): Promise<HomeworkView[]> {
  if (!pupilId) return homework;
  const done = new Set((await repository.doneByPupil(ctx.db, [pupilId], homework.map((item) => item.id))).map((row) => row.homework_id));
  return homework.map((item) => ({ ...item, done: done.has(item.id) }));
}

export async function enabledScope(ctx: CahierContext, establishmentIds: string[]): Promise<string[]> {
  const enabled = await ctx.gate.enabledEstablishments(establishmentIds);
  if (enabled.length === 0) throw moduleDisabled(MODULE_LABEL);
  return enabled;
}

export const queryResolvers = {
  lessons: async (_: unknown, args: { classId?: string; groupId?: string; from: string; to: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const target = parseTarget(args.classId, args.groupId);
    const period = parsePeriod(args.from, args.to);
    await authorizeReadTarget(ctx, viewer, target);
    // Séances are stored as instants; a school day is a Paris date: fetch a margin, keep the days asked for.
    const rows = await repository.lessonsOf(
      ctx.db,
      targetIdOf(target),
      { from: new Date(`${addDays(period.from, -1)}T00:00:00Z`), to: new Date(`${addDays(period.to, 2)}T00:00:00Z`) },
      viewer.userId,
      ctx.clock.now(),
    );
    const inPeriod = rows.filter((row) => {
      const day = parisDate(row.starts_at);
      return day >= period.from && day <= period.to;
    });
    return withHomework(ctx, inPeriod, viewer.userId);
  },

  myLessons: async (_: unknown, args: { from: string; to: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const period = parsePeriod(args.from, args.to, 62);
    const teaching = viewer.profiles.flatMap((grant) => (grant.profile === 'ENSEIGNANT' && grant.establishmentId ? [grant.establishmentId] : []));
    if (teaching.length === 0) throw forbidden(messages.teachersOnly);
    const enabled = await enabledScope(ctx, teaching);
    const rows = await repository.lessonsByAuthor(ctx.db, viewer.userId, enabled, {
      from: new Date(`${addDays(period.from, -1)}T00:00:00Z`),
      to: new Date(`${addDays(period.to, 2)}T00:00:00Z`),
    });
    const inPeriod = rows.filter((row) => {
      const day = parisDate(row.starts_at);
      return day >= period.from && day <= period.to;
    });
    return withHomework(ctx, inPeriod, viewer.userId);
  },

  lesson: async (_: unknown, { id }: { id: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const lesson = /^[0-9a-f-]{36}$/i.test(id) ? await repository.findLesson(ctx.db, id) : undefined;
    if (!lesson) return null;
    const mine = lesson.author_id === viewer.userId;
    if (!mine && (lesson.publish_at === null || lesson.publish_at.getTime() > ctx.clock.now().getTime())) return null;
    await authorizeReadTarget(ctx, viewer, { classId: lesson.class_id, groupId: lesson.group_id });
    const [view] = await withHomework(ctx, [lesson], viewer.userId);
    return view;
  },

  homeworkToDo: async (_: unknown, args: { pupilId?: string; from?: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const scope = await pupilScope(ctx, viewer, args.pupilId ?? viewer.userId);
    const enabled = await enabledScope(ctx, scope.establishmentIds);
    const now = ctx.clock.now();
    const from = args.from ? parseDate('from', args.from) : parisDate(now);
    const rows = await repository.publishedHomeworkFor(ctx.db, scope.targetIds, enabled, from, now);
    return withDone(ctx, rows, scope.pupilId);
  },

  workload: async (_: unknown, args: { classId: string; from: string; to: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const period = parsePeriod(args.from, args.to, 62);
    const establishmentId = await authorizeReadTarget(ctx, viewer, { classId: args.classId, groupId: null });
    const teaches = hasProfile(viewer, 'ENSEIGNANT', establishmentId) && viewer.classIds.includes(args.classId);
    if (!teaches && !isDirectionOf(viewer, establishmentId)) throw forbidden(messages.cannotReadTarget);
    const threshold = (await repository.workloadThreshold(ctx.db, establishmentId)) ?? ctx.defaultWorkloadThreshold;
    const rows = await repository.workloadOf(ctx.db, args.classId, period.from, period.to, viewer.userId);
    // Every day of the period, quiet days at 0: a teacher planning for an empty day still sees the threshold.
    const minutes = new Map(rows.map((row) => [row.due_date, row.minutes]));
    const days: Array<{ date: string; totalMinutes: number; thresholdMinutes: number; exceeded: boolean }> = [];
    for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
      const total = minutes.get(date) ?? 0;
      days.push({ date, totalMinutes: total, thresholdMinutes: threshold, exceeded: total > threshold });
    }
    return days;
  },

  visas: async (_: unknown, { classId }: { classId: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    await authorizeReadTarget(ctx, viewer, { classId, groupId: null });
    return repository.visasOf(ctx.db, classId);
  },

  lessonTemplates: async (_: unknown, { subject }: { subject?: string | null }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const teaching = viewer.profiles.flatMap((grant) => (grant.profile === 'ENSEIGNANT' && grant.establishmentId ? [grant.establishmentId] : []));
    if (teaching.length === 0) throw forbidden(messages.teachersOnly);
    const enabled = await enabledScope(ctx, teaching);
    const rows = await repository.templatesFor(ctx.db, viewer.userId, enabled, subject ?? undefined);
    return rows.filter((row) => row.author_id === viewer.userId || enabled.includes(row.establishment_id));
  },

  calendarFeeds: async (_: unknown, __: unknown, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    return repository.calendarFeedsOf(ctx.db, viewer.userId);
  },
};
