import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Ids of people, classes, groups and establishments belong to the annuaire: no foreign keys to them.
  await db.schema
    .createTable('lessons')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('class_id', 'uuid')
    .addColumn('group_id', 'uuid')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content_html', 'text', (c) => c.notNull())
    .addColumn('objectives', 'text')
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('publish_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('lessons_one_target', sql`num_nonnulls(class_id, group_id) = 1`)
    .execute();
  await db.schema.createIndex('lessons_class_idx').on('lessons').columns(['class_id', 'starts_at']).execute();
  await db.schema.createIndex('lessons_group_idx').on('lessons').columns(['group_id', 'starts_at']).execute();
  await db.schema.createIndex('lessons_author_idx').on('lessons').columns(['author_id', 'starts_at']).execute();

  await db.schema
    .createTable('homework')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('lesson_id', 'uuid', (c) => c.references('lessons.id').onDelete('cascade'))
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('class_id', 'uuid')
    .addColumn('group_id', 'uuid')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('estimated_minutes', 'integer', (c) => c.notNull())
    .addColumn('instructions_html', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('publish_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('homework_one_target', sql`num_nonnulls(class_id, group_id) = 1`)
    .addCheckConstraint('homework_minutes', sql`estimated_minutes between 0 and 600`)
    .execute();
  // The pupil's « À faire »: homework of a few targets from a date on.
  await db.schema.createIndex('homework_class_due_idx').on('homework').columns(['class_id', 'due_date']).execute();
  await db.schema.createIndex('homework_group_due_idx').on('homework').columns(['group_id', 'due_date']).execute();
  await db.schema.createIndex('homework_lesson_idx').on('homework').column('lesson_id').execute();

  await db.schema
    .createTable('homework_done')
    .addColumn('homework_id', 'uuid', (c) => c.notNull().references('homework.id').onDelete('cascade'))
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('homework_done_pk', ['homework_id', 'pupil_id'])
    .execute();

  await db.schema
    .createTable('revisions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'uuid', (c) => c.notNull())
    .addColumn('edited_by', 'uuid', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz', (c) => c.notNull())
    .addColumn('previous', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revisions_entity_idx').on('revisions').columns(['entity', 'entity_id', 'edited_at']).execute();

  await db.schema
    .createTable('templates')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content_html', 'text', (c) => c.notNull())
    .addColumn('objectives', 'text')
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('templates_establishment_idx').on('templates').columns(['establishment_id', 'subject']).execute();

  await db.schema
    .createTable('visas')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('class_id', 'uuid', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'uuid', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('visas_class_idx').on('visas').columns(['class_id', 'period_from']).execute();

  await db.schema
    .createTable('workload_settings')
    .addColumn('establishment_id', 'uuid', (c) => c.primaryKey())
    .addColumn('daily_threshold_minutes', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('owner_id', 'uuid', (c) => c.notNull())
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('target_ids', 'jsonb', (c) => c.notNull())
    .addColumn('establishment_ids', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('calendar_feeds_owner_idx').on('calendar_feeds').column('owner_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['calendar_feeds', 'workload_settings', 'visas', 'templates', 'revisions', 'homework_done', 'homework', 'lessons']) {
    await db.schema.dropTable(table).execute();
  }
}
