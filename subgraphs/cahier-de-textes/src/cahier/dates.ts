import { badUserInput, format } from '@ent/kit';
import { messages } from '../messages.js';

const PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The school day (Europe/Paris) of an instant, as YYYY-MM-DD. */
export function parisDate(instant: Date): string {
  return PARIS.format(instant);
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

export function parseDate(field: string, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T12:00:00Z`)) || new Date(`${value}T12:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw badUserInput(field, messages.dateFormat);
  }
  return value;
}

export function parseDateTime(field: string, value: string): Date {
  const instant = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(instant.getTime())) throw badUserInput(field, messages.dateTimeFormat);
  return instant;
}

/** A reading period, checked and bounded so one query cannot ask for years of rows. */
export function parsePeriod(from: string, to: string, maxDays = 366): { from: string; to: string } {
  const start = parseDate('from', from);
  const end = parseDate('to', to);
  if (end < start) throw badUserInput('to', messages.periodOrder);
  if (daysBetween(start, end) > maxDays) throw badUserInput('to', format(messages.periodTooLong, { days: maxDays }));
  return { from: start, to: end };
}

/** Monday (YYYY-MM-DD) of the week of a date. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes Paris is ahead of UTC at an instant (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: Date): number {
  const parts = Object.fromEntries(PARIS_PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The same wall-clock time in Paris `days` days later: a séance at 8 h in September is at 8 h in
 * December too, although the UTC offset changed in between.
 */
export function shiftParisDays(instant: Date, days: number): Date {
  const wallClock = instant.getTime() + parisOffsetMinutes(instant) * 60_000 + days * 86_400_000;
  const guess = new Date(wallClock - parisOffsetMinutes(new Date(wallClock)) * 60_000);
  // Near a change of offset the guess's own offset is the one that applies.
  return new Date(wallClock - parisOffsetMinutes(guess) * 60_000);
}
