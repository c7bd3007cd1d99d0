import { createAnnuaireServer, type AnnuaireServer, type Database as AnnuaireDatabase, migrations as annuaireMigrations, seedDemo } from '@ent/annuaire';
import { type Database as KitDatabase, ManualClock, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';

export const SERVICE_SECRET = 'test-service-secret-0123456789-abcdefghij';

export interface TestAnnuaire {
  database: KitDatabase<AnnuaireDatabase>;
  server: AnnuaireServer;
  url: string;
  clock: ManualClock;
  idOf(login: string): Promise<string>;
  establishmentId(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A real annuaire (PGlite in memory) with the demo seeded, serving its internal export with SERVICE_SECRET. */
export async function startTestAnnuaire(start = new Date('2026-12-01T08:00:00Z')): Promise<TestAnnuaire> {
  const clock = new ManualClock(start);
  const database = await createTestDatabase<AnnuaireDatabase>('annuaire', annuaireMigrations);
  await seedDemo(database.db, { logger: silentLogger, clock });
  const server = await createAnnuaireServer({ db: database.db, logger: silentLogger, demo: true, clock, serviceSecret: SERVICE_SECRET });
  const { url } = await server.listen(0);
  return {
    database,
    server,
    url,
    clock,
    async idOf(login) {
      return (await database.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
    },
    async establishmentId(name) {
      return (await database.db.selectFrom('establishments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    },
    async stop() {
      await server.stop();
      await database.close();
    },
  };
}
