import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, type Migration, Migrator, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { acquireDirectoryLock, type DirectoryLock } from './directoryLock.js';

export type Migrations = Record<string, Migration>;

export interface DatabaseOptions {
  /** Subgraph name; gives the default data directory and PostgreSQL schema. */
  subgraph: string;
  migrations: Migrations;
  /** A PostgreSQL server (production, test:pg). When absent, the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or 'memory'. Defaults to `.data/<subgraph>` under the current directory. */
  dataDir?: string | undefined;
  /** PostgreSQL schema; defaults to the subgraph name with dashes as underscores. */
  schema?: string | undefined;
  /** Connection pool size on a PostgreSQL server; set explicitly in production. */
  poolSize?: number | undefined;
  logger?: Logger | undefined;
}

export interface Database<DB> {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  schema: string;
  /** Runs `select 1`; readiness probes use it. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function schemaNameOf(subgraph: string): string {
  const schema = subgraph.replace(/-/g, '_').toLowerCase();
  assertIdentifier(schema);
  return schema;
}

function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid PostgreSQL schema name: ${name}`);
}

export async function openDatabase<DB>(options: DatabaseOptions): Promise<Database<DB>> {
  const schema = options.schema ?? schemaNameOf(options.subgraph);
  assertIdentifier(schema);
  let db: Kysely<DB>;
  let kind: Database<DB>['kind'];
  let lock: DirectoryLock | undefined;

  if (options.databaseUrl) {
    kind = 'postgres';
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Each subgraph lives in its own schema; every pooled connection starts there.
      options: `-c search_path=${schema}`,
      idleTimeoutMillis: 30_000,
    });
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  } else {
    kind = 'pglite';
    const dataDir = options.dataDir ?? resolve('.data', options.subgraph);
    let client: PGlite;
    if (dataDir === 'memory') {
      client = await PGlite.create();
    } else {
      mkdirSync(dataDir, { recursive: true });
      lock = acquireDirectoryLock(dataDir);
      try {
        client = await PGlite.create(dataDir);
      } catch (error) {
        lock.release();
        throw error;
      }
    }
    // PGlite is a single session: setting the search path once holds for every query.
    await client.exec(`create schema if not exists "${schema}"; set search_path to "${schema}"`);
    db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  }

  const close = async () => {
    await db.destroy();
    lock?.release();
  };

  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await migrateToLatest(db, options.migrations, schema, options.logger);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    db,
    kind,
    schema,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close,
  };
}

export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  migrations: Migrations,
  schema: string,
  logger?: Logger,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') logger?.info({ migration: result.migrationName, schema }, 'migration applied');
    if (result.status === 'Error') logger?.error({ migration: result.migrationName, schema }, 'migration failed');
  }
  if (error) throw error;
}
