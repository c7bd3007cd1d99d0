/**
 * Dates are shown and typed in the time zone of the Hauts-de-Seine's schools, whatever the zone of the
 * administrator's computer: « from Monday 8:00 » means 8:00 at school. An overseas deployment changes
 * this one constant.
 */
export const SCHOOL_TIME_ZONE = 'Europe/Paris';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far ahead of UTC the zone's wall clock is at an instant, in milliseconds. */
function zoneOffsetAt(instant: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks show `date` (YYYY-MM-DD) at `time` (HH:MM), or null when the
 * date or time does not exist on a calendar (2027-02-30, 24:10). A time skipped by the spring change
 * (02:30 on the last Sunday of March) gives the instant one hour later, as clocks do.
 */
export function wallTimeToInstant(date: string, time: string, timeZone: string = SCHOOL_TIME_ZONE): Date | null {
  const d = DATE_PATTERN.exec(date);
  const t = TIME_PATTERN.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // Two passes: the offset at the first guess may differ from the offset at the answer around a change.
  const first = asUtc - zoneOffsetAt(asUtc, timeZone);
  return new Date(asUtc - zoneOffsetAt(first, timeZone));
}

/** The zone's calendar date (YYYY-MM-DD) at an instant: the default and minimum of a date field. */
export function schoolDateOf(instant: Date, timeZone: string = SCHOOL_TIME_ZONE): string {
  const wall = new Date(instant.getTime() + zoneOffsetAt(instant.getTime(), timeZone));
  return wall.toISOString().slice(0, 10);
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** « lundi 4 janvier 2027 à 08:00 » — an instant as the school's clock shows it, in French. */
export function formatSchoolDateTime(instant: Date | string, timeZone: string = SCHOOL_TIME_ZONE): string {
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('fr-FR', { timeZone, dateStyle: 'full', timeStyle: 'short' });
    dateTimeFormatters.set(timeZone, formatter);
  }
  return formatter.format(typeof instant === 'string' ? new Date(instant) : instant);
}
