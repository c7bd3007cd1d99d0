import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { ImportRunStatus } from '../db/importTables.js';
import { aafDb } from './importContext.js';
import type { EstablishmentReport, FileReport, ImportSummary } from './importReport.js';

export interface ImportRun {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: ImportRunStatus;
  dryRun: boolean;
  mode: string;
  source: string;
  actor: string;
  academicYear: string;
  summary: Partial<ImportSummary>;
  error: string | null;
}

export interface ImportRunReport extends ImportRun {
  files: FileReport[];
  establishments: EstablishmentReport[];
}

type RunRow = {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  status: ImportRunStatus;
  dry_run: boolean;
  mode: string;
  source: string;
  actor: string;
  academic_year: string;
  summary: Record<string, unknown>;
  error: string | null;
};

function runOf(row: RunRow): ImportRun {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    dryRun: row.dry_run,
    mode: row.mode,
    source: row.source,
    actor: row.actor,
    academicYear: row.academic_year,
    summary: row.summary as Partial<ImportSummary>,
    error: row.error,
  };
}

const RUN_COLUMNS = ['id', 'started_at', 'finished_at', 'status', 'dry_run', 'mode', 'source', 'actor', 'academic_year', 'summary', 'error'] as const;

/** Import history for the administration screen, newest first (without the per-file and per-establishment detail). */
export async function listImportRuns(
  db: Kysely<Database>,
  options: { limit?: number; offset?: number; includeDryRuns?: boolean } = {},
): Promise<ImportRun[]> {
  const rows = await aafDb(db)
    .selectFrom('directory_import_runs')
    .select(RUN_COLUMNS)
    .$if(!options.includeDryRuns, (qb) => qb.where('dry_run', '=', false))
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(Math.min(options.limit ?? 20, 200))
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(runOf);
}

/** The latest run's full report (files with their errors, establishments with their counts and first changes). */
export async function lastImportReport(db: Kysely<Database>, options: { includeDryRuns?: boolean } = {}): Promise<ImportRunReport | undefined> {
  const row = await aafDb(db)
    .selectFrom('directory_import_runs')
    .select([...RUN_COLUMNS, 'files', 'establishments'])
    .$if(!options.includeDryRuns, (qb) => qb.where('dry_run', '=', false))
    .where('status', '<>', 'RUNNING')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...runOf(row), files: row.files as FileReport[], establishments: row.establishments as EstablishmentReport[] };
}

export interface JournalEntry {
  id: string;
  runId: string | null;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  externalId: string | null;
  establishmentId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  file: string | null;
  line: number | null;
}

/**
 * What the imports did to a person, newest first — including the history of accounts merged into it,
 * which a merge keeps apart rather than rewrites.
 */
export async function importHistoryOfUser(db: Kysely<Database>, userId: string, options: { limit?: number } = {}): Promise<JournalEntry[]> {
  const { rows } = await sql<{
    id: string;
    run_id: string | null;
    at: Date;
    actor: string;
    action: string;
    entity_type: string;
    entity_id: string | null;
    external_id: string | null;
    establishment_id: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    file: string | null;
    line: number | null;
  }>`
    select j.* from directory_import_journal j
    where j.entity_id = ${userId} or j.entity_id in (select u.id from users u where u.merged_into = ${userId})
    order by j.id desc limit ${Math.min(options.limit ?? 100, 1000)}`.execute(db);
  return rows.map((row) => ({
    id: String(row.id),
    runId: row.run_id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    externalId: row.external_id,
    establishmentId: row.establishment_id,
    before: row.before,
    after: row.after,
    file: row.file,
    line: row.line,
  }));
}
