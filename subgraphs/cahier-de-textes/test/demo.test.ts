import { silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, parisDate } from '../src/cahier/dates.js';
import { DEMO_PLAN, seedDemo } from '../src/demo/seedDemo.js';
import { startWorld, type World } from './helpers.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.stop();
});

describe('demo content', () => {
  it('writes a week for the demo teachers’ classes through the API, homework due tomorrow included, once', async () => {
    const options = { db: world.database.db, logger: silentLogger, clock: world.clock, annuaireUrl: world.annuaireUrl, graphqlUrl: world.graphqlUrl, attempts: 1 };
    const expected = Object.values(DEMO_PLAN).reduce((sum, classes) => sum + Object.values(classes).reduce((count, lessons) => count + lessons.length, 0), 0);
    expect(await seedDemo(options)).toBe(expected);
    // Idempotent: a second start finds content and writes nothing.
    expect(await seedDemo(options)).toBe(0);

    const tomorrow = addDays(parisDate(world.clock.now()), 1);
    const lucas = await world.graphql<{ homeworkToDo: Array<{ dueDate: string; subject: string }> }>('eleve.lucas', 'query { homeworkToDo { dueDate subject } }');
    expect(lucas.errors).toBeUndefined();
    expect(lucas.data?.homeworkToDo.filter((item) => item.dueDate === tomorrow).length).toBe(2);
    const lea = await world.graphql<{ homeworkToDo: Array<{ dueDate: string }> }>('eleve.lea', 'query { homeworkToDo { dueDate } }');
    expect(lea.data?.homeworkToDo.filter((item) => item.dueDate === tomorrow).length).toBe(2);
    // The draft séance is prof.durand's « à remplir » on the home page.
    const summary = await world.graphql<{ _entities: Array<{ homeworkSummary: { toFill: number } }> }>(
      'prof.durand',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { homeworkSummary { toFill } } } }',
      { r: [{ __typename: 'User', id: (await world.viewerOf('prof.durand')).userId }] },
    );
    expect(summary.data?._entities[0]?.homeworkSummary.toFill).toBe(1);
  });

  it('gives up quietly when the annuaire cannot be reached', async () => {
    const written = await seedDemo({
      db: world.database.db,
      logger: silentLogger,
      clock: world.clock,
      annuaireUrl: 'http://127.0.0.1:9',
      graphqlUrl: world.graphqlUrl,
      attempts: 1,
    });
    expect(written).toBe(0);
  });
});
