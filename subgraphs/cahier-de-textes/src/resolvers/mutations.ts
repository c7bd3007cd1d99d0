import { randomBytes, randomUUID } from 'node:crypto';
import { badUserInput, canAdministerEstablishment, conflict, forbidden, format, hasProfile, notFound, requireViewer, type Viewer } from '@ent/kit';
import { authorizeTeaching, isDirectionOf, parseTarget, pupilScope, targetIdOf } from '../cahier/access.js';
import { hashCalendarToken } from '../cahier/calendar.js';
import { addDays, daysBetween, mondayOf, parseDate, parseDateTime, parisDate, parsePeriod, shiftParisDays } from '../cahier/dates.js';
import * as repository from '../cahier/repository.js';
import { sanitizeRichText } from '../cahier/sanitize.js';
import type { CahierContext } from '../context.js';
import type { Homework, Lesson, NewHomework, NewLesson } from '../db/database.js';
import { messages } from '../messages.js';
import { enabledScope, withDone, withHomework } from './queries.js';

interface LessonInput {
  classId?: string | null;
  groupId?: string | null;
  subject: string;
  startsAt: string;
  endsAt: string;
  title: string;
  content?: string | null;
  objectives?: string | null;
  publishAt?: string | null;
}

interface HomeworkInput {
  lessonId?: string | null;
  classId?: string | null;
  groupId?: string | null;
  subject?: string | null;
  dueDate: string;
  kind: string;
  estimatedMinutes: number;
  instructions: string;
  publishAt?: string | null;
}

interface DuplicateWeekInput {
  fromWeek: string;
  toWeek: string;
  sourceClassId?: string | null;
  sourceGroupId?: string | null;
  classId?: string | null;
  groupId?: string | null;
}

/** After the rows are gone (committed): a blob left behind by a crash here is unreferenced, never a dangling row. */
async function removeBlobs(ctx: CahierContext, keys: readonly string[]): Promise<void> {
  for (const key of keys) await ctx.storage?.store.delete(key).catch(() => undefined);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(field: string, value: string | null | undefined, max: number, required: boolean): string {
  const trimmed = (value ?? '').trim();
  if (required && trimmed === '') throw badUserInput(field, messages.required);
  if (trimmed.length > max) throw badUserInput(field, format(messages.tooLong, { max }));
  return trimmed;
}

function checkId(field: string, value: string | null | undefined): void {
  if (value && !UUID.test(value)) throw badUserInput(field, field === 'groupId' ? messages.unknownGroup : messages.unknownClass);
}

/** Input checks that need no one else: BAD_USER_INPUT before anything is asked or written. */
function validateLesson(input: LessonInput) {
  checkId('classId', input.classId);
  checkId('groupId', input.groupId);
  const target = parseTarget(input.classId, input.groupId);
  const startsAt = parseDateTime('startsAt', input.startsAt);
  const endsAt = parseDateTime('endsAt', input.endsAt);
  if (endsAt.getTime() <= startsAt.getTime()) throw badUserInput('endsAt', messages.periodOrder);
  return {
    target,
    subject: text('subject', input.subject, 100, true),
    startsAt,
    endsAt,
    title: text('title', input.title, 200, true),
    content: sanitizeRichText('content', text('content', input.content, 50_000, false)),
    objectives: text('objectives', input.objectives, 2_000, false) || null,
    publishAt: input.publishAt ? parseDateTime('publishAt', input.publishAt) : null,
  };
}

/** The workload of the homework's day in its class or group, and the French warning above the threshold. */
async function workloadAfter(trx: repository.Db, ctx: CahierContext, viewer: Viewer, targetId: string, establishmentId: string, dueDate: string) {
  const [day] = await repository.workloadOf(trx, targetId, dueDate, dueDate, viewer.userId);
  const threshold = (await repository.workloadThreshold(trx, establishmentId)) ?? ctx.defaultWorkloadThreshold;
  const total = day?.minutes ?? 0;
  const workload = { date: dueDate, totalMinutes: total, thresholdMinutes: threshold, exceeded: total > threshold };
  const warning = workload.exceeded ? format(messages.workloadExceeded, { total, threshold, date: dueDate }) : null;
  return { workload, warning };
}

const KINDS = ['EXERCISE', 'LESSON_TO_LEARN', 'EVALUATION', 'TO_BRING'];

/** Checks homework input and the teacher's right to set it; BAD_USER_INPUT / FORBIDDEN before anything is written. */
async function prepareHomework(ctx: CahierContext, viewer: Viewer, input: HomeworkInput) {
  const dueDate = parseDate('dueDate', input.dueDate);
  if (!KINDS.includes(input.kind)) throw badUserInput('kind', messages.required);
  if (!Number.isInteger(input.estimatedMinutes) || input.estimatedMinutes < 0 || input.estimatedMinutes > 600) {
    throw badUserInput('estimatedMinutes', messages.minutes);
  }
  const instructions = sanitizeRichText('instructions', text('instructions', input.instructions, 20_000, true));
  const publishAt = input.publishAt ? parseDateTime('publishAt', input.publishAt) : null;
  let target: repository.Target;
  let subject: string;
  let lessonId: string | null = null;
  if (input.lessonId) {
    const lesson = UUID.test(input.lessonId) ? await repository.findLesson(ctx.db, input.lessonId) : undefined;
    if (!lesson || lesson.author_id !== viewer.userId) throw badUserInput('lessonId', messages.unknownLesson);
    const lessonDay = parisDate(lesson.starts_at);
    if (dueDate < lessonDay) throw badUserInput('dueDate', format(messages.dueBeforeLesson, { date: lessonDay }));
    target = { classId: lesson.class_id, groupId: lesson.group_id };
    subject = lesson.subject;
    lessonId = lesson.id;
  } else {
    checkId('classId', input.classId);
    checkId('groupId', input.groupId);
    target = parseTarget(input.classId, input.groupId);
    subject = text('subject', input.subject, 100, true);
  }
  const establishmentId = await authorizeTeaching(ctx, viewer, target, subject);
  return {
    targetId: targetIdOf(target),
    values: {
      lesson_id: lessonId,
      establishment_id: establishmentId,
      class_id: target.classId,
      group_id: target.groupId,
      subject,
      due_date: dueDate,
      kind: input.kind,
      estimated_minutes: input.estimatedMinutes,
      instructions_html: instructions,
      publish_at: publishAt,
    },
  };
}

export const mutationResolvers = {
  createLesson: async (_: unknown, { input }: { input: LessonInput }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const lesson = validateLesson(input);
    const establishmentId = await authorizeTeaching(ctx, viewer, lesson.target, lesson.subject);
    const now = ctx.clock.now();
    const row = await ctx.db.transaction().execute((trx) =>
      repository.insertLesson(trx, {
        id: randomUUID(),
        establishment_id: establishmentId,
        class_id: lesson.target.classId,
        group_id: lesson.target.groupId,
        subject: lesson.subject,
        starts_at: lesson.startsAt,
        ends_at: lesson.endsAt,
        title: lesson.title,
        content_html: lesson.content,
        objectives: lesson.objectives,
        author_id: viewer.userId,
        publish_at: lesson.publishAt,
        created_at: now,
        updated_at: now,
      }),
    );
    return { ...row, homework: [] };
  },

  updateLesson: async (_: unknown, { id, input }: { id: string; input: LessonInput }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const existing = UUID.test(id) ? await repository.findLesson(ctx.db, id) : undefined;
    if (!existing) throw notFound(messages.lesson);
    if (existing.author_id !== viewer.userId) throw forbidden(messages.notAuthor);
    const lesson = validateLesson(input);
    const establishmentId = await authorizeTeaching(ctx, viewer, lesson.target, lesson.subject);
    const now = ctx.clock.now();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const current = (await repository.findLessonForUpdate(trx, id)) as Lesson;
      // Once families may have read it, the cahier de textes keeps what it said.
      if (current.publish_at !== null && current.publish_at.getTime() <= now.getTime()) {
        await repository.insertRevision(trx, 'LESSON', id, viewer.userId, now, {
          title: current.title,
          content: current.content_html,
          objectives: current.objectives,
          subject: current.subject,
          startsAt: current.starts_at.toISOString(),
          endsAt: current.ends_at.toISOString(),
        });
      }
      const firstDue = await repository.earliestDueDateOfLesson(trx, id);
      const lessonDay = parisDate(lesson.startsAt);
      if (firstDue !== undefined && firstDue < lessonDay) {
        throw badUserInput('startsAt', format(messages.lessonAfterDue, { date: firstDue }));
      }
      await repository.moveHomeworkOfLesson(trx, id, {
        establishment_id: establishmentId,
        class_id: lesson.target.classId,
        group_id: lesson.target.groupId,
        subject: lesson.subject,
        updated_at: now,
      });
      return repository.updateLessonRow(trx, id, {
        establishment_id: establishmentId,
        class_id: lesson.target.classId,
        group_id: lesson.target.groupId,
        subject: lesson.subject,
        starts_at: lesson.startsAt,
        ends_at: lesson.endsAt,
        title: lesson.title,
        content_html: lesson.content,
        objectives: lesson.objectives,
        publish_at: lesson.publishAt,
        updated_at: now,
      });
    });
    const [view] = await withHomework(ctx, [row], viewer.userId);
    return view;
  },

  createHomework: async (_: unknown, { input }: { input: HomeworkInput }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const homework = await prepareHomework(ctx, viewer, input);
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const row = await repository.insertHomework(trx, {
        id: randomUUID(),
        ...homework.values,
        author_id: viewer.userId,
        created_at: now,
        updated_at: now,
      });
      return { homework: row, ...(await workloadAfter(trx, ctx, viewer, homework.targetId, homework.values.establishment_id, row.due_date)) };
    });
  },

  updateHomework: async (_: unknown, { id, input }: { id: string; input: HomeworkInput }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const existing = UUID.test(id) ? await repository.findHomework(ctx.db, id) : undefined;
    if (!existing) throw notFound(messages.homework);
    if (existing.author_id !== viewer.userId) throw forbidden(messages.notAuthor);
    const homework = await prepareHomework(ctx, viewer, input);
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const current = (await repository.findHomeworkForUpdate(trx, id)) as Homework;
      if (current.publish_at !== null && current.publish_at.getTime() <= now.getTime()) {
        await repository.insertRevision(trx, 'HOMEWORK', id, viewer.userId, now, {
          dueDate: current.due_date,
          kind: current.kind,
          estimatedMinutes: current.estimated_minutes,
          instructions: current.instructions_html,
        });
      }
      const row = await repository.updateHomeworkRow(trx, id, { ...homework.values, updated_at: now });
      return { homework: row, ...(await workloadAfter(trx, ctx, viewer, homework.targetId, homework.values.establishment_id, row.due_date)) };
    });
  },

  setHomeworkDone: async (_: unknown, { homeworkId, done }: { homeworkId: string; done: boolean }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    if (!hasProfile(viewer, 'ELEVE')) throw forbidden(messages.pupilsOnly);
    const homework = UUID.test(homeworkId) ? await repository.findHomework(ctx.db, homeworkId) : undefined;
    const now = ctx.clock.now();
    const visible =
      homework !== undefined &&
      homework.publish_at !== null &&
      homework.publish_at.getTime() <= now.getTime() &&
      [...viewer.classIds, ...viewer.groupIds].includes(targetIdOf({ classId: homework.class_id, groupId: homework.group_id }));
    if (!homework || !visible) throw notFound(messages.homework);
    await ctx.gate.assertEnabled(homework.establishment_id);
    await ctx.db.transaction().execute(async (trx) => {
      if (done) await repository.markDone(trx, homework.id, viewer.userId, now);
      else await repository.unmarkDone(trx, homework.id, viewer.userId);
    });
    const [view] = await withDone(ctx, [homework], viewer.userId);
    return view;
  },

  signClassLog: async (_: unknown, args: { classId: string; from: string; to: string; comment?: string | null }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    checkId('classId', args.classId);
    const period = parsePeriod(args.from, args.to);
    const comment = text('comment', args.comment, 2_000, false) || null;
    const schoolClass = await ctx.annuaire.classById(args.classId);
    if (!schoolClass) throw badUserInput('classId', messages.unknownClass);
    if (schoolClass === 'hidden' || !isDirectionOf(viewer, schoolClass.establishmentId)) throw forbidden(messages.directionOnly);
    await ctx.gate.assertEnabled(schoolClass.establishmentId);
    return ctx.db.transaction().execute((trx) =>
      repository.insertVisa(trx, {
        id: randomUUID(),
        establishment_id: schoolClass.establishmentId,
        class_id: args.classId,
        period_from: period.from,
        period_to: period.to,
        signed_by: viewer.userId,
        signed_at: ctx.clock.now(),
        comment,
      }),
    );
  },

  createCalendarFeed: async (_: unknown, { pupilId }: { pupilId?: string | null }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const scope = await pupilScope(ctx, viewer, pupilId ?? viewer.userId);
    await enabledScope(ctx, scope.establishmentIds);
    const token = randomBytes(32).toString('base64url');
    const feed = await ctx.db.transaction().execute((trx) =>
      repository.insertCalendarFeed(trx, {
        id: randomUUID(),
        token_hash: hashCalendarToken(token),
        owner_id: viewer.userId,
        pupil_id: scope.pupilId,
        target_ids: scope.targetIds,
        establishment_ids: scope.establishmentIds,
        created_at: ctx.clock.now(),
        revoked_at: null,
      }),
    );
    return { feed, url: `${ctx.publicUrl}/calendar/${token}.ics` };
  },

  setWorkloadThreshold: async (_: unknown, args: { establishmentId: string; minutes: number }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    if (!Number.isInteger(args.minutes) || args.minutes < 15 || args.minutes > 600) throw badUserInput('minutes', messages.thresholdRange);
    if (!isDirectionOf(viewer, args.establishmentId) && !canAdministerEstablishment(viewer, args.establishmentId)) {
      throw forbidden(messages.directionOnly);
    }
    await ctx.gate.assertEnabled(args.establishmentId);
    await ctx.db.transaction().execute((trx) => repository.setWorkloadThreshold(trx, args.establishmentId, args.minutes));
    return args.minutes;
  },

  saveLessonAsTemplate: async (_: unknown, args: { lessonId: string; shared?: boolean | null }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const lesson = UUID.test(args.lessonId) ? await repository.findLesson(ctx.db, args.lessonId) : undefined;
    if (!lesson || lesson.author_id !== viewer.userId) throw badUserInput('lessonId', messages.unknownLesson);
    await ctx.gate.assertEnabled(lesson.establishment_id);
    return ctx.db.transaction().execute((trx) =>
      repository.insertTemplate(trx, {
        id: randomUUID(),
        establishment_id: lesson.establishment_id,
        author_id: viewer.userId,
        subject: lesson.subject,
        title: lesson.title,
        content_html: lesson.content_html,
        objectives: lesson.objectives,
        shared: args.shared ?? false,
        created_at: ctx.clock.now(),
      }),
    );
  },

  duplicateLesson: async (_: unknown, args: { id: string; classId?: string | null; groupId?: string | null; startsAt: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const source = UUID.test(args.id) ? await repository.findLesson(ctx.db, args.id) : undefined;
    const now = ctx.clock.now();
    const readable =
      source !== undefined &&
      (source.author_id === viewer.userId ||
        (source.publish_at !== null &&
          source.publish_at.getTime() <= now.getTime() &&
          [...viewer.classIds, ...viewer.groupIds].includes(targetIdOf({ classId: source.class_id, groupId: source.group_id }))));
    if (!source || !readable) throw notFound(messages.lesson);
    checkId('classId', args.classId);
    checkId('groupId', args.groupId);
    const target = parseTarget(args.classId, args.groupId);
    const startsAt = parseDateTime('startsAt', args.startsAt);
    const endsAt = new Date(startsAt.getTime() + (source.ends_at.getTime() - source.starts_at.getTime()));
    const establishmentId = await authorizeTeaching(ctx, viewer, target, source.subject);
    const row = await ctx.db.transaction().execute((trx) =>
      repository.insertLesson(trx, {
        id: randomUUID(),
        establishment_id: establishmentId,
        class_id: target.classId,
        group_id: target.groupId,
        subject: source.subject,
        starts_at: startsAt,
        ends_at: endsAt,
        title: source.title,
        content_html: source.content_html,
        objectives: source.objectives,
        author_id: viewer.userId,
        publish_at: null,
        created_at: now,
        updated_at: now,
      }),
    );
    return { ...row, homework: [] };
  },

  revokeCalendarFeed: async (_: unknown, { id }: { id: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const feed = UUID.test(id) ? await repository.findCalendarFeed(ctx.db, id) : undefined;
    if (!feed || feed.owner_id !== viewer.userId) throw notFound(messages.calendarFeed);
    if (feed.revoked_at) return feed;
    return ctx.db.transaction().execute((trx) => repository.revokeCalendarFeed(trx, id, ctx.clock.now()));
  },

  duplicateWeek: async (_: unknown, { input }: { input: DuplicateWeekInput }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const fromMonday = mondayOf(parseDate('fromWeek', input.fromWeek));
    const toMonday = mondayOf(parseDate('toWeek', input.toWeek));
    if (fromMonday === toMonday) throw badUserInput('toWeek', messages.sameWeek);
    for (const field of ['sourceClassId', 'sourceGroupId', 'classId', 'groupId'] as const) checkId(field, input[field]);
    if (input.sourceClassId && input.sourceGroupId) throw badUserInput('sourceGroupId', messages.oneSource);
    const destination = input.classId || input.groupId ? parseTarget(input.classId, input.groupId) : undefined;
    const teaching = viewer.profiles.flatMap((grant) => (grant.profile === 'ENSEIGNANT' && grant.establishmentId ? [grant.establishmentId] : []));
    if (teaching.length === 0) throw forbidden(messages.teachersOnly);
    const enabled = await enabledScope(ctx, teaching);
    const sourceId = input.sourceClassId ?? input.sourceGroupId;
    const sources = (
      await repository.lessonsByAuthor(ctx.db, viewer.userId, enabled, {
        from: new Date(`${addDays(fromMonday, -1)}T00:00:00Z`),
        to: new Date(`${addDays(fromMonday, 8)}T00:00:00Z`),
      })
    ).filter((lesson) => {
      const day = parisDate(lesson.starts_at);
      return day >= fromMonday && day <= addDays(fromMonday, 6) && (!sourceId || targetIdOf({ classId: lesson.class_id, groupId: lesson.group_id }) === sourceId);
    });
    if (sources.length === 0) throw badUserInput('fromWeek', format(messages.nothingToCopy, { date: fromMonday }));
    // Each (target, subject) pair is checked once: the teacher must still teach it where the copies go.
    const establishments = new Map<string, string>();
    for (const lesson of sources) {
      const target = destination ?? { classId: lesson.class_id, groupId: lesson.group_id };
      const key = `${targetIdOf(target)}|${lesson.subject}`;
      if (!establishments.has(key)) establishments.set(key, await authorizeTeaching(ctx, viewer, target, lesson.subject));
    }
    const days = daysBetween(fromMonday, toMonday);
    const homework = await repository.homeworkOfLessonsByAuthor(ctx.db, sources.map((lesson) => lesson.id), viewer.userId);
    const now = ctx.clock.now();
    const copies: NewLesson[] = [];
    const homeworkCopies: NewHomework[] = [];
    for (const lesson of sources) {
      const target = destination ?? { classId: lesson.class_id, groupId: lesson.group_id };
      const id = randomUUID();
      copies.push({
        id,
        establishment_id: establishments.get(`${targetIdOf(target)}|${lesson.subject}`) as string,
        class_id: target.classId,
        group_id: target.groupId,
        subject: lesson.subject,
        starts_at: shiftParisDays(lesson.starts_at, days),
        ends_at: shiftParisDays(lesson.ends_at, days),
        title: lesson.title,
        content_html: lesson.content_html,
        objectives: lesson.objectives,
        author_id: viewer.userId,
        publish_at: null,
        created_at: now,
        updated_at: now,
      });
      for (const item of homework.filter((candidate) => candidate.lesson_id === lesson.id)) {
        homeworkCopies.push({
          ...item,
          id: randomUUID(),
          lesson_id: id,
          establishment_id: copies[copies.length - 1]?.establishment_id as string,
          class_id: target.classId,
          group_id: target.groupId,
          due_date: addDays(item.due_date, days),
          publish_at: null,
          created_at: now,
          updated_at: now,
        });
      }
    }
    const rows = await ctx.db.transaction().execute(async (trx) => {
      const inserted: Lesson[] = [];
      for (const copy of copies) inserted.push(await repository.insertLesson(trx, copy));
      for (const copy of homeworkCopies) await repository.insertHomework(trx, copy);
      return inserted;
    });
    return withHomework(ctx, rows, viewer.userId);
  },

  deleteLesson: async (_: unknown, { id }: { id: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const lesson = UUID.test(id) ? await repository.findLesson(ctx.db, id) : undefined;
    if (!lesson || lesson.author_id !== viewer.userId) throw notFound(messages.lesson);
    await ctx.gate.assertEnabled(lesson.establishment_id);
    const keys = await ctx.db.transaction().execute(async (trx) => {
      const current = await repository.findLessonForUpdate(trx, id);
      if (!current) throw notFound(messages.lesson);
      const now = ctx.clock.now();
      const visible = (publishAt: Date | null) => publishAt !== null && publishAt.getTime() <= now.getTime();
      // Homework already given (published) keeps its séance: families may have read both.
      const given = (await repository.homeworkOfLessonsByAuthor(trx, [id], viewer.userId)).some((item) => visible(item.publish_at));
      if (visible(current.publish_at) || given) throw conflict(messages.publishedKept);
      return repository.deleteLessonRow(trx, id);
    });
    await removeBlobs(ctx, keys);
    return id;
  },

  deleteHomework: async (_: unknown, { id }: { id: string }, ctx: CahierContext) => {
    const viewer = requireViewer(ctx);
    const homework = UUID.test(id) ? await repository.findHomework(ctx.db, id) : undefined;
    if (!homework || homework.author_id !== viewer.userId) throw notFound(messages.homework);
    await ctx.gate.assertEnabled(homework.establishment_id);
    const keys = await ctx.db.transaction().execute(async (trx) => {
      const current = await repository.findHomeworkForUpdate(trx, id);
      if (!current) throw notFound(messages.homework);
      if (current.publish_at !== null && current.publish_at.getTime() <= ctx.clock.now().getTime()) throw conflict(messages.publishedKept);
      return repository.deleteHomeworkRow(trx, id);
    });
    await removeBlobs(ctx, keys);
    return id;
  },
};

