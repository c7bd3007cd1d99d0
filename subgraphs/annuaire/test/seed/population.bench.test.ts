import { createTestDatabase } from '@ent/kit/testing';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { DEMO_PASSWORD, generatePopulation, seedDemo } from '../../src/seed/index.js';
import { countRows } from './helpers.js';

/**
 * Timings, not assertions on speed; skipped in the normal suite. Run with
 * `SEED_BENCH=20,200 npx vitest run test/seed/population.bench.test.ts` (establishment counts;
 * SEED_BENCH=1 means 20), with DATABASE_URL set to measure on PostgreSQL.
 */
const bench = process.env['SEED_BENCH'];

describe.runIf(bench)('seed timings', () => {
  it('seeds the demo', async () => {
    const database = await createTestDatabase<Database>('annuaire', migrations);
    try {
      const summary = await seedDemo(database.db);
      console.log(`seed-bench demo: ${summary.counts.users} accounts in ${summary.elapsedMs} ms (${database.kind})`);
    } finally {
      await database.close();
    }
  });

  const sizes = bench === '1' ? [20] : (bench ?? '').split(',').map(Number);
  for (const establishments of sizes) {
    it(`generates ${establishments} establishments`, { timeout: 30 * 60_000 }, async () => {
      const database = await createTestDatabase<Database>('annuaire', migrations);
      try {
        const passwordHash = await hashPassword(DEMO_PASSWORD);
        const heapBefore = process.memoryUsage().heapUsed;
        const summary = await generatePopulation(database.db, { establishments, passwordHash, seed: 'bench' });
        const counts = summary.counts;
        const rows =
          counts.establishments +
          counts.classes +
          counts.groups +
          counts.users +
          Object.values(counts.profiles).reduce((a, b) => a + b, 0) +
          counts.classMembers +
          counts.groupMembers +
          counts.familyLinks +
          counts.teachingAssignments;
        const seconds = summary.elapsedMs / 1000;
        console.log(
          `seed-bench ${establishments} establishments (${database.kind}): ${counts.users} accounts, ${rows} rows, ` +
            `${summary.transactions} transactions in ${seconds.toFixed(1)} s — ` +
            `${Math.round(counts.users / seconds)} accounts/s, ${Math.round(rows / seconds)} rows/s; ` +
            `heap ${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6)} MB above start, ` +
            `rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
        );
        console.log(JSON.stringify(counts));
        expect(await countRows(database.db)).toEqual(counts);
      } finally {
        await database.close();
      }
    });
  }
});
