const DAY_MS = 86_400_000;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
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
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading in `timeZone` at `instant`, written as if it were UTC (milliseconds). */
function wallTimeOf(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
}

function offsetAt(instant: number, timeZone: string): number {
  return wallTimeOf(Math.floor(instant / 1000) * 1000, timeZone) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time (given as if UTC) happens in `timeZone`, with the disambiguation of
 * Temporal's 'compatible' (and of cron): a time that occurs twice (autumn) is the earlier one; a time
 * that does not exist (spring, 02:30 in Paris on the last Sunday of March) moves forward by the gap (03:30).
 */
export function instantOfWallTime(wallTime: number, timeZone: string): Date {
  const before = offsetAt(wallTime - DAY_MS, timeZone);
  const after = offsetAt(wallTime + DAY_MS, timeZone);
  const candidates = [wallTime - before, wallTime - after].filter((instant) => wallTimeOf(instant, timeZone) === wallTime);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wallTime - before);
}

export function parseTimeOfDay(time: string): { hour: number; minute: number } {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new Error(`invalid time of day (expected HH:MM): ${time}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The first instant strictly after `after` at which the clocks of `timeZone` read `time` ('02:30'). */
export function nextDailyOccurrence(after: Date, time: string, timeZone = 'Europe/Paris'): Date {
  const { hour, minute } = parseTimeOfDay(time);
  const today = new Date(wallTimeOf(after.getTime(), timeZone));
  for (let day = 0; day <= 2; day++) {
    const wallTime = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + day, hour, minute);
    const instant = instantOfWallTime(wallTime, timeZone);
    if (instant.getTime() > after.getTime()) return instant;
  }
  throw new Error('unreachable: a time of day recurs within two days');
}
