import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // A teacher's document for one pupil (the annotated copy returned with the mark); null: for the whole class.
  await db.schema.alterTable('assignment_attachments').addColumn('pupil_id', 'uuid').execute();
  await db.schema.createIndex('assignment_attachments_pupil_idx').on('assignment_attachments').columns(['assignment_id', 'pupil_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('assignment_attachments_pupil_idx').execute();
  await db.schema.alterTable('assignment_attachments').dropColumn('pupil_id').execute();
}
