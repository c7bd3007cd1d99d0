import { badUserInput, FILE_TYPES, format } from '@ent/kit';
import { messages } from '../messages.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Trimmed text, required or not, at most `max` characters. */
export function text(field: string, value: string | null | undefined, max: number, required: boolean): string {
  const trimmed = (value ?? '').trim();
  if (required && trimmed === '') throw badUserInput(field, messages.required);
  if (trimmed.length > max) throw badUserInput(field, format(messages.tooLong, { max }));
  return trimmed;
}

/** An ISO 8601 date-time with its offset (or Z). */
export function parseDateTime(field: string, value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) throw badUserInput(field, messages.dateTimeFormat);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw badUserInput(field, messages.dateTimeFormat);
  return instant;
}

export type FileKind = 'PDF' | 'IMAGE' | 'OFFICE' | 'TEXT';
export const FILE_KINDS: readonly FileKind[] = ['PDF', 'IMAGE', 'OFFICE', 'TEXT'];
export const DEFAULT_KINDS: readonly FileKind[] = ['PDF', 'IMAGE', 'OFFICE'];

/** The kit's sniffed types behind each family a teacher may allow. */
const TYPES_OF_KIND: Record<FileKind, readonly string[]> = {
  PDF: [FILE_TYPES.pdf],
  IMAGE: [FILE_TYPES.png, FILE_TYPES.jpeg, FILE_TYPES.gif, FILE_TYPES.webp],
  OFFICE: [FILE_TYPES.docx, FILE_TYPES.xlsx, FILE_TYPES.pptx, FILE_TYPES.odt, FILE_TYPES.ods, FILE_TYPES.odp],
  TEXT: [FILE_TYPES.text],
};

export const typesOfKinds = (kinds: readonly string[]): string[] => kinds.flatMap((kind) => TYPES_OF_KIND[kind as FileKind] ?? []);

export const MEGABYTE = 1024 * 1024;
/** A pupil's handed-in version holds at most this many files. */
export const MAX_FILES_PER_WORK = 10;
