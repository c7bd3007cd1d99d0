import { type Clock, createBatchLoader, createGroupedLoader } from '@ent/kit';
import { attachmentsOf, type Db, unreadCounts, unreadCountsAbout } from './repository.js';

/** Per-request loaders: the home page asks every user's count in one query. */
export function createMailLoaders(db: Db, clock: Clock, viewerId: string | undefined) {
  const unread = createBatchLoader(
    (ids: readonly string[]) => unreadCounts(db, ids, clock.now()),
    (row) => row.user_id,
  );
  const about = createBatchLoader(
    (ids: readonly string[]) => unreadCountsAbout(db, viewerId ?? '', ids, clock.now()),
    (row) => row.child_id,
  );
  return {
    /** For a parent: their unread messages about this child. */
    unreadAbout: { load: async (childId: string) => (await about.load(childId))?.unread ?? 0 },
    unread: { load: async (id: string) => (await unread.load(id))?.unread ?? 0 },
    attachments: createGroupedLoader(
      (ids: readonly string[]) => attachmentsOf(db, ids),
      (row) => row.message_id as string,
    ),
  };
}

export type MailLoaders = ReturnType<typeof createMailLoaders>;
