import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** timestamptz: always written and read as Date (the pg and PGlite drivers both parse it). */
type Timestamp = Date;

/** Séances (lesson entries). `publish_at` null is a draft; otherwise visible to readers from that time. */
export interface LessonsTable {
  id: string;
  establishment_id: string;
  class_id: string | null;
  group_id: string | null;
  subject: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  title: string;
  content_html: string;
  objectives: string | null;
  author_id: string;
  publish_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HomeworkTable {
  id: string;
  lesson_id: string | null;
  establishment_id: string;
  class_id: string | null;
  group_id: string | null;
  subject: string;
  /** YYYY-MM-DD (a school day, Europe/Paris), kept as text so no time zone ever shifts it. */
  due_date: string;
  kind: string;
  estimated_minutes: number;
  instructions_html: string;
  author_id: string;
  publish_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HomeworkDoneTable {
  homework_id: string;
  pupil_id: string;
  done_at: Timestamp;
}

/** Earlier versions of a séance or homework edited after publication. */
export interface RevisionsTable {
  id: Generated<string>;
  entity: 'LESSON' | 'HOMEWORK';
  entity_id: string;
  edited_by: string;
  edited_at: Timestamp;
  previous: ColumnType<Record<string, unknown>, string, string>;
}

export interface TemplatesTable {
  id: string;
  establishment_id: string;
  author_id: string;
  subject: string;
  title: string;
  content_html: string;
  objectives: string | null;
  shared: boolean;
  created_at: Timestamp;
}

export interface VisasTable {
  id: string;
  establishment_id: string;
  class_id: string;
  period_from: string;
  period_to: string;
  signed_by: string;
  signed_at: Timestamp;
  comment: string | null;
}

export interface WorkloadSettingsTable {
  establishment_id: string;
  daily_threshold_minutes: number;
}

/**
 * A private calendar address: only the token's SHA-256 is kept. The feed is fetched without an access
 * token, so the pupil's classes and groups are copied here when the feed is created (from the token or
 * the annuaire); a pupil who changes class creates a new feed.
 */
export interface CalendarFeedsTable {
  id: string;
  token_hash: string;
  owner_id: string;
  pupil_id: string;
  target_ids: ColumnType<string[], string, string>;
  establishment_ids: ColumnType<string[], string, string>;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AttachmentsTable {
  id: string;
  lesson_id: string | null;
  homework_id: string | null;
  blob_key: string;
  filename: string;
  content_type: string;
  /** bigint: read back as a string by pg, kept as such. */
  size: ColumnType<string, number, number>;
  sha256: string;
  uploaded_by: string;
  created_at: Timestamp;
}

export interface Database {
  attachments: AttachmentsTable;
  lessons: LessonsTable;
  homework: HomeworkTable;
  homework_done: HomeworkDoneTable;
  revisions: RevisionsTable;
  templates: TemplatesTable;
  visas: VisasTable;
  workload_settings: WorkloadSettingsTable;
  calendar_feeds: CalendarFeedsTable;
}

export type Lesson = Selectable<LessonsTable>;
export type NewLesson = Insertable<LessonsTable>;
export type NewHomework = Insertable<HomeworkTable>;
export type Homework = Selectable<HomeworkTable>;
export type Visa = Selectable<VisasTable>;
export type LessonTemplate = Selectable<TemplatesTable>;
export type CalendarFeed = Selectable<CalendarFeedsTable>;
export type Attachment = Selectable<AttachmentsTable>;
