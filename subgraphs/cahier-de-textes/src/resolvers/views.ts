import type { Homework, Lesson } from '../db/database.js';

/** Rows as resolvers see them: a séance with its homework already fetched, homework with the pupil's tick. */
export type HomeworkView = Homework & { done?: boolean | null };
export type LessonView = Lesson & { homework?: HomeworkView[] };

export type PublicationState = 'DRAFT' | 'SCHEDULED' | 'PUBLISHED';

export function publicationState(publishAt: Date | null, now: Date): PublicationState {
  if (publishAt === null) return 'DRAFT';
  return publishAt.getTime() > now.getTime() ? 'SCHEDULED' : 'PUBLISHED';
}
