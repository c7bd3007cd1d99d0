import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Ids of people, classes, groups and establishments belong to the annuaire: no foreign keys to them.
  await db.schema
    .createTable('forms')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'boolean', (c) => c.notNull())
    .addColumn('both_guardians', 'boolean', (c) => c.notNull())
    .addColumn('audience_profile', 'text', (c) => c.notNull())
    .addColumn('audience_class_ids', 'jsonb', (c) => c.notNull())
    .addColumn('audience_group_ids', 'jsonb', (c) => c.notNull())
    .addColumn('audience_whole', 'boolean', (c) => c.notNull())
    .addColumn('template_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('retention_warned_at', 'timestamptz')
    .addColumn('purged_at', 'timestamptz')
    .addCheckConstraint('forms_status', sql`status in ('DRAFT', 'OPEN', 'CLOSED')`)
    .addCheckConstraint('forms_retention', sql`retention_days between 1 and 1095`)
    .execute();
  await db.schema.createIndex('forms_author_idx').on('forms').columns(['author_id', 'created_at']).execute();
  await db.schema.createIndex('forms_establishment_idx').on('forms').columns(['establishment_id', 'status']).execute();

  await db.schema
    .createTable('form_sections')
    .addColumn('form_id', 'uuid', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('form_sections_pk', ['form_id', 'position'])
    .execute();

  await db.schema
    .createTable('form_questions')
    .addColumn('form_id', 'uuid', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('section_position', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('help', 'text')
    .addColumn('required', 'boolean', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('condition_key', 'text')
    .addColumn('condition_equals', 'text')
    .addColumn('resource_id', 'uuid')
    .addPrimaryKeyConstraint('form_questions_pk', ['form_id', 'key'])
    .execute();

  await db.schema
    .createTable('audience_members')
    .addColumn('form_id', 'uuid', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('pupil_id', 'uuid', (c) => c.notNull())
    .addColumn('pupil_name', 'text', (c) => c.notNull())
    .addColumn('class_name', 'text')
    .addColumn('guardian_ids', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('audience_members_pk', ['form_id', 'pupil_id'])
    .execute();
  // formsToAnswer: a pupil's or a parent's children's open forms.
  await db.schema.createIndex('audience_members_pupil_idx').on('audience_members').column('pupil_id').execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('form_id', 'uuid', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('respondent_id', 'uuid')
    .addColumn('respondent_name', 'text')
    .addColumn('child_id', 'uuid')
    .addColumn('child_name', 'text')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('responses_form_idx').on('responses').columns(['form_id', 'submitted_at']).execute();

  await db.schema
    .createTable('answered')
    .addColumn('form_id', 'uuid', (c) => c.notNull().references('forms.id').onDelete('cascade'))
    .addColumn('respondent_id', 'uuid', (c) => c.notNull())
    .addColumn('subject_id', 'uuid', (c) => c.notNull())
    .addColumn('respondent_key', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull())
    // One response per child (or per guardian and child when both sign): the database refuses a second.
    .addPrimaryKeyConstraint('answered_pk', ['form_id', 'subject_id', 'respondent_key'])
    .execute();
  await db.schema.createIndex('answered_respondent_idx').on('answered').columns(['respondent_id', 'form_id']).execute();

  await db.schema
    .createTable('answers')
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('form_id', 'uuid', (c) => c.notNull())
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('values', 'jsonb')
    .addColumn('number_value', 'double precision')
    .addPrimaryKeyConstraint('answers_pk', ['response_id', 'question_key'])
    .execute();
  // Statistics per question are one grouped scan of a form's answers.
  await db.schema.createIndex('answers_form_idx').on('answers').columns(['form_id', 'question_key']).execute();

  await db.schema
    .createTable('signatures')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('form_id', 'uuid', (c) => c.notNull())
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('signer_id', 'uuid', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('child_id', 'uuid')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('consent', 'boolean', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addCheckConstraint('signatures_consent', sql`consent`)
    .addCheckConstraint('signatures_decision', sql`decision in ('AUTHORISED', 'REFUSED')`)
    .execute();
  await db.schema.createIndex('signatures_form_idx').on('signatures').columns(['form_id', 'child_id']).execute();

  await db.schema
    .createTable('resources')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('resources_capacity', sql`capacity between 1 and 1000`)
    .execute();
  await db.schema.createIndex('resources_establishment_idx').on('resources').column('establishment_id').execute();

  await db.schema
    .createTable('slots')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('resource_id', 'uuid', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    // The last line of defence against overbooking: whatever the code does, the row cannot hold more.
    .addCheckConstraint('slots_not_overbooked', sql`booked >= 0 and booked <= capacity`)
    .addCheckConstraint('slots_order', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('slots_resource_idx').on('slots').columns(['resource_id', 'starts_at']).execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('slot_id', 'uuid', (c) => c.notNull().references('slots.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .addColumn('response_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cancelled_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('bookings_person_idx').on('bookings').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('bookings_slot_idx').on('bookings').column('slot_id').execute();
  // One active booking per person and slot.
  await sql`create unique index bookings_one_per_person on bookings (slot_id, person_id) where cancelled_at is null`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('recipient_id', 'uuid', (c) => c.notNull())
    .addColumn('recipient_kind', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('form_id', 'uuid', (c) => c.references('forms.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_recipient_idx').on('notifications').columns(['recipient_id', 'created_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notifications', 'bookings', 'slots', 'resources', 'signatures', 'answers', 'answered', 'responses', 'audience_members', 'form_questions', 'form_sections', 'forms']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
