import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Class lists read in the order of the register: last name, then first name (« Bernard Lucas »).
  await db.schema.alterTable('assignment_pupils').addColumn('sort_name', 'text', (c) => c.notNull().defaultTo('')).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assignment_pupils').dropColumn('sort_name').execute();
}
