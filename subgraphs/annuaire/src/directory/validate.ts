import { badUserInput, format, isLevel, isProfile, type Level, type Profile } from '@ent/kit';
import { messages } from '../messages.js';

/** Input checks for the administration mutations; each names the offending field in French. */
export function requiredText(field: string, value: string | null | undefined, max = 100): string {
  const text = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!text) throw badUserInput(field, messages.required);
  if (text.length > max) throw badUserInput(field, format(messages.tooLong, { max }));
  return text;
}

export function optionalText(field: string, value: string | null | undefined, max = 100): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(field, value, max);
}

export function login(field: string, value: string): string {
  const normalised = value.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(normalised)) throw badUserInput(field, messages.loginFormat);
  return normalised;
}

export function email(field: string, value: string | null | undefined): string | null {
  const text = optionalText(field, value, 254);
  if (text === null) return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw badUserInput(field, messages.emailFormat);
  return text.toLowerCase();
}

export function uai(field: string, value: string): string {
  const normalised = value.trim().toUpperCase();
  if (!/^\d{7}[A-Z]$/.test(normalised)) throw badUserInput(field, messages.uaiFormat);
  return normalised;
}

export function academicYear(field: string, value: string): string {
  const match = /^(\d{4})-(\d{4})$/.exec(value.trim());
  if (!match || Number(match[2]) !== Number(match[1]) + 1) throw badUserInput(field, messages.academicYearFormat);
  return value.trim();
}

export function level(field: string, value: string): Level {
  if (!isLevel(value)) throw badUserInput(field, messages.required);
  return value;
}

export function profile(field: string, value: string): Profile {
  if (!isProfile(value)) throw badUserInput(field, messages.required);
  return value;
}

export function first(field: string, value: number | null | undefined, max: number, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badUserInput(field, format(messages.first, { max }));
  return n;
}

/** Unique-constraint violations, from PostgreSQL and PGlite alike. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}
