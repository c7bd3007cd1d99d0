import { createBatchLoader, createGroupedLoader } from '@ent/kit';
import { audienceCounts, type Db, findResources, findSlots, questionsOf, responseCounts, sectionsOf } from './repository.js';

/** Per-request loaders: a list of forms asks its sections, questions and counts in one query each. */
export function createFormLoaders(db: Db) {
  const responses = createBatchLoader(
    (ids: readonly string[]) => responseCounts(db, ids),
    (row) => row.form_id,
  );
  const audience = createBatchLoader(
    (ids: readonly string[]) => audienceCounts(db, ids),
    (row) => row.form_id,
  );
  return {
    sections: createGroupedLoader(
      (ids: readonly string[]) => sectionsOf(db, ids),
      (row) => row.form_id,
    ),
    questions: createGroupedLoader(
      (ids: readonly string[]) => questionsOf(db, ids),
      (row) => row.form_id,
    ),
    resource: createBatchLoader(
      (ids: readonly string[]) => findResources(db, ids),
      (row) => row.id,
    ),
    slot: createBatchLoader(
      (ids: readonly string[]) => findSlots(db, ids),
      (row) => row.id,
    ),
    responseCount: { load: async (id: string) => (await responses.load(id))?.count ?? 0 },
    audienceCount: { load: async (id: string) => (await audience.load(id))?.count ?? 0 },
  };
}

export type FormLoaders = ReturnType<typeof createFormLoaders>;
