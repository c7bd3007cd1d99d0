import type { ColumnType, Insertable, Selectable } from 'kysely';

/** timestamptz: always written and read as Date (the pg and PGlite drivers both parse it). */
type Timestamp = Date;
/** jsonb arrays: written as JSON text, read back parsed. */
type JsonArray<T> = ColumnType<T[], string, string>;

/** A rubric (grille de critères) of a teacher's library; never edited once created, so marks keep their meaning. */
export interface RubricsTable {
  id: string;
  establishment_id: string;
  author_id: string;
  title: string;
  shared: boolean;
  created_at: Timestamp;
}

export interface CriteriaTable {
  id: string;
  rubric_id: string;
  position: number;
  label: string;
}

export interface LevelsTable {
  id: string;
  criterion_id: string;
  position: number;
  label: string;
  descriptor: string | null;
  points: number;
}

export interface AssignmentsTable {
  id: string;
  establishment_id: string;
  author_id: string;
  class_id: string | null;
  group_id: string | null;
  /** Chosen pupils (a subset of the class or group); null: all of them. */
  chosen_pupil_ids: JsonArray<string> | null;
  title: string;
  instructions_html: string;
  opens_at: Timestamp;
  due_at: Timestamp;
  submission_mode: 'FILE' | 'TEXT' | 'FILE_OR_TEXT';
  allowed_kinds: JsonArray<string>;
  max_bytes: number;
  allow_resubmission: boolean;
  late_policy: 'REFUSE' | 'ACCEPT';
  rubric_id: string | null;
  /** null: draft. */
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * The pupils an assignment targets, fixed when it is published (asked of the annuaire with the teacher's
 * token): the denominator of the submission rate, and who may be marked. Name and class are copied for
 * the marking list, the archive and the indicators per class.
 */
export interface AssignmentPupilsTable {
  assignment_id: string;
  pupil_id: string;
  pupil_name: string;
  /** « Nom Prénom », lower-cased: the order of the class register. */
  sort_name: ColumnType<string, string | undefined, string>;
  class_id: string | null;
}

/** The pupil's working copy of online text, autosaved. */
export interface DraftsTable {
  assignment_id: string;
  pupil_id: string;
  text: string;
  saved_at: Timestamp;
}

/** A handed-in version: immutable; a resubmission adds version n + 1. */
export interface SubmissionsTable {
  id: string;
  assignment_id: string;
  pupil_id: string;
  version: number;
  text: string | null;
  submitted_at: Timestamp;
  late: boolean;
}

/** A file of a pupil's work: in the working copy while submission_id is null, then part of that version. */
export interface SubmissionFilesTable {
  id: string;
  assignment_id: string;
  pupil_id: string;
  submission_id: string | null;
  blob_key: string;
  filename: string;
  content_type: string;
  /** bigint: read back as a string by pg, kept as such. */
  size: ColumnType<string, number, number>;
  sha256: string;
  uploaded_at: Timestamp;
}

export interface MarksTable {
  assignment_id: string;
  pupil_id: string;
  /** The version marked (null when marked without a handed-in version, e.g. work given on paper). */
  submission_id: string | null;
  score: number;
  max_score: number;
  feedback: string | null;
  marked_by: string;
  marked_at: Timestamp;
  returned_at: Timestamp | null;
}

export interface MarkLevelsTable {
  assignment_id: string;
  pupil_id: string;
  criterion_id: string;
  level_id: string;
}

/** A document the teacher attached to an assignment: for the class, or for one pupil (annotated copy). */
export interface AssignmentAttachmentsTable {
  id: string;
  assignment_id: string;
  /** null: for the whole class; set: the teacher's file for that pupil, shown with the returned mark. */
  pupil_id: ColumnType<string | null, string | null | undefined, string | null>;
  blob_key: string;
  filename: string;
  content_type: string;
  size: ColumnType<string, number, number>;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface Database {
  assignment_attachments: AssignmentAttachmentsTable;
  rubrics: RubricsTable;
  rubric_criteria: CriteriaTable;
  rubric_levels: LevelsTable;
  assignments: AssignmentsTable;
  assignment_pupils: AssignmentPupilsTable;
  drafts: DraftsTable;
  submissions: SubmissionsTable;
  submission_files: SubmissionFilesTable;
  marks: MarksTable;
  mark_levels: MarkLevelsTable;
}

export type Rubric = Selectable<RubricsTable>;
export type Criterion = Selectable<CriteriaTable>;
export type Level = Selectable<LevelsTable>;
export type Assignment = Selectable<AssignmentsTable>;
export type NewAssignment = Insertable<AssignmentsTable>;
export type AssignmentPupil = Selectable<AssignmentPupilsTable>;
export type Draft = Selectable<DraftsTable>;
export type Submission = Selectable<SubmissionsTable>;
export type SubmissionFile = Selectable<SubmissionFilesTable>;
export type Mark = Selectable<MarksTable>;
export type AssignmentAttachment = Selectable<AssignmentAttachmentsTable>;
export type MarkLevel = Selectable<MarkLevelsTable>;
