import type { Clock, ModuleGate, RequestContext } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import type { AnnuaireClient } from './directory/annuaireClient.js';
import type { ExportService } from './gar/exportService.js';
import type { ResourceService } from './resources/resourceService.js';

export interface GarContext extends RequestContext {
  db: Kysely<Database>;
  clock: Clock;
  gate: ModuleGate;
  annuaire: AnnuaireClient;
  resources: ResourceService;
  exports: ExportService;
  /** The portal's address: the SAML and LTI routes are reached through it. */
  publicUrl: string;
  logger: RequestContext['logger'];
}
