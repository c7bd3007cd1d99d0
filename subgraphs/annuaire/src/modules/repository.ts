import type { ActivationChange } from '@ent/kit';
import type { Db } from '../directory/repository.js';

/** Module activations: the annuaire owns them; module subgraphs read them through /modules/activations. */
export async function activationChanges(
  db: Db,
  filter: { moduleId?: string; establishmentIds?: readonly string[] } = {},
): Promise<ActivationChange[]> {
  let query = db
    .selectFrom('module_activation_changes')
    .select(['establishment_id', 'module_id', 'enabled', 'effective_at'])
    .orderBy('effective_at')
    .orderBy('id');
  if (filter.moduleId) query = query.where('module_id', '=', filter.moduleId);
  if (filter.establishmentIds) query = query.where('establishment_id', 'in', filter.establishmentIds);
  const rows = await query.execute();
  return rows.map((row) => ({
    establishmentId: row.establishment_id,
    moduleId: row.module_id,
    enabled: row.enabled,
    effectiveAt: row.effective_at,
  }));
}

export async function recordActivationChange(
  db: Db,
  change: ActivationChange & { createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('module_activation_changes')
    .values({
      establishment_id: change.establishmentId,
      module_id: change.moduleId,
      enabled: change.enabled,
      effective_at: change.effectiveAt,
      created_by: change.createdBy,
    })
    .execute();
}

/** Turns the given modules on, from `at`, in the given establishments (demo seed, new establishments). */
export async function enableModules(db: Db, establishmentIds: readonly string[], moduleIds: readonly string[], at: Date): Promise<void> {
  const rows = establishmentIds.flatMap((establishment_id) =>
    moduleIds.map((module_id) => ({ establishment_id, module_id, enabled: true, effective_at: at, created_by: null })),
  );
  if (rows.length > 0) await db.insertInto('module_activation_changes').values(rows).execute();
}

/** Deletes the decisions that have not taken effect yet; returns how many there were. */
export async function deleteScheduledChanges(db: Db, establishmentId: string, moduleId: string, after: Date): Promise<number> {
  const deleted = await db
    .deleteFrom('module_activation_changes')
    .where('establishment_id', '=', establishmentId)
    .where('module_id', '=', moduleId)
    .where('effective_at', '>', after)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
