import { silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDevoirs } from '../src/demo/seedDemo.js';
import { startWorld, type World } from './helpers.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  // The demo is written relative to its clock, which the API checks deadlines with: both are now (after
  // the annuaire's demo switched the modules on, at its own now).
  world.clock.set(new Date());
});
afterAll(async () => {
  await world?.stop();
});

describe('demo content', () => {
  it('seeds prof.durand’s assignments through the API, Lucas’s returned work among them, once only', async () => {
    const options = { db: world.database.db, selfUrl: world.baseUrl, annuaireUrl: world.annuaireUrl, logger: silentLogger, clock: world.clock, retryMs: 10 };
    expect(await seedDemoDevoirs(options)).toBe(true);
    const teacher = await world.graphql<{ teacherAssignments: Array<{ title: string; state: string }> }>('prof.durand', '{ teacherAssignments { title state } }');
    expect(teacher.data?.teacherAssignments).toHaveLength(4);
    const lucas = await world.graphql<{ pupilAssignments: Array<{ title: string; work: { status: string; mark: { score: number; feedback: string } | null } }> }>(
      'eleve.lucas',
      '{ pupilAssignments { title work { status mark { score feedback } } } }',
    );
    const byTitle = Object.fromEntries(lucas.data?.pupilAssignments.map((item) => [item.title, item.work]) ?? []);
    expect(byTitle['Problèmes de fractions']).toMatchObject({ status: 'RETURNED', mark: { score: 8 } });
    expect(byTitle['Construction de triangles']?.status).toBe('SUBMITTED');
    expect(byTitle['Exposé : les nombres relatifs dans la vie courante']?.status).toBe('NOT_STARTED');
    const summary = await world.graphql<{ _entities: Array<{ assignmentSummary: { toMark: number } }> }>(
      'prof.durand',
      'query ($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { assignmentSummary { toMark } } } }',
      { id: (await world.viewerOf('prof.durand')).userId },
    );
    expect(summary.data?._entities[0]?.assignmentSummary.toMark).toBe(1);

    expect(await seedDemoDevoirs(options)).toBe(true);
    expect((await world.database.db.selectFrom('assignments').select('id').execute()).length).toBe(4);
  });
});
