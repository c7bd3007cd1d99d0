import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // The bytes live in the blob store; a row points to exactly one blob and is written after it is whole.
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('lesson_id', 'uuid', (c) => c.references('lessons.id').onDelete('cascade'))
    .addColumn('homework_id', 'uuid', (c) => c.references('homework.id').onDelete('cascade'))
    .addColumn('blob_key', 'text', (c) => c.notNull().unique())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_lesson_idx').on('attachments').column('lesson_id').execute();
  await db.schema.createIndex('attachments_homework_idx').on('attachments').column('homework_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
}
