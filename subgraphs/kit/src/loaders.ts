import DataLoader from 'dataloader';

/**
 * A per-request loader answering many entity references with one query (`where id in (…)`).
 * `load` gets the distinct ids; rows come back in any order and missing ones resolve to null.
 */
export function createBatchLoader<V, K extends string = string>(
  load: (ids: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
  { maxBatchSize = 1000 } = {},
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (ids) => {
      const rows = await load(ids);
      const byId = new Map<K, V>();
      for (const row of rows) byId.set(keyOf(row), row);
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize },
  );
}

/** Like createBatchLoader, for one-to-many lookups (the members of each class, say). */
export function createGroupedLoader<V, K extends string = string>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
  { maxBatchSize = 1000 } = {},
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const rows = await load(keys);
      const grouped = new Map<K, V[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = grouped.get(key);
        if (list) list.push(row);
        else grouped.set(key, [row]);
      }
      return keys.map((key) => grouped.get(key) ?? []);
    },
    { maxBatchSize },
  );
}
