/** Pure logic of the screens (tested without a DOM). */
export interface RecordView {
  id: string;
  date: string;
  slot: string;
  kind: 'ABSENCE' | 'LATENESS';
  minutesLate: number | null;
  handledAt: string | null;
  establishmentId: string;
  pupil: { id: string; displayName: string };
  justification: { reason: string; comment: string | null } | null;
}

export type RecordStatus = { key: 'handled' } | { key: 'justified'; reason: string } | { key: 'unjustified' };

export function statusOf(record: RecordView): RecordStatus {
  if (record.handledAt) return { key: 'handled' };
  if (record.justification) return { key: 'justified', reason: record.justification.reason };
  return { key: 'unjustified' };
}

/** A parent may justify a child's record while it is not handled; others never. */
export function canJustify(record: RecordView, childIds: readonly string[]): boolean {
  return childIds.includes(record.pupil.id) && !record.handledAt;
}

/** « 2026-11-30 » → « 30/11/2026 ». */
export function frenchDate(date: string): string {
  const [year, month, day] = date.split('-');
  return year && month && day ? `${day}/${month}/${year}` : date;
}
