import type { Generated } from 'kysely';

export type AttendanceKind = 'ABSENCE' | 'LATENESS';
export type JustificationReason = 'ILLNESS' | 'MEDICAL_APPOINTMENT' | 'FAMILY' | 'TRANSPORT' | 'OTHER';

/** One absence or lateness of one pupil in one lesson slot. Ids of people, classes and establishments are the annuaire's. */
export interface AttendanceRecordsTable {
  id: string;
  pupil_id: string;
  class_id: string;
  establishment_id: string;
  kind: AttendanceKind;
  /** YYYY-MM-DD */
  lesson_date: string;
  /** HH:MM */
  slot: string;
  minutes_late: number | null;
  recorded_by: string;
  recorded_at: Date;
  justification_reason: JustificationReason | null;
  justification_comment: string | null;
  justified_at: Date | null;
  justified_by: string | null;
  handled_at: Date | null;
  handled_by: string | null;
  created_seq: Generated<number>;
}

export interface Database {
  attendance_records: AttendanceRecordsTable;
}
