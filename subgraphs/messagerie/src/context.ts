import type { Clock, JobQueue, ModuleGate, RequestContext } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import type { AnnuaireClient } from './directory/annuaireClient.js';
import type { AttachmentStorage } from './mail/attachments.js';
import type { MailLoaders } from './mail/loaders.js';

/** Per-sender sending limits (safety against mass mailing). */
export interface SendingLimits {
  /** Messages per sender per rolling hour. */
  messagesPerHour: number;
  /** A message to at least this many people counts as mass sending. */
  massThreshold: number;
  /** Mass messages per sender per rolling hour. */
  massPerHour: number;
}

export const DEFAULT_LIMITS: SendingLimits = { messagesPerHour: 60, massThreshold: 30, massPerHour: 10 };

export interface MessagerieContext extends RequestContext {
  db: Kysely<Database>;
  clock: Clock;
  gate: ModuleGate;
  jobs: JobQueue<Database>;
  loaders: MailLoaders;
  /** Asks the annuaire with the caller's own token (see directory/annuaireClient.ts). */
  annuaire: AnnuaireClient;
  limits: SendingLimits;
  /** Absent when no blob store is configured: no attachments then. */
  storage: AttachmentStorage | undefined;
}
