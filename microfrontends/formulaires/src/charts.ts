/** One bar of a results chart: its value, count, share of the answers and width in the drawing. */
export interface Bar {
  label: string;
  count: number;
  /** Rounded percentage of the answers to the question (0 when none). */
  percent: number;
  /** Width in SVG units, out of `width`; at least 1 for a non-zero count so it stays visible. */
  width: number;
}

export function bars(counts: ReadonlyArray<{ label: string; count: number }>, answered: number, width = 100): Bar[] {
  const max = Math.max(0, ...counts.map((entry) => entry.count));
  return counts.map((entry) => ({
    label: entry.label,
    count: entry.count,
    percent: answered > 0 ? Math.round((entry.count / answered) * 100) : 0,
    width: max === 0 ? 0 : Math.max(entry.count > 0 ? 1 : 0, Math.round((entry.count / max) * width)),
  }));
}
