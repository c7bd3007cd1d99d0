import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import {
  type Claim,
  cancelPendingJobs,
  claimDueJobs,
  deleteFinishedJobs,
  extendLease,
  findActiveJobId,
  insertJob,
  markDone,
  markFailed,
  markRetry,
  releaseExpiredLeases,
} from './jobs.repository.js';
import type { JobRow, JobsDatabase } from './jobs.table.js';
import { nextDailyOccurrence, parseTimeOfDay } from './nextDailyOccurrence.js';

export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  runAt: Date;
  workerId: string;
  /**
   * A job longer than the queue's lease (a nightly export) calls this as it progresses, to keep the job
   * from being presumed abandoned. Resolves false when the lease was already lost: stop, another worker
   * has the job.
   */
  extendLease(ms?: number): Promise<boolean>;
}

/**
 * Does the job's work. A job runs once in normal operation, but a worker that outlives its lease (a
 * long pause, a lost network) may see its job taken over: handlers must be safe to run again.
 */
export type JobHandler<P = unknown> = (payload: P, job: JobContext) => Promise<void>;

export interface ScheduleOptions {
  /** Defaults to now (the clock's). */
  runAt?: Date | undefined;
  /** At most one pending or running job holds a key: scheduling again returns the existing job. */
  dedupeKey?: string | undefined;
  maxAttempts?: number | undefined;
}

/** Daily at a wall-clock time (`'02:30'`, Europe/Paris unless told), or every `intervalMs`. */
export type Recurrence = { at: string; timeZone?: string | undefined } | { intervalMs: number };

export interface JobQueueOptions<DB extends JobsDatabase> {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  /** Names this process in `locked_by`; defaults to host, pid and a random suffix. */
  workerId?: string | undefined;
  /** How long a claim holds before the job is presumed abandoned and claimed again (default 5 min). */
  leaseMs?: number | undefined;
  /** Default for `schedule` (5). */
  maxAttempts?: number | undefined;
  /** Retry n waits retryBaseMs·2^(n−1), at most retryMaxMs (defaults 30 s and 1 h). */
  retryBaseMs?: number | undefined;
  retryMaxMs?: number | undefined;
}

export type JobOutcome = 'done' | 'retry' | 'failed' | 'lost';

export interface JobResult {
  id: string;
  name: string;
  outcome: JobOutcome;
}

export interface JobQueue<DB extends JobsDatabase> {
  readonly workerId: string;
  /**
   * Adds a job. Pass the mutation's transaction as `trx` so the job commits (or rolls back) with it.
   * Returns the job's id, and whether it was created (false: the dedupe key was already held).
   */
  schedule(
    name: string,
    payload: unknown,
    options?: ScheduleOptions,
    trx?: Kysely<DB>,
  ): Promise<{ id: string; created: boolean }>;
  /** Cancels the pending job(s) with this id or dedupe key; returns how many. */
  cancel(target: { id: string } | { dedupeKey: string }, trx?: Kysely<DB>): Promise<number>;
  /** One handler per name; this process claims only the names it has handlers for. */
  register<P = unknown>(name: string, handler: JobHandler<P>): void;
  /**
   * Makes `name` recurring: schedules its first occurrence unless one is pending or running (so every
   * replica may call it at start-up), and, whenever an occurrence finishes, done or finally failed,
   * the next one. A changed recurrence takes effect from the occurrence after the pending one.
   */
  every(name: string, recurrence: Recurrence, payload?: unknown): Promise<void>;
  /** Claims and runs due jobs until none is due; the polling loop and tests both use it. */
  runDue(options?: { batchSize?: number }): Promise<JobResult[]>;
  /** Polls every `pollIntervalMs`, running up to `concurrency` jobs at once. */
  start(options?: { pollIntervalMs?: number; concurrency?: number }): void;
  /** Stops polling and waits for the running handlers to finish and record their outcome. */
  stop(): Promise<void>;
  /** Retention: deletes jobs finished (done, failed, cancelled) before `finishedBefore`. */
  purgeFinished(finishedBefore: Date): Promise<number>;
}

/** The dedupe key of a recurring job's occurrences. */
export function recurringDedupeKey(name: string): string {
  return `every:${name}`;
}

export function createJobQueue<DB extends JobsDatabase>(options: JobQueueOptions<DB>): JobQueue<DB> {
  // Kysely<DB> is not assignable to Kysely<JobsDatabase> although DB has the jobs table; the queue
  // touches nothing else.
  const db = options.db as unknown as Kysely<JobsDatabase>;
  const jobsDb = (trx: Kysely<DB> | undefined) => (trx ? (trx as unknown as Kysely<JobsDatabase>) : db);
  const { clock } = options;
  const logger = options.logger.child({ component: 'jobs' });
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const defaultMaxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const retryMaxMs = options.retryMaxMs ?? 60 * 60_000;

  const handlers = new Map<string, JobHandler>();
  const recurrences = new Map<string, { recurrence: Recurrence; payload: unknown }>();

  const backoffMs = (attempt: number) => Math.min(retryBaseMs * 2 ** Math.max(0, attempt - 1), retryMaxMs);

  const nextOccurrence = (recurrence: Recurrence, after: Date): Date =>
    'intervalMs' in recurrence
      ? new Date(after.getTime() + recurrence.intervalMs)
      : nextDailyOccurrence(after, recurrence.at, recurrence.timeZone);

  async function schedule(
    name: string,
    payload: unknown,
    scheduleOptions: ScheduleOptions = {},
    trx?: Kysely<DB>,
  ): Promise<{ id: string; created: boolean }> {
    const target = jobsDb(trx);
    const maxAttempts = scheduleOptions.maxAttempts ?? defaultMaxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer`);
    const now = clock.now();
    const job = {
      name,
      payload,
      runAt: scheduleOptions.runAt ?? now,
      maxAttempts,
      dedupeKey: scheduleOptions.dedupeKey ?? null,
      now,
    };
    // A held key may be released between the insert and the look-up (its job finishing): try again.
    for (let round = 0; round < 3; round++) {
      const id = await insertJob(target, job);
      if (id) return { id, created: true };
      const existing = await findActiveJobId(target, job.dedupeKey!);
      if (existing) return { id: existing, created: false };
    }
    throw new Error(`could not schedule job ${name}: dedupe key ${job.dedupeKey} keeps changing hands`);
  }

  async function scheduleNextOccurrence(trx: Kysely<JobsDatabase>, name: string): Promise<void> {
    const recurring = recurrences.get(name);
    if (!recurring) return;
    const now = clock.now();
    await insertJob(trx, {
      name,
      payload: recurring.payload,
      runAt: nextOccurrence(recurring.recurrence, now),
      maxAttempts: defaultMaxAttempts,
      dedupeKey: recurringDedupeKey(name),
      now,
    });
  }

  async function runClaimed(job: JobRow): Promise<JobResult> {
    const claim: Claim = { id: job.id, workerId, attempts: job.attempts };
    const log = logger.child({ job: job.id, jobName: job.name, attempt: job.attempts });
    const handler = handlers.get(job.name);
    let failure: unknown;
    try {
      if (!handler) throw new Error(`no handler registered for job ${job.name}`);
      await handler(job.payload, {
        id: job.id,
        name: job.name,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        runAt: job.run_at,
        workerId,
        extendLease: (ms = leaseMs) => extendLease(db, claim, new Date(clock.now().getTime() + ms)),
      });
    } catch (error) {
      failure = error ?? new Error('job failed');
    }

    const now = clock.now();
    const lastAttempt = job.attempts >= job.max_attempts;
    const outcome: JobOutcome = failure === undefined ? 'done' : lastAttempt ? 'failed' : 'retry';
    const recorded = await db.transaction().execute(async (trx) => {
      let ok: boolean;
      if (outcome === 'done') ok = await markDone(trx, claim, now);
      else if (outcome === 'failed') ok = await markFailed(trx, claim, describe(failure), now);
      else ok = await markRetry(trx, claim, describe(failure), new Date(now.getTime() + backoffMs(job.attempts)));
      // The next occurrence commits with the end of this one, so exactly one is ever pending.
      if (ok && outcome !== 'retry') await scheduleNextOccurrence(trx, job.name);
      return ok;
    });

    if (!recorded) {
      log.warn('job lease was lost before it finished; another worker took it over');
      return { id: job.id, name: job.name, outcome: 'lost' };
    }
    if (outcome === 'done') log.debug('job done');
    else if (outcome === 'retry') log.warn({ err: failure }, 'job failed, will retry');
    else log.error({ err: failure }, 'job failed for the last time');
    return { id: job.id, name: job.name, outcome };
  }

  async function claim(limit: number): Promise<JobRow[]> {
    const now = clock.now();
    const released = await releaseExpiredLeases(db, now);
    if (released.requeued + released.failed > 0) logger.warn(released, 'jobs with an expired lease released');
    return claimDueJobs(db, {
      names: [...handlers.keys()],
      limit,
      workerId,
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
    });
  }

  async function runDue({ batchSize = 10 }: { batchSize?: number } = {}): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (;;) {
      const jobs = await claim(batchSize);
      results.push(...(await Promise.all(jobs.map(runClaimed))));
      if (jobs.length < batchSize) return results;
    }
  }

  // The polling loop (real timers: only the polling cadence is wall-clock; "due" is the Clock's).
  let polling = false;
  let pollIntervalMs = 1000;
  let concurrency = 4;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> | undefined;
  let again = false;
  const running = new Set<Promise<unknown>>();

  function wake(delayMs: number): void {
    if (!polling) return;
    if (tick) {
      if (delayMs === 0) again = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      tick = poll().finally(() => {
        tick = undefined;
        const soon = again;
        again = false;
        wake(soon ? 0 : pollIntervalMs);
      });
    }, delayMs);
  }

  async function poll(): Promise<void> {
    const free = concurrency - running.size;
    if (free <= 0) return;
    try {
      const jobs = await claim(free);
      for (const job of jobs) {
        const run = runClaimed(job)
          .catch((error: unknown) => logger.error({ err: error, job: job.id }, 'could not record a job outcome'))
          .finally(() => {
            running.delete(run);
            wake(0);
          });
        running.add(run);
      }
      if (jobs.length === free) again = true;
    } catch (error) {
      logger.error({ err: error }, 'job polling failed');
    }
  }

  return {
    workerId,
    schedule,
    async cancel(target, trx) {
      return cancelPendingJobs(jobsDb(trx), target, clock.now());
    },
    register(name, handler) {
      if (handlers.has(name)) throw new Error(`a handler is already registered for job ${name}`);
      handlers.set(name, handler as JobHandler);
    },
    async every(name, recurrence, payload = null) {
      if ('intervalMs' in recurrence) {
        if (!(recurrence.intervalMs > 0)) throw new Error(`intervalMs must be positive`);
      } else {
        parseTimeOfDay(recurrence.at);
      }
      recurrences.set(name, { recurrence, payload });
      await schedule(name, payload, {
        runAt: nextOccurrence(recurrence, clock.now()),
        dedupeKey: recurringDedupeKey(name),
      });
    },
    runDue,
    start(startOptions = {}) {
      if (polling) throw new Error('the job queue is already started');
      pollIntervalMs = startOptions.pollIntervalMs ?? 1000;
      concurrency = startOptions.concurrency ?? 4;
      polling = true;
      wake(0);
    },
    async stop() {
      polling = false;
      clearTimeout(timer);
      timer = undefined;
      await tick;
      await Promise.allSettled([...running]);
    },
    async purgeFinished(finishedBefore) {
      return deleteFinishedJobs(db, finishedBefore);
    },
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
