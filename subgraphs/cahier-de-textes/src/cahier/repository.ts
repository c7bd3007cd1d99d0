import { type Kysely, type Transaction, sql } from 'kysely';
import type { Attachment, CalendarFeed, Database, Homework, Lesson, LessonTemplate, NewHomework, NewLesson, Visa } from '../db/database.js';

/** All SQL of the cahier de textes: plain functions taking the database (or the mutation's transaction) first. */
export type Db = Kysely<Database> | Transaction<Database>;

/** A class or a group: séances and homework belong to exactly one. */
export interface Target {
  classId: string | null;
  groupId: string | null;
}

const targetFilter = (targetIds: readonly string[]) =>
  // biome-ignore lint/suspicious/noExplicitAny: shared by the lessons and homework tables, which both have these columns
  (eb: any) => eb.or([eb('class_id', 'in', targetIds), eb('group_id', 'in', targetIds)]);

/** Visible to readers once `publish_at` has passed; always to its author. */
const visibleTo = (authorId: string, now: Date) =>
  // biome-ignore lint/suspicious/noExplicitAny: see targetFilter
  (eb: any) => eb.or([eb('author_id', '=', authorId), eb('publish_at', '<=', now)]);

export async function insertLesson(db: Db, row: NewLesson): Promise<Lesson> {
  return db.insertInto('lessons').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateLessonRow(db: Db, id: string, values: Partial<NewLesson>): Promise<Lesson> {
  return db.updateTable('lessons').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function findLesson(db: Db, id: string): Promise<Lesson | undefined> {
  return db.selectFrom('lessons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findLessonForUpdate(db: Db, id: string): Promise<Lesson | undefined> {
  return db.selectFrom('lessons').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function lessonsOf(db: Db, targetId: string, between: { from: Date; to: Date }, viewerId: string, now: Date): Promise<Lesson[]> {
  return db
    .selectFrom('lessons')
    .selectAll()
    .where(targetFilter([targetId]))
    .where('starts_at', '>=', between.from)
    .where('starts_at', '<', between.to)
    .where(visibleTo(viewerId, now))
    .orderBy('starts_at')
    .execute();
}

/** A teacher's week across classes: their own séances (drafts included) in establishments where the module is on. */
export async function lessonsByAuthor(db: Db, authorId: string, establishmentIds: readonly string[], between: { from: Date; to: Date }): Promise<Lesson[]> {
  if (establishmentIds.length === 0) return [];
  return db
    .selectFrom('lessons')
    .selectAll()
    .where('author_id', '=', authorId)
    .where('establishment_id', 'in', establishmentIds)
    .where('starts_at', '>=', between.from)
    .where('starts_at', '<', between.to)
    .orderBy('starts_at')
    .limit(2000)
    .execute();
}

export async function insertRevision(db: Db, entity: 'LESSON' | 'HOMEWORK', entityId: string, editedBy: string, editedAt: Date, previous: object) {
  await db
    .insertInto('revisions')
    .values({ entity, entity_id: entityId, edited_by: editedBy, edited_at: editedAt, previous: JSON.stringify(previous) })
    .execute();
}

export async function revisionsOf(db: Db, entity: 'LESSON' | 'HOMEWORK', entityId: string) {
  return db
    .selectFrom('revisions')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('edited_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertHomework(db: Db, row: NewHomework): Promise<Homework> {
  return db.insertInto('homework').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findHomeworkForUpdate(db: Db, id: string): Promise<Homework | undefined> {
  return db.selectFrom('homework').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateHomeworkRow(db: Db, id: string, values: Partial<NewHomework>): Promise<Homework> {
  return db.updateTable('homework').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function findHomework(db: Db, id: string): Promise<Homework | undefined> {
  return db.selectFrom('homework').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function homeworkOfLessons(db: Db, lessonIds: readonly string[], viewerId: string, now: Date): Promise<Homework[]> {
  if (lessonIds.length === 0) return [];
  return db
    .selectFrom('homework')
    .selectAll()
    .where('lesson_id', 'in', lessonIds)
    .where(visibleTo(viewerId, now))
    .orderBy('due_date')
    .orderBy('created_at')
    .execute();
}

/** Published homework of these classes and groups due from `fromDate` on (a pupil's « À faire », the calendar feed). */
export async function publishedHomeworkFor(
  db: Db,
  targetIds: readonly string[],
  establishmentIds: readonly string[],
  fromDate: string,
  now: Date,
  toDate?: string,
): Promise<Homework[]> {
  if (targetIds.length === 0 || establishmentIds.length === 0) return [];
  let query = db
    .selectFrom('homework')
    .selectAll()
    .where(targetFilter(targetIds))
    .where('establishment_id', 'in', establishmentIds)
    .where('due_date', '>=', fromDate)
    .where('publish_at', '<=', now);
  if (toDate) query = query.where('due_date', '<=', toDate);
  return query.orderBy('due_date').orderBy('subject').orderBy('created_at').limit(2000).execute();
}

export async function markDone(db: Db, homeworkId: string, pupilId: string, at: Date): Promise<void> {
  await db
    .insertInto('homework_done')
    .values({ homework_id: homeworkId, pupil_id: pupilId, done_at: at })
    .onConflict((oc) => oc.columns(['homework_id', 'pupil_id']).doNothing())
    .execute();
}

export async function unmarkDone(db: Db, homeworkId: string, pupilId: string): Promise<void> {
  await db.deleteFrom('homework_done').where('homework_id', '=', homeworkId).where('pupil_id', '=', pupilId).execute();
}

export async function doneByPupil(db: Db, pupilIds: readonly string[], homeworkIds: readonly string[]) {
  if (pupilIds.length === 0 || homeworkIds.length === 0) return [];
  return db
    .selectFrom('homework_done')
    .select(['homework_id', 'pupil_id'])
    .where('pupil_id', 'in', pupilIds)
    .where('homework_id', 'in', homeworkIds)
    .execute();
}

export async function doneCounts(db: Db, homeworkIds: readonly string[]) {
  if (homeworkIds.length === 0) return [];
  return db
    .selectFrom('homework_done')
    .select(['homework_id', sql<number>`count(*)::int`.as('count')])
    .where('homework_id', 'in', homeworkIds)
    .groupBy('homework_id')
    .execute();
}

/** Minutes per due date for one class or group: what readers will see (published or scheduled), plus the viewer's own drafts. */
export async function workloadOf(db: Db, targetId: string, from: string, to: string, viewerId: string) {
  return db
    .selectFrom('homework')
    .select(['due_date', sql<number>`sum(estimated_minutes)::int`.as('minutes')])
    .where(targetFilter([targetId]))
    .where('due_date', '>=', from)
    .where('due_date', '<=', to)
    .where((eb) => eb.or([eb('publish_at', 'is not', null), eb('author_id', '=', viewerId)]))
    .groupBy('due_date')
    .orderBy('due_date')
    .execute();
}

export async function workloadThreshold(db: Db, establishmentId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('workload_settings')
    .select('daily_threshold_minutes')
    .where('establishment_id', '=', establishmentId)
    .executeTakeFirst();
  return row?.daily_threshold_minutes;
}

export async function insertVisa(db: Db, row: Visa): Promise<Visa> {
  return db.insertInto('visas').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function visasOf(db: Db, classId: string): Promise<Visa[]> {
  return db.selectFrom('visas').selectAll().where('class_id', '=', classId).orderBy('period_from', 'desc').execute();
}

export async function insertCalendarFeed(db: Db, row: Omit<CalendarFeed, 'target_ids' | 'establishment_ids'> & { target_ids: string[]; establishment_ids: string[] }) {
  return db
    .insertInto('calendar_feeds')
    .values({ ...row, target_ids: JSON.stringify(row.target_ids), establishment_ids: JSON.stringify(row.establishment_ids) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function calendarFeedsOf(db: Db, ownerId: string): Promise<CalendarFeed[]> {
  return db.selectFrom('calendar_feeds').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').execute();
}

export async function findCalendarFeed(db: Db, id: string): Promise<CalendarFeed | undefined> {
  return db.selectFrom('calendar_feeds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function activeCalendarFeedByHash(db: Db, tokenHash: string): Promise<CalendarFeed | undefined> {
  return db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeCalendarFeed(db: Db, id: string, at: Date): Promise<CalendarFeed> {
  return db
    .updateTable('calendar_feeds')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countDueOn(db: Db, targetIds: readonly string[], establishmentIds: readonly string[], date: string, now: Date) {
  if (targetIds.length === 0 || establishmentIds.length === 0) return 0;
  const row = await db
    .selectFrom('homework')
    .select(sql<number>`count(*)::int`.as('count'))
    .where(targetFilter(targetIds))
    .where('establishment_id', 'in', establishmentIds)
    .where('due_date', '=', date)
    .where('publish_at', '<=', now)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** A teacher's séances already started that are still drafts. */
export async function countDraftLessonsBefore(db: Db, authorId: string, now: Date) {
  const row = await db
    .selectFrom('lessons')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('author_id', '=', authorId)
    .where('publish_at', 'is', null)
    .where('starts_at', '<=', now)
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function insertTemplate(db: Db, row: LessonTemplate): Promise<LessonTemplate> {
  return db.insertInto('templates').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A teacher's own templates, and those shared in the given establishments. */
export async function templatesFor(db: Db, authorId: string, establishmentIds: readonly string[], subject?: string): Promise<LessonTemplate[]> {
  let query = db
    .selectFrom('templates')
    .selectAll()
    .where((eb) =>
      establishmentIds.length === 0
        ? eb('author_id', '=', authorId)
        : eb.or([eb('author_id', '=', authorId), eb.and([eb('shared', '=', true), eb('establishment_id', 'in', establishmentIds)])]),
    );
  if (subject) query = query.where('subject', '=', subject);
  return query.orderBy('subject').orderBy('title').limit(500).execute();
}

/** Linked homework follows its séance's class, group and subject. */
export async function moveHomeworkOfLesson(db: Db, lessonId: string, values: { establishment_id: string; class_id: string | null; group_id: string | null; subject: string; updated_at: Date }) {
  await db.updateTable('homework').set(values).where('lesson_id', '=', lessonId).execute();
}

export async function earliestDueDateOfLesson(db: Db, lessonId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('homework')
    .select((eb) => eb.fn.min('due_date').as('first'))
    .where('lesson_id', '=', lessonId)
    .executeTakeFirst();
  return row?.first ?? undefined;
}

export async function setWorkloadThreshold(db: Db, establishmentId: string, minutes: number): Promise<void> {
  await db
    .insertInto('workload_settings')
    .values({ establishment_id: establishmentId, daily_threshold_minutes: minutes })
    .onConflict((oc) => oc.column('establishment_id').doUpdateSet({ daily_threshold_minutes: minutes }))
    .execute();
}

export async function insertAttachment(db: Db, row: Omit<Attachment, 'size'> & { size: number }): Promise<Attachment> {
  return db.insertInto('attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function attachmentsOf(db: Db, owner: 'lesson_id' | 'homework_id', ids: readonly string[]): Promise<Attachment[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('attachments').selectAll().where(owner, 'in', ids).orderBy('created_at').execute();
}

/** Deletes a séance (its homework, ticks and attachment rows go with it by cascade); returns the blob keys to remove. */
export async function deleteLessonRow(db: Db, id: string): Promise<string[]> {
  const keys = await db
    .selectFrom('attachments')
    .select('blob_key')
    .where((eb) => eb.or([eb('lesson_id', '=', id), eb('homework_id', 'in', eb.selectFrom('homework').select('id').where('lesson_id', '=', id))]))
    .execute();
  await db.deleteFrom('lessons').where('id', '=', id).execute();
  return keys.map((row) => row.blob_key);
}

/** Deletes homework (ticks and attachment rows by cascade); returns the blob keys to remove. */
export async function deleteHomeworkRow(db: Db, id: string): Promise<string[]> {
  const keys = await db.selectFrom('attachments').select('blob_key').where('homework_id', '=', id).execute();
  await db.deleteFrom('homework').where('id', '=', id).execute();
  return keys.map((row) => row.blob_key);
}

export async function homeworkOfLessonsByAuthor(db: Db, lessonIds: readonly string[], authorId: string): Promise<Homework[]> {
  if (lessonIds.length === 0) return [];
  return db.selectFrom('homework').selectAll().where('lesson_id', 'in', lessonIds).where('author_id', '=', authorId).orderBy('created_at').execute();
}
