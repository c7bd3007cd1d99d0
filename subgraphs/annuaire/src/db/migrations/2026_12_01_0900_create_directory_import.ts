import { type Kysely, sql } from 'kysely';

/** Rows the AAF import manages carry the feed identifier that manages them; hand-made rows keep null. */
const SOURCED_TABLES = ['user_profiles', 'class_members', 'group_members', 'family_links', 'teaching_assignments'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // What the directory keeps of a person beyond a name: birth date and INE (duplicate detection, GAR
  // export, the école → collège continuity of a pupil), a normalised name key and a fingerprint of
  // the postal address (duplicate detection without keeping the address itself), and the retention dates.
  await db.schema
    .alterTable('users')
    .addColumn('birth_date', 'date')
    .addColumn('ine', 'text')
    .addColumn('name_key', 'text')
    .addColumn('address_key', 'text')
    .addColumn('personal_data_purge_at', 'timestamptz')
    .addColumn('purged_at', 'timestamptz')
    .addColumn('merged_into', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await sql`create index users_name_key_idx on users (name_key) where name_key is not null`.execute(db);
  await sql`create index users_ine_idx on users (ine) where ine is not null`.execute(db);
  await sql`create index users_purge_due_idx on users (personal_data_purge_at) where personal_data_purge_at is not null and purged_at is null`.execute(
    db,
  );

  // Whether the feed lists the establishment's classes and groups (secondary feeds do, primary ones
  // usually not): when it does, a pupil in an unlisted class is an error; when not, classes come from pupils.
  await db.schema
    .alterTable('establishments')
    .addColumn('aaf_declares_classes', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('aaf_declares_groups', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index establishments_external_id_idx on establishments (external_id) where external_id is not null`.execute(db);
  await sql`create index classes_external_id_idx on classes (establishment_id, academic_year, external_id) where external_id is not null`.execute(
    db,
  );
  await sql`create index groups_external_id_idx on groups (establishment_id, academic_year, external_id) where external_id is not null`.execute(
    db,
  );

  for (const table of SOURCED_TABLES) {
    await db.schema.alterTable(table).addColumn('source_external_id', 'text').execute();
    await sql`create index ${sql.id(`${table}_source_idx`)} on ${sql.table(table)} (source_external_id) where source_external_id is not null`.execute(
      db,
    );
  }

  // Every feed identifier (ENTPersonJointure, academy prefix kept) that designates an account. Several
  // when one person came from two feeds (a merge, or a pupil followed by INE from école to collège).
  await db.schema
    .createTable('user_external_ids')
    .addColumn('external_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('user_external_ids_user_idx').on('user_external_ids').column('user_id').execute();

  // A pupil's relatives as the feed declares them (ENTElevePersRelEleve), whether or not the relative's
  // own record has arrived yet: the family link is made when both accounts exist.
  await db.schema
    .createTable('directory_pupil_relations')
    .addColumn('child_external_id', 'text', (c) => c.notNull())
    .addColumn('parent_external_id', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text')
    .addColumn('legal_guardian', 'boolean', (c) => c.notNull())
    .addColumn('financial', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('contact', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('directory_pupil_relations_pkey', ['child_external_id', 'parent_external_id'])
    .execute();
  await db.schema
    .createIndex('directory_pupil_relations_parent_idx')
    .on('directory_pupil_relations')
    .column('parent_external_id')
    .execute();

  // Class history: class_members says where a pupil is now; enrolments say where they were, and when.
  await db.schema
    .createTable('class_enrolments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('class_id', 'uuid', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('run_id', 'uuid')
    .execute();
  await db.schema.createIndex('class_enrolments_user_idx').on('class_enrolments').columns(['user_id', 'started_at']).execute();
  await sql`create unique index class_enrolments_open_key on class_enrolments (user_id, class_id) where ended_at is null`.execute(db);

  await db.schema
    .createTable('directory_subjects')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('national_code', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('directory_mefs')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('stat11', 'text')
    .addColumn('level', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('directory_import_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'boolean', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('academic_year', 'text', (c) => c.notNull())
    .addColumn('files', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('summary', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('establishments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('directory_import_runs_started_idx').on('directory_import_runs').column('started_at').execute();
  // One import at a time, whichever process starts it (the command line, the nightly job, a replica).
  await sql`create unique index directory_import_runs_one_running on directory_import_runs ((true)) where status = 'RUNNING'`.execute(db);

  // The import journal: one row per entity changed by a run, with what it was and what it became. Merges
  // decided by an administrator are journaled here too, without a run.
  await db.schema
    .createTable('directory_import_journal')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'uuid')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'uuid')
    .addColumn('external_id', 'text')
    .addColumn('establishment_id', 'uuid')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('file', 'text')
    .addColumn('line', 'integer')
    .execute();
  await db.schema.createIndex('directory_import_journal_entity_idx').on('directory_import_journal').columns(['entity_id', 'id']).execute();
  await db.schema.createIndex('directory_import_journal_run_idx').on('directory_import_journal').columns(['run_id', 'id']).execute();

  await db.schema
    .createTable('directory_duplicate_candidates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('other_user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reasons', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('OPEN'))
    .addColumn('detected_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'uuid')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'text')
    .addColumn('kept_user_id', 'uuid')
    .addUniqueConstraint('directory_duplicate_candidates_pair_key', ['user_id', 'other_user_id'])
    .addCheckConstraint('directory_duplicate_candidates_ordered', sql`user_id < other_user_id`)
    .execute();
  await db.schema
    .createIndex('directory_duplicate_candidates_status_idx')
    .on('directory_duplicate_candidates')
    .columns(['status', 'detected_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'directory_duplicate_candidates',
    'directory_import_journal',
    'directory_import_runs',
    'directory_mefs',
    'directory_subjects',
    'class_enrolments',
    'directory_pupil_relations',
    'user_external_ids',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  for (const table of SOURCED_TABLES) await db.schema.alterTable(table).dropColumn('source_external_id').execute();
  await sql`drop index if exists groups_external_id_idx`.execute(db);
  await sql`drop index if exists classes_external_id_idx`.execute(db);
  await sql`drop index if exists establishments_external_id_idx`.execute(db);
  await db.schema.alterTable('establishments').dropColumn('aaf_declares_classes').dropColumn('aaf_declares_groups').execute();
  await db.schema
    .alterTable('users')
    .dropColumn('merged_into')
    .dropColumn('purged_at')
    .dropColumn('personal_data_purge_at')
    .dropColumn('address_key')
    .dropColumn('name_key')
    .dropColumn('ine')
    .dropColumn('birth_date')
    .execute();
}
