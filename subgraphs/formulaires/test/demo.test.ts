import { silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoForms } from '../src/demo/seedDemo.js';
import { startWorld, type World } from './helpers.js';

let world: World;
beforeAll(async () => {
  // After the demo's module activations (written at seed time, inside startWorld).
  world = await startWorld(new Date(Date.now() + 60_000).toISOString());
});
afterAll(async () => {
  await world?.stop();
});

describe('demo content', () => {
  it('seeds an open trip authorisation, a survey, resources and a booking, once', async () => {
    const options = { db: world.database.db, logger: silentLogger, annuaireUrl: world.annuaireUrl, graphqlUrl: `${world.baseUrl}/graphql`, retryMs: 10, attempts: 3 };
    expect(await seedDemoForms(options)).toBe(true);
    const forms = await world.database.db.selectFrom('forms').select(['title', 'status', 'anonymous']).orderBy('title').execute();
    expect(forms).toEqual([
      { title: 'Enquête de satisfaction', status: 'OPEN', anonymous: true },
      { title: 'Sortie au musée du Louvre — 5e B', status: 'OPEN', anonymous: false },
    ]);
    expect(await world.database.db.selectFrom('resources').select('name').execute()).toHaveLength(2);
    expect(await world.database.db.selectFrom('bookings').select('id').execute()).toHaveLength(1);
    // parent.bernard has the trip to sign for Lucas.
    const toAnswer = await world.graphql<{ formsToAnswer: Array<{ form: { title: string }; childName: string }> }>('parent.bernard', '{ formsToAnswer { form { title } childName } }');
    expect(toAnswer.data?.formsToAnswer).toContainEqual({ form: { title: 'Sortie au musée du Louvre — 5e B' }, childName: 'Lucas Bernard' });
    expect(await seedDemoForms(options)).toBe(false);
    expect(await world.database.db.selectFrom('forms').select('id').execute()).toHaveLength(2);
  });
});
