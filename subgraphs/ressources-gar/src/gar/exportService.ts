import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, JobQueue, Logger } from '@ent/kit';
import type { Kysely, Selectable } from 'kysely';
import type { Database, GarExportsTable } from '../db/database.js';
import type { DirectoryClient } from './directoryClient.js';
import { type ExportReport, runGarExport } from './runExport.js';

export const GAR_EXPORT_JOB = 'gar-export';

export interface ExportServiceOptions {
  db: Kysely<Database>;
  directory: DirectoryClient;
  clock: Clock;
  logger: Logger;
  outDir: string;
  idEnt: string;
  demo: boolean;
  /** Where a successful archive is delivered (GAR's SFTP in production; the simulator's /depot in demo). */
  deliver?: ((archivePath: string, archiveName: string) => Promise<void>) | undefined;
}

export interface ExportService {
  run(trigger: string): Promise<Selectable<GarExportsTable>>;
  history(first: number): Promise<Selectable<GarExportsTable>[]>;
}

export function createExportService(options: ExportServiceOptions): ExportService {
  const { db, logger } = options;
  let running: Promise<Selectable<GarExportsTable>> | null = null;

  async function runOnce(trigger: string): Promise<Selectable<GarExportsTable>> {
    const managers = await db.selectFrom('affectation_managers').select(['user_id as userId', 'establishment_id as establishmentId']).execute();
    const report: ExportReport = await runGarExport({
      directory: options.directory,
      outDir: options.outDir,
      idEnt: options.idEnt,
      managers,
      demo: options.demo,
      logger,
      now: () => options.clock.now(),
    });
    if (report.status === 'SUCCEEDED' && report.archive && options.deliver) {
      try {
        await options.deliver(join(options.outDir, report.archive), report.archive);
      } catch (error) {
        // The archive is kept in outDir: a later run or an operator delivers it.
        logger.error({ err: error, archive: report.archive }, 'GAR export: delivery failed');
      }
    }
    const row = {
      id: report.id ?? randomUUID(),
      trigger,
      status: report.status,
      started_at: new Date(report.startedAt),
      finished_at: new Date(report.finishedAt),
      archive: report.archive,
      md5: report.md5,
      report: JSON.stringify(report),
    };
    await db.insertInto('gar_exports').values(row).execute();
    return { ...row, report: report as unknown as Record<string, unknown> };
  }

  return {
    run(trigger) {
      // One export at a time per process; the job queue keeps replicas from running it twice.
      if (!running) running = runOnce(trigger).finally(() => (running = null));
      return running;
    },
    history(first) {
      return db.selectFrom('gar_exports').selectAll().orderBy('started_at', 'desc').limit(first).execute();
    },
  };
}

/** Demo delivery: PUT the archive on the simulator's /depot (GAR receives it by SFTP in production). */
export function httpDelivery(depotUrl: string, fetcher: typeof fetch = fetch) {
  return async (archivePath: string, archiveName: string) => {
    const body = await readFile(archivePath);
    const response = await fetcher(`${depotUrl.replace(/\/$/, '')}/${encodeURIComponent(archiveName)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/gzip' },
      body,
    });
    if (!response.ok) throw new Error(`depot answered HTTP ${response.status}`);
  };
}

/**
 * The nightly export on the kit's job queue: once a day at `at` (Europe/Paris), once however many
 * replicas run. A failed validation is a report kept in the history, not a reason to retry the same
 * data; an exception (database down) is retried by the queue.
 */
export async function scheduleNightlyExport(jobs: JobQueue<Database>, exports: ExportService, logger: Logger, at: string): Promise<void> {
  jobs.register(GAR_EXPORT_JOB, async (_payload, job) => {
    const run = await exports.run(`nightly:${job.id}`);
    logger.info({ status: run.status, archive: run.archive }, 'nightly GAR export');
  });
  await jobs.every(GAR_EXPORT_JOB, { at });
}
