import { type Database, createFormulairesServer, migrations } from '@ent/formulaires';
import { createTestDatabase } from '@ent/kit/testing';
import type { SubgraphStarter } from './types.js';

/** Reminders and retention jobs are scheduled in its queue but not run here (their tests drive them). */
export const startFormulaires: SubgraphStarter = async ({ annuaireUrl, clock, logger }) => {
  const database = await createTestDatabase<Database>('formulaires', migrations);
  const server = await createFormulairesServer({ db: database.db, logger, clock, annuaireUrl, ready: database.ping });
  const { url } = await server.listen(0);
  return {
    url,
    stop: async () => {
      await server.stop();
      await database.close();
    },
  };
};
