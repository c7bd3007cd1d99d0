import type { Clock, RequestContext } from '@ent/kit';
import type { DirectoryLoaders } from './directory/loaders.js';
import type { Db } from './directory/repository.js';

export interface AnnuaireContext extends RequestContext {
  db: Db;
  loaders: DirectoryLoaders;
  clock: Clock;
  /** Ends every session of a person (deactivation); provided by the auth service. */
  revokeUserSessions: (db: Db, userId: string, reason: string) => Promise<void>;
}
