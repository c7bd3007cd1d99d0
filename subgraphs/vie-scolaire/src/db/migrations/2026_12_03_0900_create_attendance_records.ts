import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attendance_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pupil_id', 'text', (c) => c.notNull())
    .addColumn('class_id', 'text', (c) => c.notNull())
    .addColumn('establishment_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ABSENCE', 'LATENESS')`))
    .addColumn('lesson_date', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('minutes_late', 'integer')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('justification_reason', 'text')
    .addColumn('justification_comment', 'text')
    .addColumn('justified_at', 'timestamptz')
    .addColumn('justified_by', 'text')
    .addColumn('handled_at', 'timestamptz')
    .addColumn('handled_by', 'text')
    .addColumn('created_seq', 'serial', (c) => c.notNull())
    // One record per pupil and lesson slot: a second one is a CONFLICT, not a duplicate.
    .addUniqueConstraint('attendance_records_pupil_slot', ['pupil_id', 'lesson_date', 'slot'])
    .execute();
  await db.schema.createIndex('attendance_records_pupil').on('attendance_records').columns(['pupil_id', 'lesson_date']).execute();
  await db.schema.createIndex('attendance_records_class').on('attendance_records').columns(['class_id', 'lesson_date']).execute();
  await db.schema
    .createIndex('attendance_records_follow_up')
    .on('attendance_records')
    .columns(['establishment_id', 'handled_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attendance_records').execute();
}
