import { type Clock, createBatchLoader, createGroupedLoader } from '@ent/kit';
import { attachmentsOf, criteriaOf, type Db, filesOfSubmissions, levelsOf, progressOf, pupilSummaries, rubricsByIds, toMarkCounts } from './repository.js';

/** « Soon » on the home page: due within a week; « recently » returned: within a week. */
const WEEK_MS = 7 * 86_400_000;

/** Per-request loaders: a list of assignments asks its rubrics, criteria, levels, files and counts once each. */
export function createDevoirsLoaders(db: Db, clock: Clock) {
  return {
    rubric: createBatchLoader((ids: readonly string[]) => rubricsByIds(db, ids), (row) => row.id),
    criteria: createGroupedLoader((ids: readonly string[]) => criteriaOf(db, ids), (row) => row.rubric_id),
    levels: createGroupedLoader((ids: readonly string[]) => levelsOf(db, ids), (row) => row.criterion_id),
    versionFiles: createGroupedLoader((ids: readonly string[]) => filesOfSubmissions(db, ids), (row) => row.submission_id as string),
    attachments: createGroupedLoader((ids: readonly string[]) => attachmentsOf(db, ids), (row) => row.assignment_id),
    progress: createBatchLoader((ids: readonly string[]) => progressOf(db, ids), (row) => row.assignment_id),
    /** A parent's home page asks for every child at once: one query. */
    pupilSummary: createGroupedLoader(
      (ids: readonly string[]) => {
        const now = clock.now();
        return pupilSummaries(db, ids, now, new Date(now.getTime() + WEEK_MS), new Date(now.getTime() - WEEK_MS));
      },
      (row) => row.pupilId,
    ),
    toMark: createGroupedLoader((ids: readonly string[]) => toMarkCounts(db, ids), (row) => row.authorId),
  };
}

export type DevoirsLoaders = ReturnType<typeof createDevoirsLoaders>;
