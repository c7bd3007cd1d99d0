import { type Kysely, type RawBuilder, sql } from 'kysely';
import { arrayLiteral } from '../seed/bulkInsert.js';

// Set-at-a-time statements for the import: each column travels as one array parameter, so a batch of a
// thousand rows is one statement on PGlite and PostgreSQL alike (see seed/bulkInsert.ts for why unnest).

export type PgType = 'uuid' | 'text' | 'boolean' | 'timestamptz' | 'date' | 'jsonb' | 'integer' | 'bigint';
export type BulkValue = string | number | boolean | Date | null | undefined;
export type BulkRow = Record<string, BulkValue>;
export type Columns = Record<string, PgType>;

/** Rows per statement: bounded so that a statement's text stays well under a few megabytes. */
const ROWS_PER_STATEMENT = 2_000;

// biome-ignore lint/suspicious/noExplicitAny: these helpers work on any table of any schema
type AnyDb = Kysely<any>;

function literal(values: readonly BulkValue[]): string {
  return arrayLiteral(values.map((value) => (value === undefined ? null : typeof value === 'number' ? String(value) : value)));
}

/** The arrays of `columns` for `rows`, and the select list that turns them back into typed values. */
function unnestOf(columns: Columns, rows: readonly BulkRow[]): { from: RawBuilder<unknown>; select: RawBuilder<unknown> } {
  const names = Object.keys(columns);
  // jsonb travels as text and is cast in the select list: an array of jsonb literals would need escaping twice.
  const arrays = names.map((name) => {
    const type = columns[name] === 'jsonb' ? 'text' : (columns[name] as PgType);
    return sql`${literal(rows.map((row) => row[name]))}::${sql.raw(type)}[]`;
  });
  const select = names.map((name) => (columns[name] === 'jsonb' ? sql`u.${sql.ref(name)}::jsonb` : sql`u.${sql.ref(name)}`));
  return {
    from: sql`unnest(${sql.join(arrays)}) as u(${sql.join(names.map((name) => sql.ref(name)))})`,
    select: sql.join(select),
  };
}

async function inChunks(rows: readonly BulkRow[], run: (chunk: readonly BulkRow[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await run(rows.slice(start, start + ROWS_PER_STATEMENT));
}

export async function insertRows(
  db: AnyDb,
  table: string,
  columns: Columns,
  rows: readonly BulkRow[],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  const names = Object.keys(columns);
  await inChunks(rows, async (chunk) => {
    const { from, select } = unnestOf(columns, chunk);
    const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((name) => sql.ref(name)))})
      select ${select} from ${from}${conflict}`.execute(db);
  });
}

/** Deletes the rows whose `keys` columns match one of `rows`; `where` narrows further (same for every row). */
export async function deleteRows(db: AnyDb, table: string, keys: Columns, rows: readonly BulkRow[], where?: RawBuilder<unknown>): Promise<void> {
  const names = Object.keys(keys);
  await inChunks(rows, async (chunk) => {
    const { from } = unnestOf(keys, chunk);
    const match = sql.join(
      names.map((name) => sql`t.${sql.ref(name)} = u.${sql.ref(name)}`),
      sql` and `,
    );
    await sql`delete from ${sql.table(table)} as t using ${from} where ${match}${where ? sql` and ${where}` : sql``}`.execute(db);
  });
}

/** Sets `set` columns from each row on the table row(s) matching its `keys` columns. */
export async function updateRows(
  db: AnyDb,
  table: string,
  keys: Columns,
  set: Columns,
  rows: readonly BulkRow[],
  where?: RawBuilder<unknown>,
): Promise<void> {
  const keyNames = Object.keys(keys);
  const setNames = Object.keys(set);
  await inChunks(rows, async (chunk) => {
    const { from } = unnestOf({ ...keys, ...set }, chunk);
    const assignments = sql.join(
      setNames.map((name) => (set[name] === 'jsonb' ? sql`${sql.ref(name)} = u.${sql.ref(name)}::jsonb` : sql`${sql.ref(name)} = u.${sql.ref(name)}`)),
    );
    const match = sql.join(
      keyNames.map((name) => sql`t.${sql.ref(name)} = u.${sql.ref(name)}`),
      sql` and `,
    );
    await sql`update ${sql.table(table)} as t set ${assignments} from ${from} where ${match}${where ? sql` and ${where}` : sql``}`.execute(db);
  });
}

/** `$1::type[]` with the array sent as one literal. */
export function arrayOf(values: readonly BulkValue[], type: PgType): RawBuilder<unknown> {
  return sql`${literal(values)}::${sql.raw(type)}[]`;
}

/** `value = any($1::type[])` with the array sent as one literal. */
export function anyOf(values: readonly BulkValue[], type: PgType): RawBuilder<unknown> {
  return sql`any(${literal(values)}::${sql.raw(type)}[])`;
}
