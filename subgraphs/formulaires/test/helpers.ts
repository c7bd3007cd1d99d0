import type { Database as AnnuaireDatabase } from '@ent/annuaire';
import { graphqlAs, startTestAnnuaire } from '@ent/annuaire/testing';
import { createJobQueue, createModuleGate, type Database as KitDatabase, ManualClock, silentLogger, type SubgraphServer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { registerFormJobs } from '../src/forms/jobs.js';
import { createFormulairesServer } from '../src/server.js';

export type { GraphQLAnswer } from '@ent/annuaire/testing';

/**
 * The real annuaire (demo directory, real tokens, real /modules/activations) on port 0, and the
 * formulaires on port 0 talking to it, as in production. The clock is manual (deadlines, reminders,
 * retention); the job queue is driven by the tests with runDue().
 */
export async function startWorld(start = '2026-12-07T09:00:00Z') {
  const testAnnuaire = await startTestAnnuaire();
  const annuaire = testAnnuaire.server;
  const annuaireUrl = testAnnuaire.url;
  const annuaireDb: KitDatabase<AnnuaireDatabase> = testAnnuaire.database;
  const { viewerOf, tokenOf } = testAnnuaire;
  const database: KitDatabase<Database> = await createTestDatabase<Database>('formulaires', migrations);
  const clock = new ManualClock(start);
  const gate = createModuleGate({ moduleId: 'formulaires', activationsUrl: `${annuaireUrl}/modules/activations`, clock, ttlMs: 0 });
  const jobs = createJobQueue({ db: database.db, clock, logger: silentLogger });
  await registerFormJobs(jobs, database.db, clock, silentLogger);
  const server: SubgraphServer = await createFormulairesServer({ db: database.db, logger: silentLogger, annuaireUrl, clock, gate, jobs });
  const { url: baseUrl } = await server.listen(0);
  const graphqlUrl = `${baseUrl}/graphql`;


  const graphql = graphqlAs(graphqlUrl, tokenOf);

  return {
    annuaire,
    annuaireUrl,
    annuaireDb,
    database,
    clock,
    jobs,
    baseUrl,
    viewerOf,
    tokenOf,
    graphql,
    async stop() {
      await server.stop();
      await testAnnuaire.stop();
      await database.close();
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;

/** Counts of every table a bad input must leave alone. */
export async function tableCounts(world: World) {
  const count = async (table: 'forms' | 'responses' | 'answers' | 'answered' | 'signatures' | 'bookings' | 'audience_members') =>
    Number((await world.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    forms: await count('forms'),
    responses: await count('responses'),
    answers: await count('answers'),
    answered: await count('answered'),
    signatures: await count('signatures'),
    bookings: await count('bookings'),
    audience: await count('audience_members'),
  };
}
