import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The name the subgraph lists `jobsMigration` under. Kysely's Migrator refuses a migration that sorts
 * before one already applied: a subgraph whose migrations are newer lists it under a name of its own.
 */
export const JOBS_MIGRATION_NAME = '2026_12_01_1000_create_jobs';

// Migrations take Kysely<any>: they describe the schema as it was then, not today's typed Database.
export const jobsMigration: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('run_at', 'timestamptz', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts >= 1`))
      .addColumn('status', 'text', (c) =>
        c.notNull().defaultTo('pending').check(sql`status in ('pending', 'running', 'done', 'failed', 'cancelled')`),
      )
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'timestamptz')
      .addColumn('last_error', 'text')
      .addColumn('dedupe_key', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('finished_at', 'timestamptz')
      .execute();

    // The claim: pending jobs in run_at order (partial, so finished rows never weigh on it).
    await db.schema
      .createIndex('jobs_pending_run_at_idx')
      .on('jobs')
      .columns(['run_at'])
      .where(sql.ref('status'), '=', sql.lit('pending'))
      .execute();
    // The reaper: running jobs whose lease has expired.
    await db.schema
      .createIndex('jobs_running_locked_until_idx')
      .on('jobs')
      .columns(['locked_until'])
      .where(sql.ref('status'), '=', sql.lit('running'))
      .execute();
    // Idempotent scheduling; a finished job frees its key (a recurring job reuses it for the next run).
    await sql`create unique index jobs_dedupe_key_active_idx on jobs (dedupe_key) where status in ('pending', 'running')`.execute(
      db,
    );
    // Retention purge of finished jobs.
    await sql`create index jobs_finished_at_idx on jobs (finished_at) where finished_at is not null`.execute(db);
  },
  // biome-ignore lint/suspicious/noExplicitAny: see above
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('jobs').execute();
  },
};
