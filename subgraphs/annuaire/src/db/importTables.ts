import type { ColumnType, Generated } from 'kysely';

// Tables and columns added by migration 2026_12_01_0900_create_directory_import (the AAF directory import).

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface UserExternalIdTable {
  /** ENTPersonJointure as the feed gives it, academy prefix included. */
  external_id: string;
  user_id: string;
  /** The feed category it came from: Eleve, PersRelEleve, PersEducNat. */
  category: string;
  created_at: Generated<Date>;
}

export interface PupilRelationTable {
  child_external_id: string;
  parent_external_id: string;
  /** « Mère », « Père », « Tuteur »…, from the feed's relationship code. */
  relationship: string | null;
  legal_guardian: boolean;
  financial: Generated<boolean>;
  contact: Generated<boolean>;
}

export interface ClassEnrolmentTable {
  id: Generated<string>;
  user_id: string;
  class_id: string;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  run_id: string | null;
}

export interface DirectorySubjectTable {
  /** ENTMatJointure */
  code: string;
  label: string;
  national_code: string | null;
  updated_at: Timestamp;
}

export interface DirectoryMefTable {
  /** ENTMefJointure */
  code: string;
  label: string;
  stat11: string | null;
  /** One of the kit's LEVELS when it can be told from the MEF, else null. */
  level: string | null;
  updated_at: Timestamp;
}

export type ImportRunStatus = 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';

export interface ImportRunTable {
  id: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  status: ImportRunStatus;
  dry_run: boolean;
  /** FULL, DELTA or MIXED: which kinds of files the run read. */
  mode: string;
  /** The directory read. */
  source: string;
  /** Who ran it: « cli:login », « nightly »… */
  actor: string;
  academic_year: string;
  files: Json<unknown[]>;
  summary: Json<Record<string, unknown>>;
  establishments: Json<unknown[]>;
  error: string | null;
}

export interface ImportJournalTable {
  id: Generated<string>;
  /** Null for an administrator's merge. */
  run_id: string | null;
  at: Timestamp;
  actor: string;
  /** CREATE, UPDATE, MOVE, DEACTIVATE, REACTIVATE, DELETE, LINK, MERGE, PURGE. */
  action: string;
  /** USER, ESTABLISHMENT, CLASS, GROUP, SUBJECT, MEF. */
  entity_type: string;
  entity_id: string | null;
  external_id: string | null;
  establishment_id: string | null;
  before: NullableJson<Record<string, unknown>>;
  after: NullableJson<Record<string, unknown>>;
  file: string | null;
  line: number | null;
}

export type DuplicateStatus = 'OPEN' | 'MERGED' | 'DISMISSED';

export interface DuplicateCandidateTable {
  id: Generated<string>;
  /** The smaller of the two ids, so that a pair is recorded once. */
  user_id: string;
  other_user_id: string;
  /** SAME_BIRTH_DATE, SAME_ADDRESS, SAME_EMAIL (always with the same name). */
  reasons: string[];
  status: Generated<DuplicateStatus>;
  detected_at: Timestamp;
  run_id: string | null;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
  kept_user_id: string | null;
}

/** New tables, merged into the annuaire's `Database`. */
export interface ImportTables {
  user_external_ids: UserExternalIdTable;
  directory_pupil_relations: PupilRelationTable;
  class_enrolments: ClassEnrolmentTable;
  directory_subjects: DirectorySubjectTable;
  directory_mefs: DirectoryMefTable;
  directory_import_runs: ImportRunTable;
  directory_import_journal: ImportJournalTable;
  directory_duplicate_candidates: DuplicateCandidateTable;
}

/** Columns the same migration adds to existing tables. */
export interface UserImportColumns {
  /** A `date`: always read as text (`birth_date::text`), since drivers turn dates into local midnights. */
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  ine: string | null;
  /** normalised « prénom|nom », for duplicate detection. */
  name_key: string | null;
  /** A hash of the normalised postal address: compared, never shown. */
  address_key: string | null;
  personal_data_purge_at: NullableTimestamp;
  purged_at: NullableTimestamp;
  merged_into: string | null;
}

export interface SourcedRow {
  /** The feed identifier whose record manages the row; 'AAF' for rows derived by the import; null when made by hand. */
  source_external_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * Until these columns are folded into the table interfaces of database.ts, code that needs them widens
 * its handle with `db.withTables<ImportColumns>()`.
 */
// A type, not an interface: Kysely's withTables wants an index-signature-compatible record.
export type ImportColumns = {
  users: UserImportColumns;
  establishments: {
    aaf_declares_classes: ColumnType<boolean, boolean | undefined, boolean>;
    aaf_declares_groups: ColumnType<boolean, boolean | undefined, boolean>;
  };
  user_profiles: SourcedRow;
  class_members: SourcedRow;
  group_members: SourcedRow;
  family_links: SourcedRow;
  teaching_assignments: SourcedRow;
};
