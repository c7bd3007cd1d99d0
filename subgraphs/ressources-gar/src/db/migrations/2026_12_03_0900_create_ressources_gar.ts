import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Ids of people, classes and establishments belong to the annuaire: no foreign keys to them.
  await db.schema
    .createTable('affectation_managers')
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('affectation_managers_pk', ['establishment_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('gar_exports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
    .addColumn('archive', 'text')
    .addColumn('md5', 'text')
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gar_exports_started_idx').on('gar_exports').column('started_at').execute();

  await db.schema
    .createTable('resource_lists')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('resources', 'jsonb', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_lists_pk', ['user_id', 'establishment_id'])
    .execute();

  await db.schema
    .createTable('resource_sightings')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_sightings_pk', ['user_id', 'resource_id'])
    .execute();

  await db.schema
    .createTable('favourites')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('pinned', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('favourites_pk', ['user_id', 'resource_id'])
    .execute();

  await db.schema
    .createTable('recommendations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('class_id', 'uuid', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_title', 'text', (c) => c.notNull())
    .addColumn('teacher_id', 'uuid', (c) => c.notNull())
    .addColumn('teacher_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('recommendations_once', ['class_id', 'resource_id', 'teacher_id'])
    .execute();
  await db.schema.createIndex('recommendations_class_idx').on('recommendations').column('class_id').execute();

  await db.schema
    .createTable('lti_tools')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('login_url', 'text', (c) => c.notNull())
    .addColumn('launch_url', 'text', (c) => c.notNull())
    .addColumn('jwks_url', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('lti_tools_client', ['establishment_id', 'client_id', 'deployment_id'])
    .execute();

  await db.schema
    .createTable('platform_keys')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('private_pem', 'text', (c) => c.notNull())
    .addColumn('public_pem', 'text', (c) => c.notNull())
    .addColumn('certificate_pem', 'text')
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('launch_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['launch_tickets', 'platform_keys', 'lti_tools', 'recommendations', 'favourites', 'resource_sightings', 'resource_lists', 'gar_exports', 'affectation_managers']) {
    await db.schema.dropTable(table).execute();
  }
}
