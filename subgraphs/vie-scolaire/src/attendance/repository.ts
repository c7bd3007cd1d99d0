import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { AttendanceKind, AttendanceRecordsTable, Database, JustificationReason } from '../db/database.js';

export type AttendanceRow = Selectable<AttendanceRecordsTable>;

export interface NewRecord {
  pupilId: string;
  classId: string;
  establishmentId: string;
  kind: AttendanceKind;
  date: string;
  slot: string;
  minutesLate: number | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Whether any of these pupils already has a record on that slot (one record per pupil and slot). */
export async function existingOnSlot(db: Kysely<Database>, pupilIds: readonly string[], date: string, slot: string): Promise<string[]> {
  if (pupilIds.length === 0) return [];
  const rows = await db
    .selectFrom('attendance_records')
    .select('pupil_id')
    .where('pupil_id', 'in', pupilIds)
    .where('lesson_date', '=', date)
    .where('slot', '=', slot)
    .execute();
  return rows.map((row) => row.pupil_id);
}

export async function insertRecords(db: Kysely<Database>, records: readonly NewRecord[]): Promise<AttendanceRow[]> {
  if (records.length === 0) return [];
  return db
    .insertInto('attendance_records')
    .values(
      records.map((r) => ({
        id: randomUUID(),
        pupil_id: r.pupilId,
        class_id: r.classId,
        establishment_id: r.establishmentId,
        kind: r.kind,
        lesson_date: r.date,
        slot: r.slot,
        minutes_late: r.minutesLate,
        recorded_by: r.recordedBy,
        recorded_at: r.recordedAt,
      })),
    )
    .returningAll()
    .execute();
}

export async function recordById(db: Kysely<Database>, id: string): Promise<AttendanceRow | undefined> {
  return db.selectFrom('attendance_records').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the row for the rest of the transaction (two justifications at once: the second sees the first). */
export async function recordForUpdate(db: Kysely<Database>, id: string): Promise<AttendanceRow | undefined> {
  return db.selectFrom('attendance_records').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface RecordFilter {
  /** Any of these pupils… */
  pupilIds?: readonly string[];
  /** …or any of these classes… */
  classIds?: readonly string[];
  /** …or any of these establishments (the scopes are OR-ed: what the viewer may see). */
  establishmentIds?: readonly string[];
  /** Then narrowed to this pupil / class. */
  pupilId?: string;
  classId?: string;
  first: number;
}

export async function listRecords(db: Kysely<Database>, filter: RecordFilter): Promise<AttendanceRow[]> {
  const pupils = filter.pupilIds ?? [];
  const classes = filter.classIds ?? [];
  const establishments = filter.establishmentIds ?? [];
  if (pupils.length + classes.length + establishments.length === 0) return [];
  let query = db
    .selectFrom('attendance_records')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(pupils.length ? [eb('pupil_id', 'in', pupils)] : []),
        ...(classes.length ? [eb('class_id', 'in', classes)] : []),
        ...(establishments.length ? [eb('establishment_id', 'in', establishments)] : []),
      ]),
    );
  if (filter.pupilId) query = query.where('pupil_id', '=', filter.pupilId);
  if (filter.classId) query = query.where('class_id', '=', filter.classId);
  return query.orderBy('lesson_date', 'desc').orderBy('slot', 'desc').orderBy('created_seq', 'desc').limit(filter.first).execute();
}

export async function followUpList(
  db: Kysely<Database>,
  establishmentId: string,
  includeHandled: boolean,
  first: number,
): Promise<AttendanceRow[]> {
  let query = db.selectFrom('attendance_records').selectAll().where('establishment_id', '=', establishmentId);
  if (!includeHandled) query = query.where('handled_at', 'is', null);
  return query.orderBy('lesson_date', 'asc').orderBy('slot', 'asc').orderBy('created_seq', 'asc').limit(first).execute();
}

export async function justify(
  db: Kysely<Database>,
  id: string,
  justification: { reason: JustificationReason; comment: string | null; by: string; at: Date },
): Promise<AttendanceRow> {
  return db
    .updateTable('attendance_records')
    .set({
      justification_reason: justification.reason,
      justification_comment: justification.comment,
      justified_by: justification.by,
      justified_at: justification.at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markHandled(db: Kysely<Database>, id: string, by: string, at: Date): Promise<AttendanceRow> {
  return db
    .updateTable('attendance_records')
    .set({ handled_by: by, handled_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Unjustified records per pupil and establishment, for many pupils in one query (the home page asks
 * for each child at once); the caller keeps the establishments where the module is enabled.
 */
export async function unjustifiedCounts(
  db: Kysely<Database>,
  pupilIds: readonly string[],
): Promise<Array<{ pupilId: string; establishmentId: string; count: number }>> {
  if (pupilIds.length === 0) return [];
  const rows = await db
    .selectFrom('attendance_records')
    .select(['pupil_id', 'establishment_id', sql<string>`count(*)`.as('count')])
    .where('pupil_id', 'in', pupilIds)
    .where('justified_at', 'is', null)
    .groupBy(['pupil_id', 'establishment_id'])
    .execute();
  return rows.map((row) => ({ pupilId: row.pupil_id, establishmentId: row.establishment_id, count: Number(row.count) }));
}

/** Records of these establishments still to follow up (not handled). */
export async function toFollowUpCount(db: Kysely<Database>, establishmentIds: readonly string[]): Promise<number> {
  if (establishmentIds.length === 0) return 0;
  const row = await db
    .selectFrom('attendance_records')
    .select(sql<string>`count(*)`.as('count'))
    .where('establishment_id', 'in', establishmentIds)
    .where('handled_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
