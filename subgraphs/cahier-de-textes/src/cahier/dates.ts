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
