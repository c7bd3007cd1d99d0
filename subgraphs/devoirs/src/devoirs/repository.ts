import { type Insertable, type Kysely, type Transaction, sql } from 'kysely';
import type {
  Assignment,
  AssignmentAttachment,
  AssignmentPupil,
  Criterion,
  Database,
  Draft,
  Level,
  Mark,
  MarkLevel,
  NewAssignment,
  Rubric,
  Submission,
  SubmissionFile,
} from '../db/database.js';

/** All SQL of devoirs: plain functions taking the database (or the mutation's transaction) first. */
export type Db = Kysely<Database> | Transaction<Database>;

// ——— Rubrics ———

export interface NewRubric {
  id: string;
  establishmentId: string;
  authorId: string;
  title: string;
  shared: boolean;
  createdAt: Date;
  criteria: Array<{ id: string; label: string; levels: Array<{ id: string; label: string; descriptor: string | null; points: number }> }>;
}

export async function insertRubric(db: Db, rubric: NewRubric): Promise<Rubric> {
  const row = await db
    .insertInto('rubrics')
    .values({
      id: rubric.id,
      establishment_id: rubric.establishmentId,
      author_id: rubric.authorId,
      title: rubric.title,
      shared: rubric.shared,
      created_at: rubric.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('rubric_criteria')
    .values(rubric.criteria.map((criterion, position) => ({ id: criterion.id, rubric_id: rubric.id, position, label: criterion.label })))
    .execute();
  await db
    .insertInto('rubric_levels')
    .values(
      rubric.criteria.flatMap((criterion) =>
        criterion.levels.map((level, position) => ({
          id: level.id,
          criterion_id: criterion.id,
          position,
          label: level.label,
          descriptor: level.descriptor,
          points: level.points,
        })),
      ),
    )
    .execute();
  return row;
}

export async function findRubric(db: Db, id: string): Promise<Rubric | undefined> {
  return db.selectFrom('rubrics').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rubricsByIds(db: Db, ids: readonly string[]): Promise<Rubric[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('rubrics').selectAll().where('id', 'in', ids).execute();
}

/** The teacher's own rubrics and those shared in the given establishments. */
export async function rubricLibrary(db: Db, authorId: string, establishmentIds: readonly string[]): Promise<Rubric[]> {
  return db
    .selectFrom('rubrics')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('author_id', '=', authorId),
        ...(establishmentIds.length > 0 ? [eb.and([eb('shared', '=', true), eb('establishment_id', 'in', establishmentIds)])] : []),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

export async function criteriaOf(db: Db, rubricIds: readonly string[]): Promise<Criterion[]> {
  if (rubricIds.length === 0) return [];
  return db.selectFrom('rubric_criteria').selectAll().where('rubric_id', 'in', rubricIds).orderBy('position').execute();
}

export async function levelsOf(db: Db, criterionIds: readonly string[]): Promise<Level[]> {
  if (criterionIds.length === 0) return [];
  return db.selectFrom('rubric_levels').selectAll().where('criterion_id', 'in', criterionIds).orderBy('position').execute();
}

/** Every level of a rubric with its criterion: what a mark is checked against. */
export async function rubricGrid(db: Db, rubricId: string) {
  return db
    .selectFrom('rubric_levels as l')
    .innerJoin('rubric_criteria as c', 'c.id', 'l.criterion_id')
    .select(['c.id as criterion_id', 'l.id as level_id', 'l.points'])
    .where('c.rubric_id', '=', rubricId)
    .execute();
}

// ——— Assignments ———

export async function insertAssignment(db: Db, row: NewAssignment): Promise<Assignment> {
  return db.insertInto('assignments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateAssignmentRow(db: Db, id: string, values: Partial<NewAssignment>): Promise<Assignment> {
  return db.updateTable('assignments').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function findAssignment(db: Db, id: string): Promise<Assignment | undefined> {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAssignmentForUpdate(db: Db, id: string): Promise<Assignment | undefined> {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function assignmentsByIds(db: Db, ids: readonly string[]): Promise<Assignment[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('assignments').selectAll().where('id', 'in', ids).execute();
}

export async function assignmentsByAuthor(db: Db, authorId: string, establishmentIds: readonly string[]): Promise<Assignment[]> {
  if (establishmentIds.length === 0) return [];
  return db
    .selectFrom('assignments')
    .selectAll()
    .where('author_id', '=', authorId)
    .where('establishment_id', 'in', establishmentIds)
    .orderBy('due_at', 'desc')
    .limit(500)
    .execute();
}

/** Published, opened assignments targeting the pupil, in establishments where the module is on. */
export async function assignmentsOfPupil(db: Db, pupilId: string, establishmentIds: readonly string[], now: Date): Promise<Assignment[]> {
  if (establishmentIds.length === 0) return [];
  return db
    .selectFrom('assignments as a')
    .innerJoin('assignment_pupils as ap', 'ap.assignment_id', 'a.id')
    .selectAll('a')
    .where('ap.pupil_id', '=', pupilId)
    .where('a.establishment_id', 'in', establishmentIds)
    .where('a.published_at', 'is not', null)
    .where('a.opens_at', '<=', now)
    .orderBy('a.due_at')
    .limit(500)
    .execute();
}

export async function insertAssignmentPupils(db: Db, rows: Insertable<Database['assignment_pupils']>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('assignment_pupils').values(rows).execute();
}

export async function targetedPupil(db: Db, assignmentId: string, pupilId: string): Promise<AssignmentPupil | undefined> {
  return db.selectFrom('assignment_pupils').selectAll().where('assignment_id', '=', assignmentId).where('pupil_id', '=', pupilId).executeTakeFirst();
}

export async function targetedPupils(db: Db, assignmentIds: readonly string[]): Promise<AssignmentPupil[]> {
  if (assignmentIds.length === 0) return [];
  return db.selectFrom('assignment_pupils').selectAll().where('assignment_id', 'in', assignmentIds).orderBy('sort_name').orderBy('pupil_name').execute();
}

// ——— The teacher's documents ———

export async function insertAttachment(db: Db, row: Insertable<Database['assignment_attachments']>): Promise<AssignmentAttachment> {
  return db.insertInto('assignment_attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The documents for the whole class. */
export async function attachmentsOf(db: Db, assignmentIds: readonly string[]): Promise<AssignmentAttachment[]> {
  if (assignmentIds.length === 0) return [];
  return db
    .selectFrom('assignment_attachments')
    .selectAll()
    .where('assignment_id', 'in', assignmentIds)
    .where('pupil_id', 'is', null)
    .orderBy('uploaded_at')
    .execute();
}

/** The teacher's files for one pupil (annotated copies). */
export async function feedbackFilesOf(db: Db, assignmentId: string, pupilId: string): Promise<AssignmentAttachment[]> {
  return db
    .selectFrom('assignment_attachments')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .where('pupil_id', '=', pupilId)
    .orderBy('uploaded_at')
    .execute();
}

export async function findAttachment(db: Db, id: string): Promise<AssignmentAttachment | undefined> {
  return db.selectFrom('assignment_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteAttachment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('assignment_attachments').where('id', '=', id).execute();
}

// ——— Working copy and handed-in versions ———

export async function saveDraft(db: Db, draft: Draft): Promise<void> {
  await db
    .insertInto('drafts')
    .values(draft)
    .onConflict((oc) => oc.columns(['assignment_id', 'pupil_id']).doUpdateSet({ text: draft.text, saved_at: draft.saved_at }))
    .execute();
}

export async function findDraft(db: Db, assignmentId: string, pupilId: string): Promise<Draft | undefined> {
  return db.selectFrom('drafts').selectAll().where('assignment_id', '=', assignmentId).where('pupil_id', '=', pupilId).executeTakeFirst();
}

export async function deleteDraft(db: Db, assignmentId: string, pupilId: string): Promise<void> {
  await db.deleteFrom('drafts').where('assignment_id', '=', assignmentId).where('pupil_id', '=', pupilId).execute();
}

export type NewFile = Omit<SubmissionFile, 'size'> & { size: number };

export async function insertFile(db: Db, row: NewFile): Promise<SubmissionFile> {
  return db.insertInto('submission_files').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findFile(db: Db, id: string): Promise<SubmissionFile | undefined> {
  return db.selectFrom('submission_files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteFile(db: Db, id: string): Promise<void> {
  await db.deleteFrom('submission_files').where('id', '=', id).execute();
}

export async function draftFiles(db: Db, assignmentId: string, pupilId: string): Promise<SubmissionFile[]> {
  return db
    .selectFrom('submission_files')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .where('pupil_id', '=', pupilId)
    .where('submission_id', 'is', null)
    .orderBy('uploaded_at')
    .execute();
}

export async function filesOfSubmissions(db: Db, submissionIds: readonly string[]): Promise<SubmissionFile[]> {
  if (submissionIds.length === 0) return [];
  return db.selectFrom('submission_files').selectAll().where('submission_id', 'in', submissionIds).orderBy('uploaded_at').execute();
}

/** The working copy's files become part of the version: they are never changed afterwards. */
export async function attachDraftFiles(db: Db, assignmentId: string, pupilId: string, submissionId: string): Promise<number> {
  const result = await db
    .updateTable('submission_files')
    .set({ submission_id: submissionId })
    .where('assignment_id', '=', assignmentId)
    .where('pupil_id', '=', pupilId)
    .where('submission_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertSubmission(db: Db, row: Submission): Promise<Submission> {
  return db.insertInto('submissions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function submissionsOf(db: Db, assignmentId: string, pupilIds: readonly string[]): Promise<Submission[]> {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .where('pupil_id', 'in', pupilIds)
    .orderBy('version', 'desc')
    .execute();
}

export async function latestSubmission(db: Db, assignmentId: string, pupilId: string): Promise<Submission | undefined> {
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .where('pupil_id', '=', pupilId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Per pupil of an assignment: whether a working copy exists (text or files), for the DRAFT status. */
export async function pupilsWithDraft(db: Db, assignmentId: string, pupilIds: readonly string[]): Promise<Set<string>> {
  if (pupilIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('drafts')
    .select('pupil_id')
    .where('assignment_id', '=', assignmentId)
    .where('pupil_id', 'in', pupilIds)
    .where('text', '<>', '')
    .union(
      db
        .selectFrom('submission_files')
        .select('pupil_id')
        .where('assignment_id', '=', assignmentId)
        .where('pupil_id', 'in', pupilIds)
        .where('submission_id', 'is', null),
    )
    .execute();
  return new Set(rows.map((row) => row.pupil_id));
}

/** The latest version of every pupil of an assignment (optionally of one class), with its files: the archive. */
export async function latestVersionsWithFiles(db: Db, assignmentId: string, classId: string | null) {
  let query = db
    .selectFrom('assignment_pupils as ap')
    .innerJoin('submissions as s', (join) => join.onRef('s.assignment_id', '=', 'ap.assignment_id').onRef('s.pupil_id', '=', 'ap.pupil_id'))
    .leftJoin('submission_files as f', 'f.submission_id', 's.id')
    .select(['ap.pupil_id', 'ap.pupil_name', 's.id as submission_id', 's.version', 's.text', 's.submitted_at', 's.late', 'f.blob_key', 'f.filename'])
    .where('ap.assignment_id', '=', assignmentId)
    .where(({ eb, selectFrom }) =>
      eb(
        's.version',
        '=',
        selectFrom('submissions as latest')
          .select((inner) => inner.fn.max('latest.version').as('v'))
          .whereRef('latest.assignment_id', '=', 's.assignment_id')
          .whereRef('latest.pupil_id', '=', 's.pupil_id'),
      ),
    );
  if (classId) query = query.where('ap.class_id', '=', classId);
  return query.orderBy('ap.sort_name').orderBy('ap.pupil_name').orderBy('f.uploaded_at').execute();
}

// ——— Marks ———

export async function upsertMark(db: Db, mark: Mark, levels: MarkLevel[]): Promise<void> {
  await db
    .insertInto('marks')
    .values(mark)
    .onConflict((oc) =>
      oc.columns(['assignment_id', 'pupil_id']).doUpdateSet({
        submission_id: mark.submission_id,
        score: mark.score,
        max_score: mark.max_score,
        feedback: mark.feedback,
        marked_by: mark.marked_by,
        marked_at: mark.marked_at,
      }),
    )
    .execute();
  await db.deleteFrom('mark_levels').where('assignment_id', '=', mark.assignment_id).where('pupil_id', '=', mark.pupil_id).execute();
  if (levels.length > 0) await db.insertInto('mark_levels').values(levels).execute();
}

export async function marksOf(db: Db, assignmentId: string, pupilIds: readonly string[]): Promise<Mark[]> {
  if (pupilIds.length === 0) return [];
  return db.selectFrom('marks').selectAll().where('assignment_id', '=', assignmentId).where('pupil_id', 'in', pupilIds).execute();
}

export async function findMarkForUpdate(db: Db, assignmentId: string, pupilId: string): Promise<Mark | undefined> {
  return db.selectFrom('marks').selectAll().where('assignment_id', '=', assignmentId).where('pupil_id', '=', pupilId).forUpdate().executeTakeFirst();
}

export async function markLevelsOf(db: Db, assignmentId: string, pupilIds: readonly string[]): Promise<MarkLevel[]> {
  if (pupilIds.length === 0) return [];
  return db.selectFrom('mark_levels').selectAll().where('assignment_id', '=', assignmentId).where('pupil_id', 'in', pupilIds).execute();
}

/** Returns the marked, not yet returned work of these pupils (all marked ones when pupilIds is null); the pupils concerned. */
export async function returnMarks(db: Db, assignmentId: string, pupilIds: readonly string[] | null, now: Date): Promise<string[]> {
  let query = db.updateTable('marks').set({ returned_at: now }).where('assignment_id', '=', assignmentId).where('returned_at', 'is', null);
  if (pupilIds) {
    if (pupilIds.length === 0) return [];
    query = query.where('pupil_id', 'in', pupilIds);
  }
  const rows = await query.returning('pupil_id').execute();
  return rows.map((row) => row.pupil_id);
}

// ——— Progress, indicators and summaries: computed in SQL ———

/** Per assignment: targeted pupils, those who handed in, marked, returned. */
export async function progressOf(db: Db, assignmentIds: readonly string[]) {
  if (assignmentIds.length === 0) return [];
  return db
    .selectFrom('assignment_pupils as ap')
    .leftJoin('marks as m', (join) => join.onRef('m.assignment_id', '=', 'ap.assignment_id').onRef('m.pupil_id', '=', 'ap.pupil_id'))
    .select((eb) => [
      'ap.assignment_id',
      eb.fn.countAll<string>().as('targeted'),
      sql<string>`count(*) filter (where exists (select 1 from submissions s where s.assignment_id = ap.assignment_id and s.pupil_id = ap.pupil_id))`.as(
        'submitted',
      ),
      sql<string>`count(m.pupil_id)`.as('marked'),
      sql<string>`count(m.returned_at)`.as('returned'),
    ])
    .where('ap.assignment_id', 'in', assignmentIds)
    .groupBy('ap.assignment_id')
    .execute();
}

export interface IndicatorScope {
  establishmentId: string;
  /** Only this teacher's assignments (a teacher looking at their own figures). */
  authorId?: string;
  classId?: string;
}

const scoped = (scope: IndicatorScope) =>
  // biome-ignore lint/suspicious/noExplicitAny: the expression builder of a query joining assignments as a and assignment_pupils as ap
  (eb: any) =>
    eb.and([
      eb('a.establishment_id', '=', scope.establishmentId),
      eb('a.published_at', 'is not', null),
      ...(scope.authorId ? [eb('a.author_id', '=', scope.authorId)] : []),
      ...(scope.classId ? [eb('ap.class_id', '=', scope.classId)] : []),
    ]);

/** Taux de rendu per assignment and class: pupils targeted, pupils with at least one handed-in version. */
export async function submissionRates(db: Db, scope: IndicatorScope) {
  const rows = await db
    .selectFrom('assignment_pupils as ap')
    .innerJoin('assignments as a', 'a.id', 'ap.assignment_id')
    .select([
      'ap.assignment_id',
      'ap.class_id',
      sql<string>`count(*)`.as('targeted'),
      sql<string>`count(*) filter (where exists (select 1 from submissions s where s.assignment_id = ap.assignment_id and s.pupil_id = ap.pupil_id))`.as(
        'submitted',
      ),
    ])
    .where(scoped(scope))
    .groupBy(['ap.assignment_id', 'ap.class_id', 'a.due_at'])
    .orderBy('a.due_at')
    .execute();
  return rows.map((row) => ({ assignmentId: row.assignment_id, classId: row.class_id, targeted: Number(row.targeted), submitted: Number(row.submitted) }));
}

/** Taux de rendu per class over its assignments. */
export async function classSubmissionRates(db: Db, scope: IndicatorScope) {
  const rows = await db
    .selectFrom('assignment_pupils as ap')
    .innerJoin('assignments as a', 'a.id', 'ap.assignment_id')
    .select([
      'ap.class_id',
      sql<string>`count(distinct ap.assignment_id)`.as('assignments'),
      sql<string>`count(*)`.as('targeted'),
      sql<string>`count(*) filter (where exists (select 1 from submissions s where s.assignment_id = ap.assignment_id and s.pupil_id = ap.pupil_id))`.as(
        'submitted',
      ),
    ])
    .where(scoped(scope))
    .groupBy('ap.class_id')
    .execute();
  return rows.map((row) => ({ classId: row.class_id, assignments: Number(row.assignments), targeted: Number(row.targeted), submitted: Number(row.submitted) }));
}

/** Délai moyen de correction per teacher and class: returned − handed in (the version marked), in hours. */
export async function markingDelays(db: Db, scope: IndicatorScope) {
  const rows = await db
    .selectFrom('marks as m')
    .innerJoin('submissions as s', 's.id', 'm.submission_id')
    .innerJoin('assignments as a', 'a.id', 'm.assignment_id')
    .innerJoin('assignment_pupils as ap', (join) => join.onRef('ap.assignment_id', '=', 'm.assignment_id').onRef('ap.pupil_id', '=', 'm.pupil_id'))
    .select([
      'a.author_id',
      'ap.class_id',
      sql<string>`count(*)`.as('returned'),
      sql<number>`avg(extract(epoch from (m.returned_at - s.submitted_at))) / 3600.0`.as('average_hours'),
    ])
    .where(scoped(scope))
    .where('m.returned_at', 'is not', null)
    .groupBy(['a.author_id', 'ap.class_id'])
    .execute();
  return rows.map((row) => ({ teacherId: row.author_id, classId: row.class_id, returned: Number(row.returned), averageHours: Number(row.average_hours) }));
}

/** For the home page, per pupil: published and open assignments due within the window and not handed in; work returned recently. */
export async function pupilSummaries(db: Db, pupilIds: readonly string[], now: Date, until: Date, returnedSince: Date) {
  if (pupilIds.length === 0) return [];
  const rows = await db
    .selectFrom('assignment_pupils as ap')
    .innerJoin('assignments as a', 'a.id', 'ap.assignment_id')
    .leftJoin('marks as m', (join) => join.onRef('m.assignment_id', '=', 'ap.assignment_id').onRef('m.pupil_id', '=', 'ap.pupil_id'))
    .select([
      'ap.pupil_id',
      'a.establishment_id',
      sql<string>`count(*) filter (where a.due_at > ${now} and a.due_at <= ${until}
        and not exists (select 1 from submissions s where s.assignment_id = ap.assignment_id and s.pupil_id = ap.pupil_id))`.as('due_soon'),
      sql<string>`count(*) filter (where m.returned_at >= ${returnedSince})`.as('returned_recently'),
    ])
    .where('ap.pupil_id', 'in', pupilIds)
    .where('a.published_at', 'is not', null)
    .where('a.opens_at', '<=', now)
    .groupBy(['ap.pupil_id', 'a.establishment_id'])
    .execute();
  return rows.map((row) => ({ pupilId: row.pupil_id, establishmentId: row.establishment_id, dueSoon: Number(row.due_soon), returnedRecently: Number(row.returned_recently) }));
}

/** For the home page, per teacher: targeted pupils with a handed-in version and no mark yet. */
export async function toMarkCounts(db: Db, authorIds: readonly string[]) {
  if (authorIds.length === 0) return [];
  const rows = await db
    .selectFrom('assignment_pupils as ap')
    .innerJoin('assignments as a', 'a.id', 'ap.assignment_id')
    .select(['a.author_id', 'a.establishment_id', sql<string>`count(*)`.as('to_mark')])
    .where('a.author_id', 'in', authorIds)
    .where(sql<boolean>`exists (select 1 from submissions s where s.assignment_id = ap.assignment_id and s.pupil_id = ap.pupil_id)`)
    .where(sql<boolean>`not exists (select 1 from marks m where m.assignment_id = ap.assignment_id and m.pupil_id = ap.pupil_id)`)
    .groupBy(['a.author_id', 'a.establishment_id'])
    .execute();
  return rows.map((row) => ({ authorId: row.author_id, establishmentId: row.establishment_id, toMark: Number(row.to_mark) }));
}

export async function countAssignments(db: Db): Promise<number> {
  const row = await db.selectFrom('assignments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
