import { type AdminMessage, type AdminMessageKey, adminMessages } from '../messages.js';
import { formatSchoolDateTime, SCHOOL_TIME_ZONE } from '../schoolTime.js';

// The annuaire's schema (subgraphs/annuaire/schema.graphql) is the reference for these shapes.

export type ImportStatus = 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';

export interface ImportSummary {
  created: number;
  updated: number;
  moved: number;
  deactivated: number;
  reactivated: number;
  structuresChanged: number;
  duplicatesReported: number;
  records: number;
  filesApplied: number;
  filesRejected: number;
  warnings: number;
}

export interface ImportProblem {
  file: string;
  line: number | null;
  identifier: string | null;
  code: string;
  message: string;
}

export interface ImportFile {
  name: string;
  type: string;
  status: string;
  records: number;
  warningCount: number;
  errors: ImportProblem[];
}

export interface ImportEstablishment {
  uai: string | null;
  name: string;
  created: number;
  updated: number;
  moved: number;
  deactivated: number;
  reactivated: number;
  structuresChanged: number;
  details: string[];
}

export interface DirectoryImport {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: ImportStatus;
  dryRun: boolean;
  mode: string;
  actor: string;
  academicYear: string;
  error: string | null;
  summary: ImportSummary;
  files: ImportFile[] | null;
  establishments: ImportEstablishment[] | null;
}

export interface ImportRunRow {
  id: string;
  startedAt: string;
  status: ImportStatus;
  dryRun: boolean;
  mode: string;
  summary: Pick<ImportSummary, 'created' | 'updated' | 'moved' | 'deactivated'>;
}

export interface DuplicatePerson {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  externalIds: string[];
  profiles: string[];
}

export interface DuplicateCandidate {
  id: string;
  reasons: string[];
  detectedAt: string;
  user: DuplicatePerson;
  otherUser: DuplicatePerson;
}

/** The summary's lines, in the order a person reads a report: what changed, then what was read. */
export const SUMMARY_LINES: ReadonlyArray<keyof ImportSummary> = [
  'created',
  'updated',
  'moved',
  'deactivated',
  'reactivated',
  'structuresChanged',
  'duplicatesReported',
  'records',
  'filesApplied',
  'filesRejected',
  'warnings',
];

/** A label from the catalogue when it knows the value (« Réussi », « Complet »), else null: show the server's value as is. */
export function labelOf(prefix: 'imports.status' | 'imports.mode' | 'duplicates.reason' | 'profile', value: string): AdminMessage | null {
  const key = `${prefix}.${value}`;
  return Object.hasOwn(adminMessages, key) ? { key: key as AdminMessageKey } : null;
}

/** The errors of the rejected files, each located by file, line and record identifier. */
export function rejectedFileErrors(files: readonly ImportFile[] | null): ImportProblem[] {
  return (files ?? []).flatMap((file) => file.errors);
}

/** « Claire Durand ». */
export function personName(person: Pick<DuplicatePerson, 'firstName' | 'lastName'>): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

const birthFormatter = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** « 4 janvier 2013 »: a birth date (YYYY-MM-DD) is a calendar day, not an instant; null when unreadable. */
export function formatBirthDate(date: string | null): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return null;
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? null : birthFormatter.format(parsed);
}

/** An instant of a report in the school's time zone, in French. */
export function formatImportDate(instant: string, timeZone: string = SCHOOL_TIME_ZONE): string {
  return formatSchoolDateTime(instant, timeZone);
}
