import { type Insertable, type Kysely, sql } from 'kysely';
import type {
  Addressee,
  AttachmentsTable,
  Database,
  Delivery,
  Folder,
  Message,
  NewDelivery,
  NewMessage,
  PupilLabel,
} from '../db/database.js';

/** All messagerie SQL lives here: plain functions taking the database (or a transaction) first. */
export type Db = Kysely<Database>;

const json = (value: unknown) => JSON.stringify(value);

// ——— Establishment settings ———

export function findSettings(db: Db, establishmentIds: readonly string[]) {
  if (establishmentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('establishment_settings').selectAll().where('establishment_id', 'in', establishmentIds).execute();
}

export async function saveSettings(
  db: Db,
  row: { establishment_id: string; rules: Record<string, boolean>; quiet_start: string; quiet_end: string; quiet_weekends: boolean; updated_by: string; updated_at: Date },
) {
  const values = { ...row, rules: json(row.rules) };
  await db
    .insertInto('establishment_settings')
    .values(values)
    .onConflict((oc) => oc.column('establishment_id').doUpdateSet({ ...values }))
    .execute();
}

// ——— Messages ———

export async function insertConversation(db: Db, row: { id: string; establishment_id: string; subject: string; created_at: Date }) {
  await db.insertInto('conversations').values(row).execute();
}

export function findConversation(db: Db, id: string) {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface MessageValues extends Omit<NewMessage, 'addressed' | 'draft_recipients' | 'concerning'> {
  addressed: Addressee[];
  draft_recipients: string[];
  concerning: PupilLabel[];
}

/** Writes the message and its French search vector (subject, body, sender and addressees' names). */
export async function insertMessage(db: Db, values: MessageValues): Promise<Message> {
  const row = await db
    .insertInto('messages')
    .values({
      ...values,
      addressed: json(values.addressed),
      draft_recipients: json(values.draft_recipients),
      concerning: json(values.concerning),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await updateSearch(db, row.id);
  return row;
}

export async function updateDraft(db: Db, id: string, values: Omit<MessageValues, 'id' | 'conversation_id' | 'created_at' | 'status' | 'sender_id' | 'sender_name' | 'recipient_count' | 'deliver_at' | 'recalled_at'>) {
  const row = await db
    .updateTable('messages')
    .set({
      ...values,
      addressed: json(values.addressed),
      draft_recipients: json(values.draft_recipients),
      concerning: json(values.concerning),
    })
    .where('id', '=', id)
    .where('status', '=', 'DRAFT')
    .returningAll()
    .executeTakeFirstOrThrow();
  await updateSearch(db, id);
  return row;
}

async function updateSearch(db: Db, id: string) {
  await sql`
    update messages set search =
      setweight(to_tsvector('french', subject), 'A') ||
      setweight(to_tsvector('french', body_text), 'B') ||
      setweight(to_tsvector('french', sender_name || ' ' || coalesce((select string_agg(a->>'label', ' ') from jsonb_array_elements(addressed) a), '')), 'C')
    where id = ${id}`.execute(db);
}

export function findMessage(db: Db, id: string) {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export function messagesByIds(db: Db, ids: readonly string[]) {
  return db.selectFrom('messages').selectAll().where('id', 'in', ids).execute();
}

export async function deleteMessage(db: Db, id: string) {
  await db.deleteFrom('messages').where('id', '=', id).execute();
}

export async function deleteConversationIfEmpty(db: Db, id: string) {
  await db
    .deleteFrom('conversations')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('messages').select('id').where('conversation_id', '=', id))))
    .execute();
}

/**
 * Deliveries in one statement per 1,000 rows: a message to 600 parents is one insert, inside the
 * mutation's transaction.
 */
export async function insertDeliveries(db: Db, rows: ReadonlyArray<Omit<NewDelivery, 'concerning'> & { concerning: PupilLabel[] }>) {
  for (let start = 0; start < rows.length; start += 1000) {
    const chunk = rows.slice(start, start + 1000).map((row) => ({ ...row, concerning: json(row.concerning) }));
    await db.insertInto('deliveries').values(chunk).execute();
  }
}

export function findDelivery(db: Db, messageId: string, userId: string) {
  return db.selectFrom('deliveries').selectAll().where('message_id', '=', messageId).where('user_id', '=', userId).executeTakeFirst();
}

export function deliveriesOf(db: Db, userId: string, messageIds: readonly string[]) {
  if (messageIds.length === 0) return Promise.resolve([] as Delivery[]);
  return db.selectFrom('deliveries').selectAll().where('user_id', '=', userId).where('message_id', 'in', messageIds).execute();
}

export interface MailboxRow {
  message_id: string;
  conversation_id: string;
  deliver_at: Date;
  unread_count: number;
  message_count: number;
}

/**
 * A folder as a list of conversations, newest first: for each conversation the person's latest entry in
 * that folder, with how many of their entries there are unread. Visible entries only (a scheduled
 * message appears at its time).
 */
export async function mailbox(
  db: Db,
  options: { userId: string; folder: Folder; now: Date; childId?: string | undefined; first: number; offset: number },
): Promise<MailboxRow[]> {
  const childFilter = options.childId ? sql`and ${options.childId} = any(d.concerning_ids)` : sql``;
  const rows = await sql<MailboxRow>`
    select message_id, conversation_id, deliver_at, unread_count, message_count from (
      select d.message_id, d.conversation_id, d.deliver_at,
        row_number() over (partition by d.conversation_id order by d.deliver_at desc, d.message_id) as position,
        count(*) filter (where d.unread) over (partition by d.conversation_id) as unread_count,
        count(*) over (partition by d.conversation_id) as message_count
      from deliveries d
      where d.user_id = ${options.userId} and d.folder = ${options.folder}
        and (d.deliver_at <= ${options.now} or d.is_sender) ${childFilter}
    ) entries
    where position = 1
    order by deliver_at desc, conversation_id
    limit ${options.first} offset ${options.offset}`.execute(db);
  return rows.rows.map((row) => ({ ...row, unread_count: Number(row.unread_count), message_count: Number(row.message_count) }));
}

/** The messages of a conversation the person takes part in (drafts apart), oldest first. */
export function conversationEntries(db: Db, conversationId: string, userId: string, now: Date) {
  return db
    .selectFrom('deliveries')
    .innerJoin('messages', 'messages.id', 'deliveries.message_id')
    .selectAll('messages')
    .select([
      'deliveries.folder',
      'deliveries.unread',
      'deliveries.is_sender',
      'deliveries.concerning as delivery_concerning',
      'deliveries.reminded_at',
    ])
    .where('deliveries.conversation_id', '=', conversationId)
    .where('deliveries.user_id', '=', userId)
    .where('deliveries.folder', '!=', 'DRAFTS')
    .where((eb) => eb.or([eb('deliveries.deliver_at', '<=', now), eb('deliveries.is_sender', '=', true)]))
    .orderBy('messages.deliver_at')
    .execute();
}

export async function isParticipant(db: Db, conversationId: string, userId: string) {
  const row = await db
    .selectFrom('deliveries')
    .select('message_id')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks a person's entries of a conversation read; the read time is kept only where a receipt was asked. */
export async function markRead(db: Db, conversationId: string, userId: string, now: Date) {
  await sql`
    update deliveries d set unread = false,
      read_at = case when d.read_at is null and m.read_receipt then ${now}::timestamptz else d.read_at end
    from messages m
    where m.id = d.message_id and d.conversation_id = ${conversationId} and d.user_id = ${userId}
      and d.unread and d.deliver_at <= ${now}`.execute(db);
}

export async function markUnread(db: Db, conversationId: string, userId: string) {
  // The latest received entry becomes unread again; the receipt keeps its first reading time.
  await sql`
    update deliveries set unread = true
    where (message_id, user_id) in (
      select message_id, user_id from deliveries
      where conversation_id = ${conversationId} and user_id = ${userId} and not is_sender
      order by deliver_at desc limit 1)`.execute(db);
}

export async function moveConversation(db: Db, conversationId: string, userId: string, to: Folder) {
  const result = await db
    .updateTable('deliveries')
    .set((eb) => ({
      previous_folder: to === 'TRASH' ? eb.ref('folder') : null,
      folder: to,
    }))
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .where('folder', 'in', to === 'TRASH' ? ['INBOX', 'SENT', 'ARCHIVE'] : ['INBOX', 'ARCHIVE'])
    .where('folder', '!=', to)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function restoreConversation(db: Db, conversationId: string, userId: string) {
  const result = await sql`
    update deliveries set folder = coalesce(previous_folder, case when is_sender then 'SENT' else 'INBOX' end), previous_folder = null
    where conversation_id = ${conversationId} and user_id = ${userId} and folder = 'TRASH'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export function receiptsOf(db: Db, messageId: string) {
  return db
    .selectFrom('deliveries')
    .select(['user_id', 'display_name', 'read_at', 'reminded_at', 'concerning'])
    .where('message_id', '=', messageId)
    .where('is_sender', '=', false)
    .orderBy('display_name')
    .execute();
}

export async function markReminded(db: Db, messageId: string, now: Date) {
  const result = await db
    .updateTable('deliveries')
    .set({ reminded_at: now })
    .where('message_id', '=', messageId)
    .where('is_sender', '=', false)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countRead(db: Db, messageId: string) {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('message_id', '=', messageId)
    .where('is_sender', '=', false)
    .where('unread', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Recall: the recipients' entries go; the sender keeps theirs, marked recalled. */
export async function recall(db: Db, messageId: string, now: Date) {
  await db.deleteFrom('deliveries').where('message_id', '=', messageId).where('is_sender', '=', false).execute();
  await db.updateTable('messages').set({ status: 'RECALLED', recalled_at: now }).where('id', '=', messageId).execute();
}

export async function searchMessages(db: Db, options: { userId: string; query: string; now: Date; first: number }) {
  const rows = await sql<{ message_id: string }>`
    select d.message_id
    from deliveries d join messages m on m.id = d.message_id
    where d.user_id = ${options.userId} and d.folder <> 'DRAFTS'
      and (d.deliver_at <= ${options.now} or d.is_sender)
      and m.search @@ websearch_to_tsquery('french', ${options.query})
    order by ts_rank(m.search, websearch_to_tsquery('french', ${options.query})) desc, d.deliver_at desc
    limit ${options.first}`.execute(db);
  return rows.rows.map((row) => row.message_id);
}

/** Unread received entries per person (the home page's count). */
export async function unreadCounts(db: Db, userIds: readonly string[], now: Date) {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('deliveries')
    .select(['user_id', (eb) => eb.fn.countAll<number>().as('unread')])
    .where('user_id', 'in', userIds)
    .where('folder', '=', 'INBOX')
    .where('unread', '=', true)
    .where('deliver_at', '<=', now)
    .groupBy('user_id')
    .execute();
  return rows.map((row) => ({ user_id: row.user_id, unread: Number(row.unread) }));
}

/** A parent's unread received entries about each of their children (the home page's tile per child). */
export async function unreadCountsAbout(db: Db, userId: string, childIds: readonly string[], now: Date) {
  if (childIds.length === 0) return [];
  const rows = await sql<{ child_id: string; unread: number }>`
    select child_id, count(*) as unread
    from deliveries d, unnest(d.concerning_ids) as child_id
    where d.user_id = ${userId} and d.folder = 'INBOX' and d.unread and d.deliver_at <= ${now}
      and child_id = any(${[...childIds]}::text[])
    group by child_id`.execute(db);
  return rows.rows.map((row) => ({ child_id: row.child_id, unread: Number(row.unread) }));
}

/** A sender's messages and recipients since a time (rate limits). */
export async function recentSending(db: Db, senderId: string, since: Date, massThreshold: number) {
  const row = await db
    .selectFrom('messages')
    .select((eb) => [
      eb.fn.countAll<number>().as('messages'),
      eb.fn.count<number>(sql`case when recipient_count >= ${massThreshold} then 1 end`).as('mass'),
      eb.fn.min('created_at').as('oldest'),
      eb.fn.min(sql<Date>`case when recipient_count >= ${massThreshold} then created_at end`).as('oldest_mass'),
    ])
    .where('sender_id', '=', senderId)
    .where('status', '!=', 'DRAFT')
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return {
    messages: Number(row.messages),
    mass: Number(row.mass),
    oldest: row.oldest ? new Date(row.oldest as unknown as string) : null,
    oldestMass: row.oldest_mass ? new Date(row.oldest_mass as unknown as string) : null,
  };
}

// ——— Notifications ———

/** Recipients to notify by e-mail for a message: opted in, address known, not yet notified (or reminded), not read. */
export function emailsToSend(db: Db, messageId: string, reminder: boolean) {
  return db
    .selectFrom('deliveries')
    .innerJoin('notification_settings', 'notification_settings.user_id', 'deliveries.user_id')
    .select(['deliveries.user_id', 'deliveries.concerning', 'notification_settings.email'])
    .where('deliveries.message_id', '=', messageId)
    .where('deliveries.is_sender', '=', false)
    .where('deliveries.unread', '=', true)
    .where('notification_settings.email_enabled', '=', true)
    .where('notification_settings.email', 'is not', null)
    .$if(!reminder, (q) => q.where('deliveries.notified_at', 'is', null))
    .$if(reminder, (q) => q.where('deliveries.read_at', 'is', null))
    .execute();
}

export async function markNotified(db: Db, messageId: string, userIds: readonly string[], now: Date) {
  if (userIds.length === 0) return;
  await db
    .updateTable('deliveries')
    .set({ notified_at: now })
    .where('message_id', '=', messageId)
    .where('user_id', 'in', userIds)
    .where('notified_at', 'is', null)
    .execute();
}

export function notificationSettingsOf(db: Db, userId: string) {
  return db.selectFrom('notification_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveNotificationSettings(db: Db, row: { user_id: string; email: string | null; email_enabled: boolean; updated_at: Date }) {
  await db
    .insertInto('notification_settings')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email: row.email, email_enabled: row.email_enabled, updated_at: row.updated_at }))
    .execute();
}

// ——— Attachments ———

export async function insertAttachment(db: Db, row: Insertable<AttachmentsTable>) {
  return db
    .insertInto('attachments')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function pendingAttachments(db: Db, ids: readonly string[], uploader: string) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('id', 'in', ids)
    .where('uploaded_by', '=', uploader)
    .where('message_id', 'is', null)
    .execute();
}

export async function attachToMessage(db: Db, ids: readonly string[], messageId: string) {
  if (ids.length === 0) return;
  await db.updateTable('attachments').set({ message_id: messageId }).where('id', 'in', ids).execute();
}

export function attachmentsOf(db: Db, messageIds: readonly string[]) {
  return db.selectFrom('attachments').selectAll().where('message_id', 'in', messageIds).orderBy('created_at').execute();
}

// ——— Safety ———

export async function insertReport(db: Db, row: { id: string; message_id: string; establishment_id: string; reporter_id: string; reason: string; created_at: Date }) {
  const inserted = await db
    .insertInto('reports')
    .values(row)
    .onConflict((oc) => oc.columns(['message_id', 'reporter_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted;
}

export function reportsOf(db: Db, establishmentIds: readonly string[], first: number) {
  if (establishmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('reports')
    .selectAll()
    .where('establishment_id', 'in', establishmentIds)
    .orderBy('created_at', 'desc')
    .limit(first)
    .execute();
}

export function findReport(db: Db, id: string) {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function suspensionOf(db: Db, userId: string, establishmentId: string) {
  return db
    .selectFrom('suspensions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('establishment_id', '=', establishmentId)
    .executeTakeFirst();
}

export function suspensionsIn(db: Db, establishmentId: string) {
  return db.selectFrom('suspensions').selectAll().where('establishment_id', '=', establishmentId).orderBy('created_at', 'desc').execute();
}

export async function suspend(db: Db, row: { user_id: string; establishment_id: string; suspended_by: string; reason: string; created_at: Date }) {
  await db
    .insertInto('suspensions')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'establishment_id']).doUpdateSet({ suspended_by: row.suspended_by, reason: row.reason, created_at: row.created_at }))
    .execute();
}

export async function liftSuspension(db: Db, userId: string, establishmentId: string) {
  const result = await db.deleteFrom('suspensions').where('user_id', '=', userId).where('establishment_id', '=', establishmentId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
