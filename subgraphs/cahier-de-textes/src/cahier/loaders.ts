import { createBatchLoader, createGroupedLoader } from '@ent/kit';
import { attachmentsOf, type Db, doneCounts } from './repository.js';

/** Per-request loaders: a week of homework asks its tick counts in one query. */
export function createCahierLoaders(db: Db) {
  const counts = createBatchLoader(
    (ids: readonly string[]) => doneCounts(db, ids),
    (row) => row.homework_id,
  );
  return {
    lessonAttachments: createGroupedLoader(
      (ids: readonly string[]) => attachmentsOf(db, 'lesson_id', ids),
      (row) => row.lesson_id as string,
    ),
    homeworkAttachments: createGroupedLoader(
      (ids: readonly string[]) => attachmentsOf(db, 'homework_id', ids),
      (row) => row.homework_id as string,
    ),
    doneCount: { load: async (id: string) => (await counts.load(id))?.count ?? 0 },
  };
}

export type CahierLoaders = ReturnType<typeof createCahierLoaders>;
