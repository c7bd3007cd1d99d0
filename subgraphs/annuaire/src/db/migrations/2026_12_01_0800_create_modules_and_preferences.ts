import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Modules in waves: each row is one decision, effective from a time; the latest in effect wins.
  // Keeping every decision gives the history for free and lets a change be scheduled ahead.
  await db.schema
    .createTable('module_activation_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull().references('establishments.id').onDelete('cascade'))
    .addColumn('module_id', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addColumn('effective_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('module_activation_changes_lookup_idx')
    .on('module_activation_changes')
    .columns(['module_id', 'establishment_id', 'effective_at'])
    .execute();

  // Accessibility preferences follow the person from one device to the next.
  await db.schema
    .createTable('user_preferences')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('large_text', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('high_contrast', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('dyslexia_font', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reduced_motion', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_preferences').execute();
  await db.schema.dropTable('module_activation_changes').execute();
}
