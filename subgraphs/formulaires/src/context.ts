import type { Clock, JobQueue, ModuleGate, RequestContext } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import type { AnnuaireClient } from './directory/annuaireClient.js';
import type { FormLoaders } from './forms/loaders.js';

export interface FormulairesContext extends RequestContext {
  db: Kysely<Database>;
  clock: Clock;
  gate: ModuleGate;
  /** Asks the annuaire with the caller's own token (see directory/annuaireClient.ts). */
  annuaire: AnnuaireClient;
  /** Reminders are scheduled in the mutation's transaction. */
  jobs: JobQueue<Database>;
  loaders: FormLoaders;
}
