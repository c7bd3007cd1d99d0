import type { Clock, ModuleGate, RequestContext } from '@ent/kit';
import type { AttachmentStorage } from './cahier/attachments.js';
import type { CahierLoaders } from './cahier/loaders.js';
import type { Db } from './cahier/repository.js';
import type { Database } from './db/database.js';
import type { AnnuaireClient } from './directory/annuaireClient.js';
import type { Kysely } from 'kysely';

export interface CahierContext extends RequestContext {
  db: Kysely<Database>;
  clock: Clock;
  loaders: CahierLoaders;
  gate: ModuleGate;
  /** Asks the annuaire with the caller's own token (see directory/annuaireClient.ts). */
  annuaire: AnnuaireClient;
  /** Daily homework minutes per class above which a teacher is warned, unless the establishment set its own. */
  defaultWorkloadThreshold: number;
  /** The portal's address, for the calendar URLs handed out (the router forwards /calendar/* here). */
  publicUrl: string;
  /** Absent when no blob store is configured: no attachments then. */
  storage: AttachmentStorage | undefined;
}

export type { Db };
