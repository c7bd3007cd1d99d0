const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: 'numeric' });

/**
 * The school year a date falls in, as the annuaire stores it: September starts a year, so
 * 2026-11-30 is in '2026-2027' and 2027-06-30 too. Read on the Paris calendar, so the night of
 * 31 August (UTC) already belongs to the new year in France.
 */
export function academicYearOf(date: Date): string {
  const parts = PARIS_DATE.formatToParts(date);
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  const start = month >= 9 ? year : year - 1;
  return `${start}-${start + 1}`;
}
