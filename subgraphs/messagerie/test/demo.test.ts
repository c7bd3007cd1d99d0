import { silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMessages } from '../src/demo/seed.js';
import { startWorld, type World } from './helpers.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.stop();
});

describe('demo content', () => {
  it('seeds conversations for the demo accounts through the real API, once', async () => {
    const options = { db: world.database.db, annuaireUrl: world.annuaireUrl, messagerieUrl: world.baseUrl, logger: silentLogger, retryMs: 10, attempts: 2 };
    await seedDemoMessages(options);
    const count = async () => Number((await world.database.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const first = await count();
    expect(first).toBeGreaterThanOrEqual(6);
    const inbox = await world.graphql<{ mailbox: Array<{ lastMessage: { subject: string; concerning: Array<{ name: string }> } }> }>(
      'parent.bernard',
      '{ mailbox(folder: INBOX) { lastMessage { subject concerning { name } } } }',
    );
    const subjects = inbox.data?.mailbox.map((entry) => entry.lastMessage.subject) ?? [];
    expect(subjects).toContain('Sortie au musée du quai Branly – 5e B');
    expect(subjects).toContain('Re: Absence de Lucas jeudi');
    await seedDemoMessages(options);
    expect(await count()).toBe(first);
  });
});
