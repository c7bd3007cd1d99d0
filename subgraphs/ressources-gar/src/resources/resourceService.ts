import type { Clock, Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { messages } from '../messages.js';
import { type GarClient, GarMalformedAnswerError, GarRefusedError, type GarResource } from './garClient.js';

export const NEW_RESOURCE_DAYS = 7;

export interface ResourceListResult {
  establishmentId: string;
  resources: GarResource[];
  stale: boolean;
  fetchedAt: Date | null;
  notice: string | null;
}

export interface ResourceService {
  /** Asks GAR (unless the cached list is younger than the cache age); on any GAR failure, the last known list, stale. */
  list(userId: string, establishmentId: string, uai: string): Promise<ResourceListResult>;
  /** The last known list only (home page, favourites checks): never calls GAR. */
  lastKnown(userId: string, establishmentId: string): Promise<ResourceListResult>;
}

export interface ResourceServiceOptions {
  db: Kysely<Database>;
  gar: GarClient;
  clock: Clock;
  logger: Logger;
  /** A list younger than this is served without asking GAR (0: always ask). */
  cacheSeconds: number;
}

export function createResourceService(options: ResourceServiceOptions): ResourceService {
  const { db, clock, logger } = options;

  async function lastKnown(userId: string, establishmentId: string): Promise<ResourceListResult> {
    const row = await db
      .selectFrom('resource_lists')
      .select(['resources', 'fetched_at'])
      .where('user_id', '=', userId)
      .where('establishment_id', '=', establishmentId)
      .executeTakeFirst();
    return {
      establishmentId,
      resources: (row?.resources as GarResource[] | undefined) ?? [],
      stale: false,
      fetchedAt: row?.fetched_at ?? null,
      notice: null,
    };
  }

  return {
    lastKnown,
    async list(userId, establishmentId, uai) {
      const known = await lastKnown(userId, establishmentId);
      const now = clock.now();
      if (known.fetchedAt && now.getTime() - known.fetchedAt.getTime() < options.cacheSeconds * 1000) return known;
      try {
        const resources = await options.gar.listResources(uai, userId);
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('resource_lists')
            .values({ user_id: userId, establishment_id: establishmentId, resources: JSON.stringify(resources), fetched_at: now })
            .onConflict((oc) => oc.columns(['user_id', 'establishment_id']).doUpdateSet({ resources: JSON.stringify(resources), fetched_at: now }))
            .execute();
          if (resources.length > 0) {
            await trx
              .insertInto('resource_sightings')
              .values(resources.map((resource) => ({ user_id: userId, resource_id: resource.id, first_seen_at: now })))
              .onConflict((oc) => oc.columns(['user_id', 'resource_id']).doNothing())
              .execute();
          }
        });
        return { establishmentId, resources, stale: false, fetchedAt: now, notice: null };
      } catch (error) {
        // Graceful degradation: never an error page, the last known list marked as such.
        let notice: string = messages.staleList;
        if (error instanceof GarMalformedAnswerError) {
          notice = messages.malformedList;
          logger.error({ err: error, userId, uai }, 'GAR resource list: malformed answer');
        } else if (error instanceof GarRefusedError) {
          notice = messages.refusedList.replace('{code}', error.code);
          logger.warn({ status: error.status, code: error.code, reason: error.message, userId, uai }, 'GAR resource list: refused');
        } else {
          logger.warn({ reason: (error as Error).message, userId, uai }, 'GAR resource list: GAR unavailable, serving the last known list');
        }
        return { ...known, stale: true, notice };
      }
    },
  };
}
