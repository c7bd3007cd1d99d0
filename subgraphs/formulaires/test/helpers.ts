import { buildViewer, createAnnuaireServer, type AnnuaireServer, type Database as AnnuaireDatabase, migrations as annuaireMigrations, seedDemo } from '@ent/annuaire';
import { createJobQueue, createModuleGate, type Database as KitDatabase, ManualClock, silentLogger, type SubgraphServer, type Viewer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { registerFormJobs } from '../src/forms/jobs.js';
import { createFormulairesServer } from '../src/server.js';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; field?: string } }>;
}

/**
 * The real annuaire (demo directory, real tokens, real /modules/activations) on port 0, and the
 * formulaires on port 0 talking to it, as in production. The clock is manual (deadlines, reminders,
 * retention); the job queue is driven by the tests with runDue().
 */
export async function startWorld(start = '2026-12-07T09:00:00Z') {
  const annuaireDb: KitDatabase<AnnuaireDatabase> = await createTestDatabase<AnnuaireDatabase>('annuaire', annuaireMigrations);
  await seedDemo(annuaireDb.db, { logger: silentLogger });
  const annuaire: AnnuaireServer = await createAnnuaireServer({ db: annuaireDb.db, logger: silentLogger, demo: true });
  const { url: annuaireUrl } = await annuaire.listen(0);
  const database: KitDatabase<Database> = await createTestDatabase<Database>('formulaires', migrations);
  const clock = new ManualClock(start);
  const gate = createModuleGate({ moduleId: 'formulaires', activationsUrl: `${annuaireUrl}/modules/activations`, clock, ttlMs: 0 });
  const jobs = createJobQueue({ db: database.db, clock, logger: silentLogger });
  await registerFormJobs(jobs, database.db, clock, silentLogger);
  const server: SubgraphServer = await createFormulairesServer({ db: database.db, logger: silentLogger, annuaireUrl, clock, gate, jobs });
  const { url: baseUrl } = await server.listen(0);
  const graphqlUrl = `${baseUrl}/graphql`;

  const viewers = new Map<string, Viewer>();
  const viewerOf = async (login: string): Promise<Viewer> => {
    const known = viewers.get(login);
    if (known) return known;
    const user = await annuaireDb.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
    const viewer = await buildViewer(annuaireDb.db, user.id, `sid-${login}`, ['pwd']);
    viewers.set(login, viewer);
    return viewer;
  };
  const tokenOf = async (login: string) => annuaire.auth.signAccessToken(await viewerOf(login));

  const graphql = async <T = Record<string, unknown>>(login: string | null, query: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (login) headers['authorization'] = `Bearer ${await tokenOf(login)}`;
    const response = await fetch(graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as GraphQLAnswer<T>;
  };

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
      await annuaire.stop();
      await database.close();
      await annuaireDb.close();
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
