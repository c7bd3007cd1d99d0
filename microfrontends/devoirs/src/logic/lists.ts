/** A pupil's assignments in three groups: to hand in (open, nothing handed in), handed in (or marked), missed (closed, nothing handed in). */
export interface PupilItem {
  open: boolean;
  work: { status: 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'LATE' | 'MARKED' | 'RETURNED' } | null;
}

export function partitionForPupil<T extends PupilItem>(items: readonly T[]): { todo: T[]; done: T[]; missed: T[] } {
  const handedIn = (item: T) => item.work !== null && item.work.status !== 'NOT_STARTED' && item.work.status !== 'DRAFT';
  return {
    todo: items.filter((item) => !handedIn(item) && item.open),
    done: items.filter(handedIn),
    missed: items.filter((item) => !handedIn(item) && !item.open),
  };
}
