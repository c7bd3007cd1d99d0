import type { Clock, ModuleGate, RequestContext } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { DevoirsStorage } from './devoirs/files.js';
import type { DevoirsLoaders } from './devoirs/loaders.js';
import type { Database } from './db/database.js';
import type { AnnuaireClient } from './directory/annuaireClient.js';

export interface DevoirsContext extends RequestContext {
  db: Kysely<Database>;
  clock: Clock;
  loaders: DevoirsLoaders;
  gate: ModuleGate;
  /** Asks the annuaire with the caller's own token (see directory/annuaireClient.ts). */
  annuaire: AnnuaireClient;
  /** Absent when no blob store is configured: no file submissions then. */
  storage: DevoirsStorage | undefined;
}
