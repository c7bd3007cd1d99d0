import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { openDatabase } from '../src/database/openDatabase.js';
import { createJobQueue, type JobQueueOptions } from '../src/jobs/createJobQueue.js';
import type { JobsDatabase } from '../src/jobs/jobs.table.js';
import { JOBS_MIGRATION_NAME, jobsMigration } from '../src/jobs/jobsMigration.js';
import { silentLogger } from '../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

const migrations = { [JOBS_MIGRATION_NAME]: jobsMigration };
const MINUTE = 60_000;

let database: TestDatabase<JobsDatabase>;
/** A second "replica": on PostgreSQL its own pool on the same schema; PGlite has one session to share. */
let replicaDb: Kysely<JobsDatabase>;
let closeReplica: () => Promise<void> = async () => {};
let clock: ManualClock;

beforeAll(async () => {
  database = await createTestDatabase<JobsDatabase>('kit-jobs', migrations);
  replicaDb = database.db;
  const databaseUrl = database.databaseUrl;
  if (database.kind === 'postgres' && databaseUrl) {
    const replica = await openDatabase<JobsDatabase>({
      subgraph: 'kit-jobs',
      migrations,
      databaseUrl,
      schema: database.schema,
      poolSize: 4,
    });
    replicaDb = replica.db;
    closeReplica = replica.close;
  }
});

afterAll(async () => {
  await closeReplica();
  await database?.close();
});

beforeEach(async () => {
  await database.db.deleteFrom('jobs').execute();
  clock = new ManualClock('2026-12-01T08:00:00Z');
});

function queue(options: Partial<JobQueueOptions<JobsDatabase>> = {}) {
  return createJobQueue<JobsDatabase>({ db: database.db, clock, logger: silentLogger, ...options });
}

async function jobRows() {
  return database.db.selectFrom('jobs').selectAll().orderBy('created_at').orderBy('run_at').execute();
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets pending I/O and timers run; waits on outcomes, never on a duration. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 2));
}

describe('job queue (embedded, or PostgreSQL under test:pg)', () => {
  it('runs a scheduled job when the clock reaches its run_at, not before, and once', async () => {
    const jobs = queue();
    const seen: unknown[] = [];
    jobs.register<{ assignmentId: string }>('publish-assignment', async (payload, job) => {
      seen.push({ payload, attempt: job.attempt });
    });
    const { id, created } = await jobs.schedule(
      'publish-assignment',
      { assignmentId: 'a1' },
      { runAt: new Date(clock.now().getTime() + 60 * MINUTE) },
    );
    expect(created).toBe(true);

    expect(await jobs.runDue()).toEqual([]);
    clock.advance(59 * MINUTE);
    expect(await jobs.runDue()).toEqual([]);
    clock.advance(MINUTE);
    expect(await jobs.runDue()).toEqual([{ id, name: 'publish-assignment', outcome: 'done' }]);
    expect(await jobs.runDue()).toEqual([]);

    expect(seen).toEqual([{ payload: { assignmentId: 'a1' }, attempt: 1 }]);
    const [row] = await jobRows();
    expect(row).toMatchObject({ status: 'done', attempts: 1, locked_by: null, last_error: null });
    expect(row?.finished_at?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('claims only the names it has handlers for, and keeps JSON payloads as they were', async () => {
    const jobs = queue();
    await jobs.schedule('someone-else', { x: 1 });
    const payloads: unknown[] = [];
    jobs.register('mine', async (payload) => {
      payloads.push(payload);
    });
    await jobs.schedule('mine', ['a', 'b']);
    await jobs.schedule('mine', 'texte');
    expect((await jobs.runDue()).map((r) => r.name)).toEqual(['mine', 'mine']);
    expect(payloads).toEqual(expect.arrayContaining([['a', 'b'], 'texte']));
    expect((await jobRows()).find((r) => r.name === 'someone-else')?.status).toBe('pending');
  });

  it('runs each job exactly once when two replicas run runDue at the same time', async () => {
    const runs = new Map<string, number>();
    const byWorker = new Map<string, number>();
    const replica = (workerId: string, db: Kysely<JobsDatabase>) => {
      const jobs = createJobQueue<JobsDatabase>({ db, clock, logger: silentLogger, workerId });
      jobs.register<{ n: number }>('send-reminder', async (payload) => {
        await new Promise((r) => setImmediate(r));
        runs.set(String(payload.n), (runs.get(String(payload.n)) ?? 0) + 1);
        byWorker.set(workerId, (byWorker.get(workerId) ?? 0) + 1);
      });
      return jobs;
    };
    const a = replica('replica-a', database.db);
    const b = replica('replica-b', replicaDb);
    for (let n = 0; n < 40; n++) await a.schedule('send-reminder', { n });

    const [ranByA, ranByB] = await Promise.all([a.runDue({ batchSize: 3 }), b.runDue({ batchSize: 3 })]);

    expect(ranByA.length + ranByB.length).toBe(40);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect((byWorker.get('replica-a') ?? 0) + (byWorker.get('replica-b') ?? 0)).toBe(40);
    const rows = await jobRows();
    expect(rows.every((row) => row.status === 'done' && row.attempts === 1)).toBe(true);
  });

  it('retries a failing job with exponential backoff, then fails it with the last error', async () => {
    const jobs = queue({ retryBaseMs: 1000, retryMaxMs: 3000 });
    let calls = 0;
    jobs.register('nightly-export', async () => {
      calls++;
      throw new Error(`export unavailable (${calls})`);
    });
    await jobs.schedule('nightly-export', {}, { maxAttempts: 4 });
    const start = clock.now().getTime();

    expect((await jobs.runDue()).map((r) => r.outcome)).toEqual(['retry']);
    let [row] = await jobRows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'Error: export unavailable (1)', locked_by: null });
    expect(row?.run_at.getTime()).toBe(start + 1000);

    clock.advance(999);
    expect(await jobs.runDue()).toEqual([]);
    clock.advance(1);
    expect((await jobs.runDue()).map((r) => r.outcome)).toEqual(['retry']);
    [row] = await jobRows();
    expect(row?.run_at.getTime()).toBe(start + 1000 + 2000);

    clock.advance(2000);
    expect((await jobs.runDue()).map((r) => r.outcome)).toEqual(['retry']);
    [row] = await jobRows();
    expect(row?.run_at.getTime()).toBe(start + 1000 + 2000 + 3000); // capped at retryMaxMs

    clock.advance(3000);
    expect((await jobs.runDue()).map((r) => r.outcome)).toEqual(['failed']);
    clock.advance(24 * 60 * MINUTE);
    expect(await jobs.runDue()).toEqual([]);

    expect(calls).toBe(4);
    [row] = await jobRows();
    expect(row).toMatchObject({ status: 'failed', attempts: 4, last_error: 'Error: export unavailable (4)' });
    expect(row?.finished_at?.getTime()).toBe(start + 6000);
  });

  it('claims again a job whose worker let its lease expire, and ignores that worker if it comes back', async () => {
    const started = deferred();
    const hang = deferred();
    const dead = createJobQueue<JobsDatabase>({ db: database.db, clock, logger: silentLogger, workerId: 'dead', leaseMs: 5 * MINUTE });
    dead.register('purge-messages', async () => {
      started.resolve();
      await hang.promise;
    });
    const alive = createJobQueue<JobsDatabase>({ db: replicaDb, clock, logger: silentLogger, workerId: 'alive', leaseMs: 5 * MINUTE });
    let aliveRuns = 0;
    alive.register('purge-messages', async (_payload, job) => {
      aliveRuns++;
      expect(job.attempt).toBe(2);
    });
    await dead.schedule('purge-messages', {});

    const deadRun = dead.runDue();
    await started.promise;
    expect((await jobRows())[0]).toMatchObject({ status: 'running', locked_by: 'dead', attempts: 1 });

    clock.advance(5 * MINUTE - 1);
    expect(await alive.runDue()).toEqual([]);
    clock.advance(1);
    expect((await alive.runDue()).map((r) => r.outcome)).toEqual(['done']);
    expect(aliveRuns).toBe(1);

    hang.resolve();
    expect((await deadRun).map((r) => r.outcome)).toEqual(['lost']);
    expect((await jobRows())[0]).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
  });

  it('keeps a long job that extends its lease from being claimed again', async () => {
    const started = deferred();
    const finish = deferred();
    const long = queue({ workerId: 'long', leaseMs: 5 * MINUTE });
    const leases: boolean[] = [];
    long.register('nightly-export', async (_payload, job) => {
      clock.advance(4 * MINUTE);
      leases.push(await job.extendLease(30 * MINUTE));
      started.resolve();
      await finish.promise;
    });
    const other = createJobQueue<JobsDatabase>({ db: replicaDb, clock, logger: silentLogger, workerId: 'other' });
    other.register('nightly-export', async () => {
      throw new Error('must not run');
    });
    await long.schedule('nightly-export', {});
    const run = long.runDue();
    await started.promise;
    clock.advance(20 * MINUTE);
    expect(await other.runDue()).toEqual([]);
    finish.resolve();
    expect((await run).map((r) => r.outcome)).toEqual(['done']);
    expect(leases).toEqual([true]);
  });

  it('fails a job whose lease expired on its last attempt', async () => {
    await database.db
      .insertInto('jobs')
      .values({
        name: 'purge-messages',
        payload: sql<string>`'{}'::jsonb`,
        run_at: clock.now(),
        max_attempts: 1,
        attempts: 1,
        status: 'running',
        locked_by: 'gone',
        locked_until: new Date(clock.now().getTime() - 1),
        created_at: clock.now(),
      })
      .execute();
    const jobs = queue();
    jobs.register('purge-messages', async () => {
      throw new Error('must not run');
    });
    expect(await jobs.runDue()).toEqual([]);
    expect((await jobRows())[0]).toMatchObject({ status: 'failed', locked_by: null, last_error: expect.stringContaining('lease expired') });
  });

  it('schedules once per dedupe key while the job is pending or running, and cancels by key or id', async () => {
    const jobs = queue();
    let runs = 0;
    jobs.register('remind-homework', async () => {
      runs++;
    });
    const runAt = new Date(clock.now().getTime() + 10 * MINUTE);
    const first = await jobs.schedule('remind-homework', { v: 1 }, { runAt, dedupeKey: 'homework:42' });
    const second = await jobs.schedule('remind-homework', { v: 2 }, { runAt, dedupeKey: 'homework:42' });
    expect(second).toEqual({ id: first.id, created: false });
    expect(await jobRows()).toHaveLength(1);

    clock.advance(10 * MINUTE);
    await jobs.runDue();
    expect(runs).toBe(1);
    // A finished job frees its key.
    const third = await jobs.schedule('remind-homework', { v: 3 }, { runAt, dedupeKey: 'homework:42' });
    expect(third.created).toBe(true);
    expect(await jobs.cancel({ dedupeKey: 'homework:42' })).toBe(1);
    const fourth = await jobs.schedule('remind-homework', {}, { runAt: new Date(clock.now().getTime() + MINUTE) });
    expect(await jobs.cancel({ id: fourth.id })).toBe(1);
    expect(await jobs.cancel({ id: fourth.id })).toBe(0);

    clock.advance(60 * MINUTE);
    expect(await jobs.runDue()).toEqual([]);
    expect(runs).toBe(1);
    expect((await jobRows()).map((r) => r.status)).toEqual(['done', 'cancelled', 'cancelled']);
  });

  it('commits a job with the caller’s transaction, and leaves none when it rolls back', async () => {
    const jobs = queue();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await jobs.schedule('publish-assignment', { assignmentId: 'a1' }, {}, trx);
        throw new Error('bad input');
      }),
    ).rejects.toThrow('bad input');
    expect(await jobRows()).toHaveLength(0);

    await database.db.transaction().execute(async (trx) => {
      await jobs.schedule('publish-assignment', { assignmentId: 'a2' }, { dedupeKey: 'publish:a2' }, trx);
      expect(await jobs.cancel({ dedupeKey: 'publish:a2' }, trx)).toBe(1);
      await jobs.schedule('publish-assignment', { assignmentId: 'a2' }, { dedupeKey: 'publish:a2' }, trx);
    });
    expect((await jobRows()).map((r) => r.status).sort()).toEqual(['cancelled', 'pending']);
  });

  it('runs a daily 02:30 Paris job at the right instant across the autumn clock change, once', async () => {
    clock.set('2026-10-24T12:00:00Z');
    const replicaA = queue({ workerId: 'a' });
    const replicaB = createJobQueue<JobsDatabase>({ db: replicaDb, clock, logger: silentLogger, workerId: 'b' });
    const ran: string[] = [];
    for (const jobs of [replicaA, replicaB]) {
      jobs.register('nightly-export', async (payload, job) => {
        expect(payload).toEqual({ format: 'csv' });
        ran.push(`${job.workerId}@${clock.now().toISOString()}`);
      });
    }
    await replicaA.every('nightly-export', { at: '02:30' }, { format: 'csv' });
    await replicaB.every('nightly-export', { at: '02:30' }, { format: 'csv' });
    let pending = (await jobRows()).filter((r) => r.status === 'pending');
    expect(pending.map((r) => r.run_at.toISOString())).toEqual(['2026-10-25T00:30:00.000Z']); // 02:30 CEST

    clock.set('2026-10-25T00:30:00Z');
    await Promise.all([replicaA.runDue(), replicaB.runDue()]);
    pending = (await jobRows()).filter((r) => r.status === 'pending');
    expect(pending.map((r) => r.run_at.toISOString())).toEqual(['2026-10-26T01:30:00.000Z']); // 02:30 CET

    // 02:30 CET on the 25th (01:30Z) is the same wall time again: it does not run a second time.
    clock.set('2026-10-25T01:30:00Z');
    expect(await replicaB.runDue()).toEqual([]);

    clock.set('2026-10-26T01:30:00Z');
    await replicaB.runDue();
    expect(ran.map((r) => r.split('@')[1])).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    pending = (await jobRows()).filter((r) => r.status === 'pending');
    expect(pending.map((r) => r.run_at.toISOString())).toEqual(['2026-10-27T01:30:00.000Z']);
  });

  it('schedules the next occurrence of a recurring job even when this one finally failed', async () => {
    const jobs = queue({ maxAttempts: 1 });
    jobs.register('purge-expired', async () => {
      throw new Error('database busy');
    });
    await jobs.every('purge-expired', { intervalMs: 60 * MINUTE });
    clock.advance(60 * MINUTE);
    expect((await jobs.runDue()).map((r) => r.outcome)).toEqual(['failed']);
    const rows = await jobRows();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'pending']);
    expect(rows[1]?.run_at.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('polls with start() and, on stop(), waits for the running handler to finish', async () => {
    const jobs = queue();
    const started = deferred();
    const release = deferred();
    const done = new Set<number>();
    jobs.register<{ n: number }>('send-notification', async (payload) => {
      if (payload.n === 0) {
        started.resolve();
        await release.promise;
      }
      done.add(payload.n);
    });
    for (let n = 0; n < 5; n++) await jobs.schedule('send-notification', { n });

    jobs.start({ pollIntervalMs: 2, concurrency: 2 });
    await started.promise;
    await until(() => done.size === 4);

    let stopped = false;
    const stopping = jobs.stop().then(() => {
      stopped = true;
    });
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 1));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(done.size).toBe(5);
    expect((await jobRows()).every((r) => r.status === 'done')).toBe(true);

    // Stopped means stopped: a new due job waits for the next start.
    await jobs.schedule('send-notification', { n: 5 });
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 3));
    expect(done.has(5)).toBe(false);
  });

  it('purges finished jobs older than the retention limit', async () => {
    const jobs = queue();
    jobs.register('noop', async () => {});
    await jobs.schedule('noop', {});
    await jobs.runDue();
    await jobs.schedule('noop', {}, { runAt: new Date(clock.now().getTime() + MINUTE) });
    clock.advance(30 * 24 * 60 * MINUTE);
    expect(await jobs.purgeFinished(new Date(clock.now().getTime() - 7 * 24 * 60 * MINUTE))).toBe(1);
    expect((await jobRows()).map((r) => r.status)).toEqual(['pending']);
  });
});
