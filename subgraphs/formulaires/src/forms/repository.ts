import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  AnswerRow,
  AudienceMember,
  Booking,
  Database,
  Form,
  FormsTable,
  NotificationsTable,
  QuestionRow,
  Resource,
  ResponseRow,
  SectionRow,
  SignatureRow,
  Slot,
} from '../db/database.js';
import type { Insertable, Updateable } from 'kysely';

/** All SQL of the formulaires: plain functions taking the database (or the mutation's transaction) first. */
export type Db = Kysely<Database> | Transaction<Database>;

export type NewForm = Insertable<FormsTable>;

export async function insertForm(db: Db, row: NewForm): Promise<Form> {
  return db.insertInto('forms').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateForm(db: Db, id: string, values: Updateable<FormsTable>): Promise<Form> {
  return db.updateTable('forms').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function findForm(db: Db, id: string): Promise<Form | undefined> {
  return db.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the form row for the mutation's transaction: answers and closing serialise on it. */
export async function findFormForUpdate(db: Db, id: string): Promise<Form | undefined> {
  return db.selectFrom('forms').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findForms(db: Db, ids: readonly string[]): Promise<Form[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('forms').selectAll().where('id', 'in', ids).execute();
}

export async function deleteForm(db: Db, id: string): Promise<void> {
  await db.deleteFrom('forms').where('id', '=', id).execute();
}

/** Forms a person wrote, and every form of the establishments they direct. */
export async function formsOf(db: Db, authorId: string, directedEstablishmentIds: readonly string[]): Promise<Form[]> {
  return db
    .selectFrom('forms')
    .selectAll()
    .where((eb) =>
      directedEstablishmentIds.length === 0
        ? eb('author_id', '=', authorId)
        : eb.or([eb('author_id', '=', authorId), eb('establishment_id', 'in', directedEstablishmentIds)]),
    )
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

export async function replaceContent(db: Db, formId: string, sections: SectionRow[], questions: Array<Omit<QuestionRow, 'options'> & { options: string[] }>) {
  await db.deleteFrom('form_questions').where('form_id', '=', formId).execute();
  await db.deleteFrom('form_sections').where('form_id', '=', formId).execute();
  if (sections.length > 0) await db.insertInto('form_sections').values(sections).execute();
  if (questions.length > 0) {
    await db
      .insertInto('form_questions')
      .values(questions.map((question) => ({ ...question, options: JSON.stringify(question.options) })))
      .execute();
  }
}

export async function sectionsOf(db: Db, formIds: readonly string[]): Promise<SectionRow[]> {
  if (formIds.length === 0) return [];
  return db.selectFrom('form_sections').selectAll().where('form_id', 'in', formIds).orderBy('position').execute();
}

export async function questionsOf(db: Db, formIds: readonly string[]): Promise<QuestionRow[]> {
  if (formIds.length === 0) return [];
  return db
    .selectFrom('form_questions')
    .selectAll()
    .where('form_id', 'in', formIds)
    .orderBy('section_position')
    .orderBy('position')
    .execute();
}

export async function insertAudience(db: Db, rows: Array<Omit<AudienceMember, 'guardian_ids'> & { guardian_ids: string[] }>) {
  // Chunked: a whole establishment is a few thousand rows, beyond one statement's parameters.
  for (let start = 0; start < rows.length; start += 500) {
    await db
      .insertInto('audience_members')
      .values(rows.slice(start, start + 500).map((row) => ({ ...row, guardian_ids: JSON.stringify(row.guardian_ids) })))
      .onConflict((oc) => oc.columns(['form_id', 'pupil_id']).doNothing())
      .execute();
  }
}

export async function audienceOf(db: Db, formId: string): Promise<AudienceMember[]> {
  return db.selectFrom('audience_members').selectAll().where('form_id', '=', formId).orderBy('class_name').orderBy('pupil_name').execute();
}

export async function audienceMember(db: Db, formId: string, pupilId: string): Promise<AudienceMember | undefined> {
  return db.selectFrom('audience_members').selectAll().where('form_id', '=', formId).where('pupil_id', '=', pupilId).executeTakeFirst();
}

export async function audienceCounts(db: Db, formIds: readonly string[]) {
  if (formIds.length === 0) return [];
  return db
    .selectFrom('audience_members')
    .select(['form_id', sql<number>`count(*)::int`.as('count')])
    .where('form_id', 'in', formIds)
    .groupBy('form_id')
    .execute();
}

export async function responseCounts(db: Db, formIds: readonly string[]) {
  if (formIds.length === 0) return [];
  return db
    .selectFrom('responses')
    .select(['form_id', sql<number>`count(*)::int`.as('count')])
    .where('form_id', 'in', formIds)
    .groupBy('form_id')
    .execute();
}

/** Open forms (before their deadline, in these establishments) whose audience includes these pupils. */
export async function openFormsForPupils(db: Db, pupilIds: readonly string[], profile: 'PUPILS' | 'PARENTS', now: Date) {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('audience_members as m')
    .innerJoin('forms as f', 'f.id', 'm.form_id')
    .selectAll('f')
    .select(['m.pupil_id as member_id', 'm.pupil_name as member_name', 'm.guardian_ids as member_guardians'])
    .where('m.pupil_id', 'in', pupilIds)
    .where('f.status', '=', 'OPEN')
    .where('f.audience_profile', '=', profile)
    .where('f.deadline', '>', now)
    .orderBy('f.deadline')
    .limit(500)
    .execute();
}

export async function openStaffForms(db: Db, establishmentIds: readonly string[], now: Date): Promise<Form[]> {
  if (establishmentIds.length === 0) return [];
  return db
    .selectFrom('forms')
    .selectAll()
    .where('establishment_id', 'in', establishmentIds)
    .where('status', '=', 'OPEN')
    .where('audience_profile', '=', 'STAFF')
    .where('deadline', '>', now)
    .orderBy('deadline')
    .limit(500)
    .execute();
}

/** (form, subject) pairs a person already answered. */
export async function answeredBy(db: Db, respondentId: string, formIds: readonly string[], subjectIds: readonly string[]) {
  if (formIds.length === 0 || subjectIds.length === 0) return [];
  return db
    .selectFrom('answered')
    .select(['form_id', 'subject_id', 'respondent_key', 'respondent_id'])
    .where('form_id', 'in', formIds)
    .where('subject_id', 'in', subjectIds)
    .where((eb) => eb.or([eb('respondent_id', '=', respondentId), eb('respondent_key', '=', '*')]))
    .execute();
}

/** Whether the place is taken; false when another response holds it (the primary key decides, even under concurrency). */
export async function claimAnswer(db: Db, row: { form_id: string; respondent_id: string; subject_id: string; respondent_key: string; answered_at: Date }) {
  const inserted = await db
    .insertInto('answered')
    .values(row)
    .onConflict((oc) => oc.columns(['form_id', 'subject_id', 'respondent_key']).doNothing())
    .returning('form_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function insertResponse(db: Db, row: ResponseRow): Promise<ResponseRow> {
  return db.insertInto('responses').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertAnswers(db: Db, rows: Array<Omit<AnswerRow, 'values'> & { values: string[] | null }>) {
  if (rows.length === 0) return;
  await db
    .insertInto('answers')
    .values(rows.map((row) => ({ ...row, values: row.values ? JSON.stringify(row.values) : sql<string>`null` })))
    .execute();
}

export async function insertSignature(db: Db, row: SignatureRow) {
  await db.insertInto('signatures').values(row).execute();
}

export async function responsesOf(db: Db, formId: string, respondentId?: string): Promise<ResponseRow[]> {
  let query = db.selectFrom('responses').selectAll().where('form_id', '=', formId);
  if (respondentId) query = query.where('respondent_id', '=', respondentId);
  return query.orderBy('submitted_at').orderBy('id').limit(10_000).execute();
}

export async function findResponse(db: Db, id: string): Promise<ResponseRow | undefined> {
  return db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function answersOf(db: Db, responseIds: readonly string[]): Promise<AnswerRow[]> {
  if (responseIds.length === 0) return [];
  return db.selectFrom('answers').selectAll().where('response_id', 'in', responseIds).execute();
}

export async function signaturesOfResponses(db: Db, responseIds: readonly string[]): Promise<SignatureRow[]> {
  if (responseIds.length === 0) return [];
  return db.selectFrom('signatures').selectAll().where('response_id', 'in', responseIds).orderBy('signed_at').execute();
}

export async function signaturesOfForm(db: Db, formId: string): Promise<SignatureRow[]> {
  return db.selectFrom('signatures').selectAll().where('form_id', '=', formId).orderBy('signed_at').execute();
}

/** Per-question counts of each value (choices, yes/no, slots, decisions), in one grouped scan. */
export async function valueCounts(db: Db, formId: string) {
  const single = await db
    .selectFrom('answers')
    .select(['question_key', 'value', sql<number>`count(*)::int`.as('count')])
    .where('form_id', '=', formId)
    .where('value', 'is not', null)
    .where('values', 'is', null)
    .groupBy(['question_key', 'value'])
    .execute();
  const multiple = await sql<{ question_key: string; value: string; count: number }>`
    select a.question_key, v.value, count(*)::int as count
    from answers a cross join lateral jsonb_array_elements_text(a."values") as v(value)
    where a.form_id = ${formId} and a."values" is not null
    group by a.question_key, v.value`.execute(db);
  return [...single.map((row) => ({ question_key: row.question_key, value: row.value as string, count: row.count })), ...multiple.rows];
}

export async function answeredCounts(db: Db, formId: string) {
  return db
    .selectFrom('answers')
    .select([
      'question_key',
      sql<number>`count(*)::int`.as('answered'),
      sql<number | null>`avg(number_value)::float8`.as('average'),
      sql<number | null>`min(number_value)::float8`.as('minimum'),
      sql<number | null>`max(number_value)::float8`.as('maximum'),
    ])
    .where('form_id', '=', formId)
    .groupBy('question_key')
    .execute();
}

// ——— reservations ———

export async function insertResource(db: Db, row: Resource): Promise<Resource> {
  return db.insertInto('resources').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function resourcesOf(db: Db, establishmentId: string): Promise<Resource[]> {
  return db.selectFrom('resources').selectAll().where('establishment_id', '=', establishmentId).orderBy('name').execute();
}

export async function findResources(db: Db, ids: readonly string[]): Promise<Resource[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('resources').selectAll().where('id', 'in', ids).execute();
}

export async function insertSlots(db: Db, rows: Slot[]): Promise<Slot[]> {
  if (rows.length === 0) return [];
  return db.insertInto('slots').values(rows).returningAll().execute();
}

export async function slotsOf(db: Db, resourceIds: readonly string[], from: Date, to: Date | null): Promise<Slot[]> {
  if (resourceIds.length === 0) return [];
  let query = db.selectFrom('slots').selectAll().where('resource_id', 'in', resourceIds).where('ends_at', '>', from);
  if (to) query = query.where('starts_at', '<', to);
  return query.orderBy('starts_at').limit(2000).execute();
}

export async function findSlots(db: Db, ids: readonly string[]): Promise<Slot[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('slots').selectAll().where('id', 'in', ids).execute();
}

/**
 * Takes one place in a slot, or none: a single conditional update. PostgreSQL locks the row it
 * updates, so a concurrent booking waits, then re-checks `booked < capacity` on the committed row
 * (READ COMMITTED's re-evaluation): the last place goes to exactly one of them. The check
 * constraint `slots_not_overbooked` backs it.
 */
export async function takePlace(db: Db, slotId: string): Promise<Slot | undefined> {
  return db
    .updateTable('slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .whereRef('booked', '<', 'capacity')
    .returningAll()
    .executeTakeFirst();
}

export async function releasePlace(db: Db, slotId: string): Promise<void> {
  await db
    .updateTable('slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', slotId)
    .where('booked', '>', 0)
    .execute();
}

export async function activeBooking(db: Db, slotId: string, personId: string): Promise<Booking | undefined> {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('slot_id', '=', slotId)
    .where('person_id', '=', personId)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
}

export async function insertBooking(db: Db, row: Booking): Promise<Booking> {
  return db.insertInto('bookings').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findBookingForUpdate(db: Db, id: string): Promise<Booking | undefined> {
  return db.selectFrom('bookings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function cancelBooking(db: Db, id: string, at: Date): Promise<Booking> {
  return db.updateTable('bookings').set({ cancelled_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function bookingsOf(db: Db, personId: string): Promise<Booking[]> {
  return db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .selectAll('bookings')
    .where('bookings.person_id', '=', personId)
    .where('bookings.cancelled_at', 'is', null)
    .orderBy('slots.starts_at')
    .limit(500)
    .execute();
}

export async function myBookedSlots(db: Db, personId: string, slotIds: readonly string[]) {
  if (slotIds.length === 0) return [];
  return db
    .selectFrom('bookings')
    .select('slot_id')
    .where('person_id', '=', personId)
    .where('slot_id', 'in', slotIds)
    .where('cancelled_at', 'is', null)
    .execute();
}

// ——— notifications, reminders, retention ———

export async function insertNotifications(db: Db, rows: Array<Insertable<NotificationsTable>>) {
  for (let start = 0; start < rows.length; start += 500) {
    await db.insertInto('notifications').values(rows.slice(start, start + 500)).execute();
  }
}

export async function notificationsFor(db: Db, recipientIds: readonly string[], kinds: ReadonlyArray<'PERSON' | 'PARENTS_OF'>) {
  if (recipientIds.length === 0) return [];
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('recipient_id', 'in', recipientIds)
    .where('recipient_kind', 'in', kinds)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

/** Pupils of the audience nobody answered for yet (one answer per child; with both guardians, a missing guardian counts). */
export async function nonRespondents(db: Db, form: Form): Promise<AudienceMember[]> {
  const members = await audienceOf(db, form.id);
  const answered = await db.selectFrom('answered').select(['subject_id', 'respondent_id']).where('form_id', '=', form.id).execute();
  const bySubject = new Map<string, Set<string>>();
  for (const row of answered) bySubject.set(row.subject_id, (bySubject.get(row.subject_id) ?? new Set()).add(row.respondent_id));
  return members.filter((member) => {
    const who = bySubject.get(member.pupil_id);
    if (!who) return true;
    if (!form.both_guardians) return false;
    return member.guardian_ids.some((id) => !who.has(id));
  });
}

/** Forms whose responses expire before `before` and whose author was not told yet. */
export async function formsToWarn(db: Db, now: Date, before: Date): Promise<Form[]> {
  return db
    .selectFrom('forms')
    .selectAll()
    .where('status', '!=', 'DRAFT')
    .where('purged_at', 'is', null)
    .where('retention_warned_at', 'is', null)
    .where(sql<boolean>`deadline + make_interval(days => retention_days) <= ${before}`)
    .where(sql<boolean>`deadline + make_interval(days => retention_days) > ${now}`)
    .limit(1000)
    .execute();
}

export async function formsToPurge(db: Db, now: Date): Promise<Form[]> {
  return db
    .selectFrom('forms')
    .selectAll()
    .where('status', '!=', 'DRAFT')
    .where('purged_at', 'is', null)
    .where(sql<boolean>`deadline + make_interval(days => retention_days) <= ${now}`)
    .limit(1000)
    .execute();
}

/** Deletes a form's responses (answers and signatures cascade) and who answered; bookings made through it are kept. */
export async function purgeResponses(db: Db, formId: string, at: Date): Promise<number> {
  const deleted = await db.deleteFrom('responses').where('form_id', '=', formId).executeTakeFirst();
  await db.deleteFrom('answered').where('form_id', '=', formId).execute();
  await db.updateTable('forms').set({ purged_at: at }).where('id', '=', formId).execute();
  return Number(deleted.numDeletedRows);
}

// ——— dashboard ———

export async function responsesReceived(db: Db, authorId: string, now: Date) {
  const row = await db
    .selectFrom('forms')
    .leftJoin('responses', 'responses.form_id', 'forms.id')
    .select([sql<number>`count(responses.id)::int`.as('responses'), sql<number>`count(distinct forms.id)::int`.as('forms')])
    .where('forms.author_id', '=', authorId)
    .where('forms.status', '=', 'OPEN')
    .where('forms.deadline', '>', now)
    .executeTakeFirstOrThrow();
  return { responses: row.responses, forms: row.forms };
}
