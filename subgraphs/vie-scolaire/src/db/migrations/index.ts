import type { Migrations } from '@ent/kit';
import * as createAttendanceRecords from './2026_12_03_0900_create_attendance_records.js';

/** In order; names follow YYYY_MM_DD_HHMM_verb_noun. */
export const migrations: Migrations = {
  '2026_12_03_0900_create_attendance_records': createAttendanceRecords,
};
