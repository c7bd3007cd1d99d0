import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/testing/index.js';

const migrations = {
  '2026_01_01_0000_create_notes': {
    up: async (db: Kysely<unknown>) => {
      await db.schema.createTable('notes').addColumn('id', 'serial', (c) => c.primaryKey()).addColumn('body', 'text').execute();
    },
  },
};

describe('openDatabase (embedded, or PostgreSQL under test:pg)', () => {
  it('migrates into the subgraph schema and runs transactions that roll back on error', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: untyped test table
    const database = await createTestDatabase<any>('kit-test', migrations);
    try {
      const { rows } = await sql<{ table_schema: string }>`select table_schema from information_schema.tables where table_name = 'notes'`.execute(
        database.db,
      );
      expect(rows.map((row) => row.table_schema)).toContain(database.schema);
      await expect(
        database.db.transaction().execute(async (trx) => {
          await trx.insertInto('notes').values({ body: 'half' }).execute();
          throw new Error('bad input');
        }),
      ).rejects.toThrow('bad input');
      const count = await database.db.selectFrom('notes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
      await database.ping();
    } finally {
      await database.close();
    }
  });
});
