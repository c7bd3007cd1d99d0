import { createJobQueue, runSubgraph, systemClock } from '@ent/kit';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedDemoForms } from './demo/seedDemo.js';
import { registerFormJobs } from './forms/jobs.js';
import { createFormulairesServer } from './server.js';

/**
 * Production entry: `node dist/main.js`, with the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR,
 * ENT_ANNUAIRE_URL, ENT_DEMO; see docs/configuration.md). Runs the form jobs (reminders, retention).
 */
await runSubgraph<Database>({
  name: 'formulaires',
  defaultPort: 4005,
  migrations,
  start: async ({ config, logger, database, annuaireUrl, onStop }) => {
    const jobs = createJobQueue({ db: database.db, clock: systemClock, logger });
    await registerFormJobs(jobs, database.db, systemClock, logger);
    const server = await createFormulairesServer({ db: database.db, logger, annuaireUrl, ready: database.ping, jobs });
    onStop(() => jobs.stop());
    return {
      server,
      listening: (url) => {
        jobs.start({ pollIntervalMs: 5_000, concurrency: 2 });
        if (config.demo) {
          void seedDemoForms({ db: database.db, logger, annuaireUrl, graphqlUrl: `${url}/graphql` }).catch((error: unknown) =>
            logger.warn({ err: error }, 'formulaires demo seeding failed'),
          );
        }
      },
    };
  },
});
