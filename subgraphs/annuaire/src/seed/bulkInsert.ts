import { type InsertType, type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';

type PgType = 'uuid' | 'text' | 'boolean' | 'timestamptz';
type Value = string | boolean | Date | null;

/** The columns the seed writes, per table, with their PostgreSQL types; the others keep their defaults. */
export const SEED_COLUMNS = {
  establishments: { id: 'uuid', uai: 'text', name: 'text', type: 'text', city: 'text' },
  classes: { id: 'uuid', establishment_id: 'uuid', name: 'text', level: 'text', academic_year: 'text' },
  groups: { id: 'uuid', establishment_id: 'uuid', name: 'text', academic_year: 'text' },
  users: {
    id: 'uuid',
    login: 'text',
    first_name: 'text',
    last_name: 'text',
    email: 'text',
    password_hash: 'text',
    password_changed_at: 'timestamptz',
    totp_secret: 'text',
    totp_enrolled_at: 'timestamptz',
  },
  user_profiles: { user_id: 'uuid', profile: 'text', establishment_id: 'uuid', function_label: 'text' },
  class_members: { class_id: 'uuid', user_id: 'uuid' },
  group_members: { group_id: 'uuid', user_id: 'uuid' },
  family_links: { parent_id: 'uuid', child_id: 'uuid', legal_guardian: 'boolean', relationship: 'text' },
  teaching_assignments: { teacher_id: 'uuid', class_id: 'uuid', group_id: 'uuid', subject: 'text', head_teacher: 'boolean' },
} as const satisfies { [T in keyof Database]?: { [C in keyof Database[T]]?: PgType } };

export type SeedTable = keyof typeof SEED_COLUMNS;

/** A row as the seed writes it: every listed column, null where the column allows it. */
export type SeedRow<T extends SeedTable> = {
  -readonly [C in keyof (typeof SEED_COLUMNS)[T]]: C extends keyof Database[T] ? Exclude<InsertType<Database[T][C]>, undefined> : never;
};

/** Rows per statement: each column travels as one array parameter, so the statement size is what limits it. */
const ROWS_PER_STATEMENT = 2_000;

/**
 * Inserts rows with `insert … select * from unnest($1::uuid[], $2::text[], …)`: one parameter per
 * column whatever the number of rows, which is about twice as fast as a multi-row VALUES on PGlite
 * and stays far from PostgreSQL's 65,535-parameter limit. Arrays are sent as PostgreSQL array
 * literals built here, so both drivers (pg, PGlite) receive exactly the same text.
 */
export async function bulkInsert<T extends SeedTable>(db: Kysely<Database>, table: T, rows: readonly SeedRow<T>[]): Promise<void> {
  const columns = Object.entries(SEED_COLUMNS[table]) as [keyof SeedRow<T> & string, PgType][];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
    const arrays = columns.map(
      ([column, type]) => sql`${arrayLiteral(batch.map((row) => row[column] as Value))}::${sql.raw(type)}[]`,
    );
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([column]) => sql.ref(column)))})
      select * from unnest(${sql.join(arrays)})`.execute(db);
  }
}

export function arrayLiteral(values: readonly Value[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (typeof value === 'boolean') parts[i] = value ? 't' : 'f';
    else {
      const text = value instanceof Date ? value.toISOString() : value;
      parts[i] = `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
    }
  }
  return `{${parts.join(',')}}`;
}
