import type { Clock, Logger, ModuleGate } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { AnnuaireClient } from './annuaire.js';
import type { Viewer } from './auth.js';
import type { Database } from './db/database.js';

/** What every resolver receives (Mercurius merges it into its own context). */
export interface VieScolaireContext {
  viewer: Viewer | null;
  /** Set when a token was presented but refused. */
  authFailure: Error | undefined;
  db: Kysely<Database>;
  clock: Clock;
  gate: ModuleGate;
  annuaire: AnnuaireClient;
  logger: Logger;
}
