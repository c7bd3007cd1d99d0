import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('establishment_settings')
    .addColumn('establishment_id', 'uuid', (c) => c.primaryKey())
    .addColumn('rules', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('quiet_start', 'text')
    .addColumn('quiet_end', 'text')
    .addColumn('quiet_weekends', 'boolean')
    .addColumn('updated_by', 'uuid', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('sender_id', 'uuid', (c) => c.notNull())
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('urgent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('read_receipt', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('addressed', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('draft_recipients', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('concerning', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('in_reply_to', 'uuid')
    .addColumn('forward_of', 'uuid')
    .addColumn('recipient_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deliver_at', 'timestamptz')
    .addColumn('recalled_at', 'timestamptz')
    // Full-text search in French (stemming: « sorties » finds « sortie »), over subject, body and names.
    .addColumn('search', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
    .execute();
  await db.schema.createIndex('messages_search_idx').on('messages').using('gin').column('search').execute();
  await db.schema.createIndex('messages_conversation_idx').on('messages').column('conversation_id').execute();
  // Rate limits count a sender's recent messages.
  await db.schema.createIndex('messages_sender_idx').on('messages').columns(['sender_id', 'deliver_at']).execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('is_sender', 'boolean', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('previous_folder', 'text')
    .addColumn('unread', 'boolean', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .addColumn('concerning', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('concerning_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('deliver_at', 'timestamptz', (c) => c.notNull())
    .addColumn('notified_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .addPrimaryKeyConstraint('deliveries_pk', ['message_id', 'user_id'])
    .execute();
  // The mailbox query: one person's folder, newest first.
  await db.schema.createIndex('deliveries_mailbox_idx').on('deliveries').columns(['user_id', 'folder', 'deliver_at']).execute();
  await db.schema.createIndex('deliveries_conversation_idx').on('deliveries').columns(['conversation_id', 'user_id']).execute();
  await sql`create index deliveries_unread_idx on deliveries (user_id) where unread and folder = 'INBOX'`.execute(db);

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('message_id', 'uuid', (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('blob_key', 'text', (c) => c.notNull().unique())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_message_idx').on('attachments').column('message_id').execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('reporter_id', 'uuid', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('reports_once', ['message_id', 'reporter_id'])
    .execute();
  await db.schema.createIndex('reports_establishment_idx').on('reports').columns(['establishment_id', 'created_at']).execute();

  await db.schema
    .createTable('suspensions')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('establishment_id', 'uuid', (c) => c.notNull())
    .addColumn('suspended_by', 'uuid', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('suspensions_pk', ['user_id', 'establishment_id'])
    .execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey())
    .addColumn('email', 'text')
    .addColumn('email_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notification_settings', 'suspensions', 'reports', 'attachments', 'deliveries', 'messages', 'conversations', 'establishment_settings']) {
    await db.schema.dropTable(table).execute();
  }
}
