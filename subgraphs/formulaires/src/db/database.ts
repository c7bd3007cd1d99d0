import type { JobsTable } from '@ent/kit';
import type { ColumnType, Generated, Selectable } from 'kysely';

/** timestamptz: always written and read as Date (the pg and PGlite drivers both parse it). */
type Timestamp = Date;
/** jsonb: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type FormStatusColumn = 'DRAFT' | 'OPEN' | 'CLOSED';
export type AudienceProfile = 'PUPILS' | 'PARENTS' | 'STAFF';

export interface FormsTable {
  id: string;
  establishment_id: string;
  author_id: string;
  title: string;
  description: string | null;
  purpose: string;
  retention_days: number;
  deadline: Timestamp;
  /** DRAFT, OPEN or CLOSED (closed early); an OPEN form past its deadline reads as CLOSED. */
  status: FormStatusColumn;
  anonymous: boolean;
  both_guardians: boolean;
  audience_profile: AudienceProfile;
  audience_class_ids: Json<string[]>;
  audience_group_ids: Json<string[]>;
  audience_whole: boolean;
  template_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** Set when the author was told the responses will soon be deleted. */
  retention_warned_at: Timestamp | null;
  /** Set once the responses were deleted at the end of the retention period. */
  purged_at: Timestamp | null;
}

export interface SectionsTable {
  form_id: string;
  position: number;
  title: string;
  description: string | null;
}

export interface QuestionsTable {
  form_id: string;
  key: string;
  section_position: number;
  position: number;
  type: string;
  label: string;
  help: string | null;
  required: boolean;
  options: Json<string[]>;
  condition_key: string | null;
  condition_equals: string | null;
  resource_id: string | null;
}

/**
 * Who the form expects an answer for, fixed when it opens from the annuaire (with the author's token):
 * one row per pupil of the audience's classes and groups, with their legal guardians' ids.
 */
export interface AudienceMembersTable {
  form_id: string;
  pupil_id: string;
  pupil_name: string;
  class_name: string | null;
  guardian_ids: Json<string[]>;
}

/**
 * A response. On anonymous forms `respondent_id` and `child_id` are null and `submitted_at` is
 * truncated to the day, so nothing in the row leads back to the person (see `answered`).
 */
export interface ResponsesTable {
  id: string;
  form_id: string;
  respondent_id: string | null;
  /** The respondent's name as the token gave it, for the results table and exports; null when anonymous. */
  respondent_name: string | null;
  child_id: string | null;
  child_name: string | null;
  submitted_at: Timestamp;
}

/** Who has answered, for whom: kept apart from the responses so anonymous responses carry no id. */
export interface AnsweredTable {
  form_id: string;
  respondent_id: string;
  /** The child for parents' forms, the respondent otherwise. */
  subject_id: string;
  /** The respondent when each guardian signs; '*' when one answer per child is enough. */
  respondent_key: string;
  answered_at: Timestamp;
}

export interface AnswersTable {
  response_id: string;
  form_id: string;
  question_key: string;
  /** Text, single choice, number as text, date, « oui »/« non », slot id, decision. */
  value: string | null;
  /** Multiple choice. */
  values: Json<string[] | null>;
  number_value: number | null;
}

export interface SignaturesTable {
  id: string;
  response_id: string;
  form_id: string;
  question_key: string;
  signer_id: string;
  signer_name: string;
  child_id: string | null;
  decision: 'AUTHORISED' | 'REFUSED';
  consent: boolean;
  signed_at: Timestamp;
  ip: string;
}

export interface ResourcesTable {
  id: string;
  establishment_id: string;
  name: string;
  kind: string;
  capacity: number;
  created_by: string;
  created_at: Timestamp;
}

/** `booked` never passes `capacity`: a check constraint, and bookings take the place with a conditional update. */
export interface SlotsTable {
  id: string;
  resource_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  booked: number;
}

export interface BookingsTable {
  id: string;
  slot_id: string;
  person_id: string;
  response_id: string | null;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
}

/** Reminders and retention warnings, until the messagerie carries them. `recipient_kind` PARENTS_OF: the pupil's guardians. */
export interface NotificationsTable {
  id: Generated<string>;
  recipient_id: string;
  recipient_kind: 'PERSON' | 'PARENTS_OF';
  kind: 'REMINDER' | 'RETENTION_WARNING' | 'RETENTION_PURGED';
  form_id: string | null;
  text: string;
  created_at: Timestamp;
}

export interface Database {
  forms: FormsTable;
  form_sections: SectionsTable;
  form_questions: QuestionsTable;
  audience_members: AudienceMembersTable;
  responses: ResponsesTable;
  answered: AnsweredTable;
  answers: AnswersTable;
  signatures: SignaturesTable;
  resources: ResourcesTable;
  slots: SlotsTable;
  bookings: BookingsTable;
  notifications: NotificationsTable;
  jobs: JobsTable;
}

export type Form = Selectable<FormsTable>;
export type QuestionRow = Selectable<QuestionsTable>;
export type SectionRow = Selectable<SectionsTable>;
export type ResponseRow = Selectable<ResponsesTable>;
export type AnswerRow = Selectable<AnswersTable>;
export type SignatureRow = Selectable<SignaturesTable>;
export type Resource = Selectable<ResourcesTable>;
export type Slot = Selectable<SlotsTable>;
export type Booking = Selectable<BookingsTable>;
export type AudienceMember = Selectable<AudienceMembersTable>;
export type NotificationRow = Selectable<NotificationsTable>;
