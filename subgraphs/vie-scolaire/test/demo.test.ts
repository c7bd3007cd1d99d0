import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.js';
import { startWorld, type World } from './helpers.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.stop();
});

describe('demo content', () => {
  it('records a few absences in 5e B through the real annuaire, Lucas among them, once', async () => {
    const added = await seedDemo(world.database.db, world.annuaireUrl, new Date('2026-11-30T09:00:00Z'));
    expect(added).toBeGreaterThanOrEqual(3);
    const lucas = await world.userId('eleve.lucas');
    const rows = await world.database.db.selectFrom('attendance_records').selectAll().execute();
    expect(rows.filter((row) => row.pupil_id === lucas).map((row) => row.kind).sort()).toEqual(['ABSENCE', 'LATENESS']);
    expect(new Set(rows.map((row) => row.recorded_by))).toEqual(new Set([await world.userId('prof.durand')]));
    expect(await seedDemo(world.database.db, world.annuaireUrl)).toBe(0);
    expect(await world.database.db.selectFrom('attendance_records').select('id').execute()).toHaveLength(rows.length);
  });
});
