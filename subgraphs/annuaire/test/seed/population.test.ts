import { type Database as OpenDatabase, ManualClock } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { generatePopulation, type PopulationSummary, seedDemo } from '../../src/seed/index.js';
import { countRows, snapshot } from './helpers.js';

// A stand-in hash: these tests look at shapes, not logins (demo.test.ts checks a real hash).
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2g';
const clock = new ManualClock('2026-11-30T10:00:00Z');
const small = { establishments: 7, classesPerEstablishment: 3, pupilsPerClass: 12, passwordHash, clock } as const;

let database: OpenDatabase<Database>;
let summary: PopulationSummary;

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  // A small chunk size, so the run spans several transactions (and families span chunks).
  summary = await generatePopulation(database.db, { ...small, seed: 'test', rowsPerTransaction: 300 });
});

afterAll(async () => {
  await database?.close();
});

describe('generatePopulation', () => {
  it('writes exactly what its summary counts, over several transactions', async () => {
    expect(summary.transactions).toBeGreaterThan(1);
    expect(await countRows(database.db)).toEqual(summary.counts);
    expect(summary.counts.establishments).toBe(7);
    expect(summary.counts.classes).toBe(21);
    expect(summary.academicYear).toBe('2026-2027');
  });

  it('mixes kinds of establishments, with valid and distinct UAIs', async () => {
    const establishments = await database.db.selectFrom('establishments').select(['uai', 'type', 'name', 'city']).execute();
    expect(new Set(establishments.map((establishment) => establishment.type))).toEqual(
      new Set(['ECOLE_MATERNELLE', 'ECOLE_ELEMENTAIRE', 'COLLEGE', 'LYCEE']),
    );
    expect(new Set(establishments.map((establishment) => establishment.uai)).size).toBe(7);
    for (const { uai } of establishments) expect(uai).toMatch(/^092[0-8][0-9]{3}[A-Z]$/);
  });

  it('returns sample logins that exist, per profile', async () => {
    for (const profile of ['ELEVE', 'PARENT', 'ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'] as const) {
      const logins = summary.samples[profile] ?? [];
      expect(logins.length, profile).toBeGreaterThan(0);
      const rows = await database.db
        .selectFrom('user_profiles as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select('u.login')
        .where('p.profile', '=', profile)
        .where('u.login', 'in', logins)
        .execute();
      expect(new Set(rows.map((row) => row.login))).toEqual(new Set(logins));
    }
  });

  it('gives every pupil one or two guardians and every class one head teacher', async () => {
    const db = database.db;
    const pupils = await db
      .selectFrom('user_profiles as p')
      .leftJoin('family_links as f', 'f.child_id', 'p.user_id')
      .select(['p.user_id', (eb) => eb.fn.count<string | number>('f.parent_id').as('parents')])
      .where('p.profile', '=', 'ELEVE')
      .groupBy('p.user_id')
      .execute();
    expect(pupils.length).toBe(summary.counts.profiles.ELEVE);
    for (const pupil of pupils) expect([1, 2]).toContain(Number(pupil.parents));

    const heads = await db
      .selectFrom('classes as c')
      .leftJoin('teaching_assignments as t', (join) => join.onRef('t.class_id', '=', 'c.id').on('t.head_teacher', '=', true))
      .select(['c.id', (eb) => eb.fn.count<string | number>('t.id').as('heads')])
      .groupBy('c.id')
      .execute();
    expect(heads).toHaveLength(21);
    for (const row of heads) expect(Number(row.heads)).toBe(1);
  });

  it('gives unique logins', async () => {
    const users = await database.db.selectFrom('users').select('login').execute();
    expect(new Set(users.map((user) => user.login)).size).toBe(users.length);
  });

  it('gives the same people for the same seed, and others for another seed', { timeout: 120_000 }, async () => {
    const again = await createTestDatabase<Database>('annuaire', migrations);
    const other = await createTestDatabase<Database>('annuaire', migrations);
    try {
      // Chunking must not change who is generated.
      const againSummary = await generatePopulation(again.db, { ...small, seed: 'test' });
      expect(againSummary.counts).toEqual(summary.counts);
      expect(await snapshot(again.db)).toEqual(await snapshot(database.db));

      await generatePopulation(other.db, { ...small, seed: 'another' });
      expect((await snapshot(other.db)).people).not.toEqual((await snapshot(database.db)).people);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('adds to a seeded demo without touching it or colliding with it', { timeout: 120_000 }, async () => {
    const demo = await createTestDatabase<Database>('annuaire', migrations);
    try {
      const seeded = await seedDemo(demo.db, { clock });
      const before = await countRows(demo.db);
      const generated = await generatePopulation(demo.db, { ...small, seed: 'test' });
      const after = await countRows(demo.db);
      expect(after.users).toBe(before.users + generated.counts.users);
      expect(after.familyLinks).toBe(before.familyLinks + generated.counts.familyLinks);
      expect(after.establishments).toBe(seeded.counts.establishments + 7);
      // And the demo still recognises itself.
      expect((await seedDemo(demo.db, { clock })).seeded).toBe(false);
      // Running the generator twice keeps adding, with fresh logins and UAIs.
      await generatePopulation(demo.db, { ...small, seed: 'test' });
      expect((await countRows(demo.db)).users).toBe(after.users + generated.counts.users);
    } finally {
      await demo.close();
    }
  });
});
