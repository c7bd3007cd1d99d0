import { randomUUID } from 'node:crypto';
import { type Clock, conflict, type Logger, silentLogger, systemClock } from '@ent/kit';
import { type ControlledTransaction, type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { academicYearOf } from '../seed/academicYear.js';
import { LoginAllocator } from '../seed/logins.js';
import { detectDuplicates } from './duplicates.js';
import { FeedFileError, type FeedProblem } from './feedProblem.js';
import { type FeedFile, type FeedType, listFeedFiles } from './feedFiles.js';
import { establishmentOf, mefOf, pupilOf, relativeOf, staffOf, subjectOf, type Warn } from './feedRecords.js';
import { type AafDatabase, type AafDb, aafDb, DirectoryCache, ImportContext, type RunInfo } from './importContext.js';
import {
  type Change,
  type EstablishmentReport,
  type FileReport,
  ImportReport,
  type ImportSummary,
} from './importReport.js';
import type { CreatedUser } from './people.js';
import { applyPupils } from './pupils.js';
import { type AafRecord, readAafRecords } from './readAafRecords.js';
import { reconcile } from './reconcile.js';
import { applyRelatives } from './relatives.js';
import { applyStaff } from './staff.js';
import { applyEstablishments, applyMefs, applySubjects, type Item } from './structures.js';
import { validateRecord } from './validateRecord.js';

export interface ImportProgress {
  phase: 'validate' | 'apply' | 'reconcile';
  file: string | null;
  fileIndex: number;
  fileCount: number;
  /** Bytes of the current file read so far, and its size. */
  bytes: number;
  size: number;
  /** Records read in the current phase of the current file. */
  records: number;
  /** Records applied since the run started. */
  totalRecords: number;
}

export interface ImportOptions {
  /** The directory holding the feed files (`*_Complet_*_Eleve_0000.xml`…). */
  directory: string;
  /** Compute and report everything, write nothing (the run is made in a transaction that is rolled back). */
  dryRun?: boolean;
  /** Who runs the import, for the journal: « cli:login », « nightly ». */
  actor?: string;
  clock?: Clock;
  /** The year classes are created for; by default the one the clock is in (pass it for a rentrée feed read in August). */
  academicYear?: string;
  /** Records per transaction. */
  batchSize?: number;
  logger?: Logger;
  onProgress?: (progress: ImportProgress) => void;
  /** Every change, as it is decided (dry runs use it to write the full list of changes). */
  onChange?: (change: Change, text: string) => void;
  /** Changes kept in words per establishment for the report (all are in the journal). */
  detailsPerEstablishment?: number;
}

export type RunStatus = 'SUCCEEDED' | 'PARTIAL' | 'FAILED';

export interface ImportResult {
  runId: string;
  status: RunStatus;
  dryRun: boolean;
  academicYear: string;
  files: FileReport[];
  establishments: EstablishmentReport[];
  summary: ImportSummary;
  ignoredFiles: string[];
  elapsedMs: number;
}

const MAX_ERRORS_PER_FILE = 20;

/**
 * Imports an AAF feed directory into the annuaire. Each file is read twice: first to check it (a
 * malformed or truncated file, an unknown establishment, a pupil in a class that does not exist reject
 * the whole file before anything of it is written), then to apply it in batches of `batchSize` records,
 * one transaction each. Re-importing the same files changes nothing; complete files also decide who left.
 * A dry run goes through exactly the same steps inside one transaction that is rolled back at the end.
 */
export async function importDirectory(database: Kysely<Database>, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? 1_000;
  const run: RunInfo = {
    id: randomUUID(),
    actor: options.actor ?? 'aaf-import',
    academicYear: options.academicYear ?? academicYearOf(now),
    now,
    dryRun,
  };
  const { files, ignored } = listFeedFiles(options.directory);
  const mode = files.every((file) => file.mode === 'FULL') ? 'FULL' : files.every((file) => file.mode === 'DELTA') ? 'DELTA' : 'MIXED';
  const db = aafDb(database);

  if (!dryRun) await claimRun(db, run, mode, options.directory);
  const outer: ControlledTransaction<AafDatabase> | undefined = dryRun ? await db.startTransaction().execute() : undefined;
  const base: AafDb = outer ?? db;

  let ctx: ImportContext | undefined;
  try {
    const cache = await DirectoryCache.load(base, run.academicYear);
    const logins = new LoginAllocator();
    // The allocator reads logins only; the widened handle is the same database.
    await logins.reserveExisting(base as unknown as Kysely<Database>);
    const report = new ImportReport(
      options.detailsPerEstablishment ?? 20,
      (id) => {
        const known = cache.establishmentsById.get(id);
        return known ? { uai: known.uai, name: known.name } : undefined;
      },
      options.onChange,
    );
    ctx = new ImportContext({ run, cache, logins, report });
    const context = ctx;
    const inBatch = async (work: () => Promise<void>) => {
      if (outer) await context.batch(outer, work);
      else await db.transaction().execute((trx) => context.batch(trx, work));
    };

    let totalRecords = 0;
    let analyzedAt = 0;
    const rejected = new Set<FeedType>();
    const complete = new Set<FeedType>();
    for (const [index, file] of files.entries()) {
      const fileStarted = performance.now();
      const fileReport = report.addFile({
        name: file.name,
        type: file.type,
        mode: file.mode,
        status: 'NOT_READ',
        records: 0,
        bytes: file.size,
        errors: [],
        warnings: [],
        warningCount: 0,
        skipped: {},
        elapsedMs: 0,
      });
      context.file = fileReport;
      const progress = (phase: 'validate' | 'apply', bytes: number, records: number) =>
        options.onProgress?.({ phase, file: file.name, fileIndex: index, fileCount: files.length, bytes, size: file.size, records, totalRecords });

      progress('validate', 0, 0);
      fileReport.errors = await validateFile(file, cache, progress);
      if (fileReport.errors.length > 0) {
        fileReport.status = 'REJECTED';
        report.summary.filesRejected++;
        rejected.add(file.type);
        logger.warn({ file: file.name, errors: fileReport.errors.length }, 'feed file rejected');
        fileReport.elapsedMs = Math.round(performance.now() - fileStarted);
        continue;
      }

      progress('apply', 0, 0);
      let bytesRead = 0;
      let batch: AafRecord[] = [];
      let batchIds = new Set<string>();
      const applyBatch = async () => {
        if (batch.length === 0) return;
        const records = batch;
        batch = [];
        batchIds = new Set();
        await inBatch(() => applyRecords(context, file.type, records));
        totalRecords += records.length;
        progress('apply', bytesRead, fileReport.records);
      };
      for await (const record of readAafRecords(file.path, { onBytes: (bytes) => (bytesRead = bytes) })) {
        // The same identifier twice in a batch would be compared with the directory before its first change.
        if (batchIds.has(record.id)) await applyBatch();
        batch.push(record);
        batchIds.add(record.id);
        fileReport.records++;
        if (batch.length >= batchSize) await applyBatch();
      }
      await applyBatch();
      fileReport.status = 'APPLIED';
      const written = changesOf(report.summary);
      if (written - analyzedAt >= ANALYZE_EVERY) {
        await analyze(base);
        analyzedAt = written;
      }
      report.summary.filesApplied++;
      report.summary.records += fileReport.records;
      if (file.mode === 'FULL') complete.add(file.type);
      fileReport.elapsedMs = Math.round(performance.now() - fileStarted);
      logger.info({ file: file.name, records: fileReport.records, elapsedMs: fileReport.elapsedMs }, 'feed file applied');
    }

    context.file = undefined;
    options.onProgress?.({ phase: 'reconcile', file: null, fileIndex: files.length, fileCount: files.length, bytes: 0, size: 0, records: 0, totalRecords });
    const completeAndApplied = (type: FeedType) => complete.has(type) && !rejected.has(type);
    const structuresKnown = completeAndApplied('EtabEducNat');
    await reconcile(context, inBatch, {
      departures: structuresKnown ? (['Eleve', 'PersEducNat'] as const).filter(completeAndApplied) : [],
      closeUnusedUnits: structuresKnown && completeAndApplied('Eleve'),
    }, logger);

    if (changesOf(report.summary) > analyzedAt) {
      const analyzeStarted = performance.now();
      await analyze(base);
      logger.info({ elapsedMs: Math.round(performance.now() - analyzeStarted) }, 'statistics refreshed');
    }

    const status: RunStatus = report.summary.filesRejected > 0 ? 'PARTIAL' : 'SUCCEEDED';
    const result: ImportResult = {
      runId: run.id,
      status,
      dryRun,
      academicYear: run.academicYear,
      files: report.files,
      establishments: report.establishments,
      summary: report.summary,
      ignoredFiles: ignored,
      elapsedMs: Math.round(performance.now() - started),
    };
    if (outer) await outer.rollback().execute();
    await saveRun(db, run, result, mode, options.directory, null);
    logger.info({ runId: run.id, status, dryRun, summary: report.summary, elapsedMs: result.elapsedMs }, 'directory import finished');
    return result;
  } catch (error) {
    if (outer) await outer.rollback().execute();
    if (!dryRun) {
      const partial: ImportResult = {
        runId: run.id,
        status: 'FAILED',
        dryRun,
        academicYear: run.academicYear,
        files: ctx?.report.files ?? [],
        establishments: ctx?.report.establishments ?? [],
        summary: ctx?.report.summary ?? ({} as ImportSummary),
        ignoredFiles: ignored,
        elapsedMs: Math.round(performance.now() - started),
      };
      await saveRun(db, run, partial, mode, options.directory, error instanceof Error ? error.message : String(error)).catch(() => {});
    }
    logger.error({ err: error, runId: run.id }, 'directory import failed');
    throw error;
  }
}

/** A run left RUNNING this long ago died without saying so (the process was killed). */
const ABANDONED_AFTER_MS = 12 * 3_600_000;

/**
 * Records the run as RUNNING, or refuses: at most one RUNNING row can exist (a unique index), so two
 * imports never interleave their batches, whichever processes start them.
 */
async function claimRun(db: AafDb, run: RunInfo, mode: string, source: string): Promise<void> {
  await db
    .updateTable('directory_import_runs')
    .set({ status: 'FAILED', error: 'abandoned: the process stopped without finishing', finished_at: run.now })
    .where('status', '=', 'RUNNING')
    .where('started_at', '<', new Date(run.now.getTime() - ABANDONED_AFTER_MS))
    .execute();
  try {
    await db
      .insertInto('directory_import_runs')
      .values({
        id: run.id,
        started_at: run.now,
        status: 'RUNNING',
        dry_run: false,
        mode,
        source,
        actor: run.actor,
        academic_year: run.academicYear,
        files: '[]',
        summary: '{}',
        establishments: '[]',
      })
      .execute();
  } catch (error) {
    const running = await db.selectFrom('directory_import_runs').select(['actor', 'started_at']).where('status', '=', 'RUNNING').executeTakeFirst();
    if (!running) throw error;
    throw conflict(`un import de l’annuaire est déjà en cours (lancé par ${running.actor} le ${running.started_at.toISOString()})`);
  }
}

/** Records the run for the administration screen: updated in place for a real run, added after a dry run. */
async function saveRun(db: AafDb, run: RunInfo, result: ImportResult, mode: string, source: string, error: string | null): Promise<void> {
  const values = {
    finished_at: new Date(run.now.getTime() + result.elapsedMs),
    status: result.status,
    files: JSON.stringify(result.files),
    summary: JSON.stringify(result.summary),
    establishments: JSON.stringify(result.establishments),
    error,
  };
  if (run.dryRun) {
    await db
      .insertInto('directory_import_runs')
      .values({ id: run.id, started_at: run.now, dry_run: true, mode, source, actor: run.actor, academic_year: run.academicYear, ...values })
      .execute();
  } else {
    await db.updateTable('directory_import_runs').set(values).where('id', '=', run.id).execute();
  }
}

/** Changes after which the planner's statistics are refreshed: PGlite has no autovacuum to do it. */
const ANALYZE_EVERY = 5_000;

function changesOf(summary: ImportSummary): number {
  return summary.created + summary.updated + summary.moved + summary.deactivated + summary.reactivated + summary.structuresChanged;
}

/**
 * Fresh statistics for the tables an import fills: without them the planner, still believing the tables
 * empty, scans whole tables for every batch of the next file (and of the next night's run).
 */
async function analyze(db: AafDb): Promise<void> {
  await sql`analyze users, user_external_ids, user_profiles, class_members, group_members, family_links, teaching_assignments,
    directory_pupil_relations, class_enrolments, classes, groups, directory_import_journal, directory_duplicate_candidates`.execute(db);
}

async function validateFile(
  file: FeedFile,
  cache: DirectoryCache,
  progress: (phase: 'validate', bytes: number, records: number) => void,
): Promise<FeedProblem[]> {
  const errors: FeedProblem[] = [];
  let records = 0;
  let bytesRead = 0;
  try {
    for await (const record of readAafRecords(file.path, { onBytes: (bytes) => (bytesRead = bytes) })) {
      records++;
      const problem = validateRecord(file.type, record, cache);
      if (problem) {
        errors.push(problem);
        if (errors.length >= MAX_ERRORS_PER_FILE) break;
      }
      if (records % 5_000 === 0) progress('validate', bytesRead, records);
    }
  } catch (error) {
    if (!(error instanceof FeedFileError)) throw error;
    errors.push(error.problem);
  }
  progress('validate', bytesRead, records);
  return errors;
}

async function applyRecords(ctx: ImportContext, type: FeedType, records: readonly AafRecord[]): Promise<void> {
  const warnFor =
    (record: AafRecord): Warn =>
    (code, message) =>
      ctx.warn(record, code, message);
  const created: CreatedUser[] = [];
  switch (type) {
    case 'EtabEducNat':
      applyEstablishments(
        ctx,
        records.map((record) => ({ record, data: establishmentOf(record) })),
      );
      return;
    case 'MatiereEducNat':
      applySubjects(
        ctx,
        records.map((record) => ({ record, data: subjectOf(record) })),
      );
      return;
    case 'MefEducNat':
      applyMefs(
        ctx,
        records.map((record) => ({ record, data: mefOf(record) })),
      );
      return;
    case 'Eleve':
      await applyPupils(ctx, items(records, (record) => pupilOf(record, warnFor(record))), created);
      break;
    case 'PersRelEleve':
      await applyRelatives(ctx, items(records, (record) => relativeOf(record, warnFor(record))), created);
      break;
    case 'PersEducNat':
      await applyStaff(ctx, items(records, (record) => staffOf(record, warnFor(record))), created);
      break;
  }
  if (created.length > 0) {
    ctx.afterFlush(async (db) => {
      ctx.report.summary.duplicatesReported += await detectDuplicates(db, created, ctx.run.id, ctx.run.now);
    });
  }
}

function items<T>(records: readonly AafRecord[], map: (record: AafRecord) => T): Item<T>[] {
  return records.map((record) => ({ record, data: map(record) }));
}
