/**
 * School days are Paris dates (YYYY-MM-DD), as the subgraph stores due dates: a day never shifts with
 * the browser's time zone. Calendar arithmetic is done at noon UTC, where no daylight-saving change lands.
 */

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value: string | null | undefined): value is string {
  return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T12:00:00Z`));
}

/** The Paris date of an instant. */
export function parisDate(instant: Date): string {
  return PARIS_DATE.format(instant);
}

/** HH:MM in Paris of an instant. */
export function parisTime(instant: Date): string {
  const parts = Object.fromEntries(PARIS_PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts['hour']}:${parts['minute']}`;
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

export interface Week {
  monday: string;
  /** Sunday. */
  sunday: string;
  previous: string;
  next: string;
}

export function weekOf(date: string): Week {
  const monday = mondayOf(date);
  return { monday, sunday: addDays(monday, 6), previous: addDays(monday, -7), next: addDays(monday, 7) };
}

/**
 * The days a week view shows: Monday to Friday always, Saturday and Sunday only when something is on
 * them (a collège may teach on Saturday morning; a teacher may plan on a Sunday).
 */
export function visibleDays(monday: string, busyDates: Iterable<string>): string[] {
  const busy = new Set(busyDates);
  const days: string[] = [];
  for (let index = 0; index < 7; index++) {
    const day = addDays(monday, index);
    if (index < 5 || busy.has(day)) days.push(day);
  }
  return days;
}

/**
 * The instant of a Paris wall-clock time (`date` YYYY-MM-DD, `time` HH:MM), whatever the browser's zone:
 * the offset is read from Intl for that moment (it changes twice a year).
 */
export function parisInstant(date: string, time: string): Date {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const wanted = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
  let guess = wanted;
  // Two passes settle it even on the days the offset changes.
  for (let pass = 0; pass < 2; pass++) {
    const parts = Object.fromEntries(PARIS_PARTS.formatToParts(new Date(guess)).map((part) => [part.type, part.value]));
    const shown = Date.UTC(
      Number(parts['year']),
      Number(parts['month']) - 1,
      Number(parts['day']),
      Number(parts['hour']),
      Number(parts['minute']),
      Number(parts['second']),
    );
    guess += wanted - shown;
  }
  return new Date(guess);
}

const LONG = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const LONG_YEAR = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** « jeudi 3 décembre ». */
export function longDay(date: string): string {
  return LONG.format(new Date(`${date}T12:00:00Z`));
}

/** « 3 décembre 2026 ». */
export function longDate(date: string): string {
  return LONG_YEAR.format(new Date(`${date}T12:00:00Z`));
}

/** « 3 décembre 2026 à 08:30 » (Paris). */
export function longDateTime(instant: Date): string {
  return `${longDate(parisDate(instant))} à ${parisTime(instant)}`;
}
