import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Ids of people, classes, groups and establishments belong to the annuaire: no foreign keys to them.
  await db.schema
    .createTable('rubrics')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rubrics_author_idx').on('rubrics').column('author_id').execute();
  await db.schema.createIndex('rubrics_establishment_idx').on('rubrics').columns(['establishment_id', 'shared']).execute();

  await db.schema
    .createTable('rubric_criteria')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('rubric_id', 'uuid', (c) => c.notNull().references('rubrics.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rubric_criteria_rubric_idx').on('rubric_criteria').columns(['rubric_id', 'position']).execute();

  await db.schema
    .createTable('rubric_levels')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('criterion_id', 'uuid', (c) => c.notNull().references('rubric_criteria.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('descriptor', 'text')
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addCheckConstraint('rubric_levels_points', sql`points >= 0 and points <= 1000`)
    .execute();
  await db.schema.createIndex('rubric_levels_criterion_idx').on('rubric_levels').columns(['criterion_id', 'position']).execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('class_id', 'uuid')
    .addColumn('group_id', 'uuid')
    .addColumn('chosen_pupil_ids', 'jsonb')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('instructions_html', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submission_mode', 'text', (c) => c.notNull())
    .addColumn('allowed_kinds', 'jsonb', (c) => c.notNull())
    .addColumn('max_bytes', 'integer', (c) => c.notNull())
    .addColumn('allow_resubmission', 'boolean', (c) => c.notNull())
    .addColumn('late_policy', 'text', (c) => c.notNull())
    .addColumn('rubric_id', 'uuid', (c) => c.references('rubrics.id'))
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('assignments_one_target', sql`num_nonnulls(class_id, group_id) = 1`)
    .addCheckConstraint('assignments_dates', sql`due_at > opens_at`)
    .execute();
  await db.schema.createIndex('assignments_author_idx').on('assignments').columns(['author_id', 'due_at']).execute();
  await db.schema.createIndex('assignments_establishment_idx').on('assignments').columns(['establishment_id', 'due_at']).execute();

  await db.schema
    .createTable('assignment_pupils')
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('pupil_name', 'text', (c) => c.notNull())
    .addColumn('class_id', 'uuid')
    .addPrimaryKeyConstraint('assignment_pupils_pk', ['assignment_id', 'pupil_id'])
    .execute();
  // A pupil's list and the home-page summary look assignments up by pupil.
  await db.schema.createIndex('assignment_pupils_pupil_idx').on('assignment_pupils').column('pupil_id').execute();

  await db.schema
    .createTable('drafts')
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('drafts_pk', ['assignment_id', 'pupil_id'])
    .execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    .addUniqueConstraint('submissions_version_unique', ['assignment_id', 'pupil_id', 'version'])
    .execute();
  await db.schema.createIndex('submissions_pupil_idx').on('submissions').column('pupil_id').execute();

  await db.schema
    .createTable('submission_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('submission_id', 'uuid', (c) => c.references('submissions.id').onDelete('cascade'))
    .addColumn('blob_key', 'text', (c) => c.notNull().unique())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('submission_files_work_idx').on('submission_files').columns(['assignment_id', 'pupil_id']).execute();
  await db.schema.createIndex('submission_files_submission_idx').on('submission_files').column('submission_id').execute();

  await db.schema
    .createTable('marks')
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('submission_id', 'uuid', (c) => c.references('submissions.id'))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('max_score', 'double precision', (c) => c.notNull())
    .addColumn('feedback', 'text')
    .addColumn('marked_by', 'uuid', (c) => c.notNull())
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('returned_at', 'timestamptz')
    .addPrimaryKeyConstraint('marks_pk', ['assignment_id', 'pupil_id'])
    .execute();
  await db.schema.createIndex('marks_pupil_idx').on('marks').column('pupil_id').execute();

  await db.schema
    .createTable('mark_levels')
    .addColumn('assignment_id', 'uuid', (c) => c.notNull())
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('criterion_id', 'uuid', (c) => c.notNull().references('rubric_criteria.id'))
    .addColumn('level_id', 'uuid', (c) => c.notNull().references('rubric_levels.id'))
    .addPrimaryKeyConstraint('mark_levels_pk', ['assignment_id', 'pupil_id', 'criterion_id'])
    .addForeignKeyConstraint('mark_levels_mark_fk', ['assignment_id', 'pupil_id'], 'marks', ['assignment_id', 'pupil_id'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'mark_levels',
    'marks',
    'submission_files',
    'submissions',
    'drafts',
    'assignment_pupils',
    'assignments',
    'rubric_levels',
    'rubric_criteria',
    'rubrics',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
