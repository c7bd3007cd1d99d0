import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // The teacher's documents for an assignment (a worksheet, a text to study): a row per blob, written after it.
  await db.schema
    .createTable('assignment_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('assignment_id', 'uuid', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('blob_key', 'text', (c) => c.notNull().unique())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignment_attachments_assignment_idx').on('assignment_attachments').column('assignment_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assignment_attachments').execute();
}
