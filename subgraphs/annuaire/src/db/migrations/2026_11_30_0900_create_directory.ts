import { type Kysely, sql } from 'kysely';

// Migrations take Kysely<any>: they describe the schema as it was then, not today's typed Database.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('establishments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('uai', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('mfa_required', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('classes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('establishment_id', 'uuid', (c) => c.notNull().references('establishments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('academic_year', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('classes_establishment_year_name_key', ['establishment_id', 'academic_year', 'name'])
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('establishment_id', 'uuid', (c) => c.notNull().references('establishments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('academic_year', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('groups_establishment_year_name_key', ['establishment_id', 'academic_year', 'name'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enrolled_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ACTIVE'))
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deactivated_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('users_last_first_idx').on('users').columns(['last_name', 'first_name']).execute();

  // establishment_id is null only for ADMIN_DEPARTEMENT, which spans the whole département.
  await db.schema
    .createTable('user_profiles')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('establishment_id', 'uuid', (c) => c.references('establishments.id'))
    .addColumn('function_label', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index user_profiles_unique on user_profiles (user_id, profile, coalesce(establishment_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(
    db,
  );
  await db.schema.createIndex('user_profiles_establishment_idx').on('user_profiles').columns(['establishment_id', 'profile']).execute();

  await db.schema
    .createTable('class_members')
    .addColumn('class_id', 'uuid', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('class_members_pkey', ['class_id', 'user_id'])
    .execute();
  await db.schema.createIndex('class_members_user_idx').on('class_members').column('user_id').execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('group_members_pkey', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user_idx').on('group_members').column('user_id').execute();

  await db.schema
    .createTable('family_links')
    .addColumn('parent_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('child_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('legal_guardian', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('relationship', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('family_links_pkey', ['parent_id', 'child_id'])
    .addCheckConstraint('family_links_not_self', sql`parent_id <> child_id`)
    .execute();
  await db.schema.createIndex('family_links_child_idx').on('family_links').column('child_id').execute();

  // A teacher teaches a subject to a class or to a group (exactly one of the two).
  await db.schema
    .createTable('teaching_assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('teacher_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('class_id', 'uuid', (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('group_id', 'uuid', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('head_teacher', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('teaching_assignments_one_target', sql`(class_id is null) <> (group_id is null)`)
    .execute();
  await sql`create unique index teaching_assignments_unique on teaching_assignments (teacher_id, coalesce(class_id, group_id), subject)`.execute(
    db,
  );
  await db.schema.createIndex('teaching_assignments_class_idx').on('teaching_assignments').column('class_id').execute();
  await db.schema.createIndex('teaching_assignments_group_idx').on('teaching_assignments').column('group_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'teaching_assignments',
    'family_links',
    'group_members',
    'class_members',
    'user_profiles',
    'users',
    'groups',
    'classes',
    'establishments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
