import { type Kysely, sql } from 'kysely';
import type { JobRow, JobsDatabase } from './jobs.table.js';

// All the queue's SQL. "Now" is always a parameter (from the injected Clock), never the database's now().

export interface NewJob {
  name: string;
  payload: unknown;
  runAt: Date;
  maxAttempts: number;
  dedupeKey: string | null;
  now: Date;
}

/** Inserts a pending job; with a dedupe key already held by a pending or running job, inserts nothing. */
export async function insertJob(db: Kysely<JobsDatabase>, job: NewJob): Promise<string | undefined> {
  const row = await db
    .insertInto('jobs')
    .values({
      name: job.name,
      payload: sql<string>`cast(${JSON.stringify(job.payload ?? null)} as jsonb)`,
      run_at: job.runAt,
      max_attempts: job.maxAttempts,
      dedupe_key: job.dedupeKey,
      created_at: job.now,
    })
    // The predicate is literal SQL: PostgreSQL matches it against the partial unique index's own.
    .onConflict((oc) => oc.column('dedupe_key').where(sql<boolean>`status in ('pending', 'running')`).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findActiveJobId(db: Kysely<JobsDatabase>, dedupeKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirst();
  return row?.id;
}

/**
 * Takes up to `limit` due pending jobs of the given names for `workerId`, atomically: replicas that
 * claim at the same moment skip each other's locked rows instead of waiting or taking the same job.
 */
export async function claimDueJobs(
  db: Kysely<JobsDatabase>,
  claim: { names: string[]; limit: number; workerId: string; now: Date; leaseUntil: Date },
): Promise<JobRow[]> {
  if (claim.names.length === 0 || claim.limit <= 0) return [];
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: claim.workerId,
      locked_until: claim.leaseUntil,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('run_at', '<=', claim.now)
        .where('name', 'in', claim.names)
        .orderBy('run_at')
        .limit(claim.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/**
 * Running jobs whose lease has expired belonged to a worker that died (or hung): they go back to
 * pending to be claimed again, or fail when that was their last attempt. Returns how many of each.
 */
export async function releaseExpiredLeases(
  db: Kysely<JobsDatabase>,
  now: Date,
): Promise<{ requeued: number; failed: number }> {
  const expired = (status: 'pending' | 'failed', lastAttempt: boolean) =>
    db
      .updateTable('jobs')
      .set({
        status,
        locked_by: null,
        locked_until: null,
        last_error: 'lease expired: the worker running this job stopped answering',
        finished_at: status === 'failed' ? now : null,
      })
      .where('status', '=', 'running')
      .where('locked_until', '<=', now)
      .where((eb) => (lastAttempt ? eb('attempts', '>=', eb.ref('max_attempts')) : eb('attempts', '<', eb.ref('max_attempts'))))
      .executeTakeFirst();
  const failed = await expired('failed', true);
  const requeued = await expired('pending', false);
  return { requeued: Number(requeued.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
}

/** The claim a worker holds; a worker whose lease expired and was taken over writes nothing. */
export interface Claim {
  id: string;
  workerId: string;
  attempts: number;
}

function whereClaimed(db: Kysely<JobsDatabase>, claim: Claim) {
  return db
    .updateTable('jobs')
    .where('id', '=', claim.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts);
}

export async function markDone(db: Kysely<JobsDatabase>, claim: Claim, now: Date): Promise<boolean> {
  const result = await whereClaimed(db, claim)
    .set({ status: 'done', locked_by: null, locked_until: null, finished_at: now })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Pushes the lease of a long job further; false when the claim was lost (the handler should stop). */
export async function extendLease(db: Kysely<JobsDatabase>, claim: Claim, until: Date): Promise<boolean> {
  const result = await whereClaimed(db, claim).set({ locked_until: until }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markRetry(db: Kysely<JobsDatabase>, claim: Claim, error: string, runAt: Date): Promise<boolean> {
  const result = await whereClaimed(db, claim)
    .set({ status: 'pending', locked_by: null, locked_until: null, last_error: error, run_at: runAt })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markFailed(db: Kysely<JobsDatabase>, claim: Claim, error: string, now: Date): Promise<boolean> {
  const result = await whereClaimed(db, claim)
    .set({ status: 'failed', locked_by: null, locked_until: null, last_error: error, finished_at: now })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Cancels pending jobs (a running one finishes: a handler cannot be interrupted safely). */
export async function cancelPendingJobs(
  db: Kysely<JobsDatabase>,
  target: { id: string } | { dedupeKey: string },
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: now })
    .where('status', '=', 'pending')
    .where((eb) => ('id' in target ? eb('id', '=', target.id) : eb('dedupe_key', '=', target.dedupeKey)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteFinishedJobs(db: Kysely<JobsDatabase>, finishedBefore: Date): Promise<number> {
  const result = await db.deleteFrom('jobs').where('finished_at', '<', finishedBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}
