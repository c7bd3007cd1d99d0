import type { ColumnType, Generated, Selectable } from 'kysely';

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One row per job run (recurring jobs get a new row per occurrence). Written by `createJobQueue` only. */
export interface JobsTable {
  id: Generated<string>;
  name: string;
  /** JSON; inserted as text cast to jsonb, so arrays and strings survive the driver unchanged. */
  payload: ColumnType<unknown, string, string>;
  run_at: Date;
  /** Claims so far, counting the current one. */
  attempts: Generated<number>;
  max_attempts: number;
  status: Generated<JobStatus>;
  locked_by: string | null;
  /** End of the running worker's lease: past it, the worker is presumed dead and the job is claimed again. */
  locked_until: Date | null;
  last_error: string | null;
  /** Unique among pending and running jobs: scheduling twice with the same key schedules once. */
  dedupe_key: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export type JobRow = Selectable<JobsTable>;

/** A subgraph that runs jobs adds `jobs: JobsTable` to its own `Database` interface. */
export interface JobsDatabase {
  jobs: JobsTable;
}
