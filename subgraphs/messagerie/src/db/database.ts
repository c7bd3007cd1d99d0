import type { JobsTable } from '@ent/kit';
import type { ColumnType, Insertable, Selectable } from 'kysely';

/** Dates go in as Date and come out as Date. */
type Instant = ColumnType<Date, Date, Date>;

export type Folder = 'INBOX' | 'SENT' | 'DRAFTS' | 'ARCHIVE' | 'TRASH';
export type MessageStatus = 'DRAFT' | 'SENT' | 'RECALLED';

/** A pupil a message is about (family labelling): id and name, as the annuaire gave them at send time. */
export interface PupilLabel {
  id: string;
  name: string;
}

/** How a message was addressed, as shown to its readers: a person or a list (« Parents de 5e B »). */
export interface Addressee {
  key: string;
  kind: 'PERSON' | 'LIST';
  label: string;
}

/** An establishment's communication rules and quiet hours; absent fields take the defaults (rules.ts). */
export interface EstablishmentSettingsTable {
  establishment_id: string;
  rules: ColumnType<Record<string, boolean>, string, string>;
  quiet_start: string | null;
  quiet_end: string | null;
  quiet_weekends: boolean | null;
  updated_by: string;
  updated_at: Instant;
}

export interface ConversationsTable {
  id: string;
  establishment_id: string;
  subject: string;
  created_at: Instant;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  establishment_id: string;
  sender_id: string;
  sender_name: string;
  subject: string;
  body_html: string;
  body_text: string;
  status: MessageStatus;
  urgent: boolean;
  read_receipt: boolean;
  addressed: ColumnType<Addressee[], string, string>;
  /** Drafts only: the recipient keys chosen so far. */
  draft_recipients: ColumnType<string[], string, string>;
  concerning: ColumnType<PupilLabel[], string, string>;
  in_reply_to: string | null;
  forward_of: string | null;
  recipient_count: number;
  created_at: Instant;
  updated_at: Instant;
  /** When recipients see it: the sending time, or the scheduled time. Null for drafts. */
  deliver_at: Instant | null;
  recalled_at: Instant | null;
  /** to_tsvector('french', subject, body, names), written by the repository. */
  search: ColumnType<string, never, never>;
}

/** One row per participant and message: the recipient's inbox entry, or the sender's sent/draft entry. */
export interface DeliveriesTable {
  message_id: string;
  user_id: string;
  conversation_id: string;
  display_name: string;
  is_sender: boolean;
  folder: Folder;
  /** Where a trashed entry goes back to. */
  previous_folder: Folder | null;
  unread: boolean;
  /** Only when the sender asked for a read receipt: when it was first read. */
  read_at: Instant | null;
  concerning: ColumnType<PupilLabel[], string, string>;
  concerning_ids: ColumnType<string[], string[], string[]>;
  deliver_at: Instant;
  notified_at: Instant | null;
  reminded_at: Instant | null;
}

export interface AttachmentsTable {
  id: string;
  message_id: string | null;
  blob_key: string;
  filename: string;
  content_type: string;
  size: ColumnType<string, number, number>;
  sha256: string;
  uploaded_by: string;
  created_at: Instant;
}

export interface ReportsTable {
  id: string;
  message_id: string;
  establishment_id: string;
  reporter_id: string;
  reason: string;
  created_at: Instant;
}

export interface SuspensionsTable {
  user_id: string;
  establishment_id: string;
  suspended_by: string;
  reason: string;
  created_at: Instant;
}

export interface NotificationSettingsTable {
  user_id: string;
  email: string | null;
  email_enabled: boolean;
  updated_at: Instant;
}


export interface Database {
  establishment_settings: EstablishmentSettingsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  attachments: AttachmentsTable;
  reports: ReportsTable;
  suspensions: SuspensionsTable;
  notification_settings: NotificationSettingsTable;
  jobs: JobsTable;
}

export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type Delivery = Selectable<DeliveriesTable>;
export type NewDelivery = Insertable<DeliveriesTable>;
export type Attachment = Selectable<AttachmentsTable>;
export type Report = Selectable<ReportsTable>;
export type Suspension = Selectable<SuspensionsTable>;
