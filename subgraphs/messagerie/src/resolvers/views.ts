import type { Message, PupilLabel } from '../db/database.js';

/** A message as resolvers pass it around: its row, and the viewer's own entry when they have one. */
export interface MessageView extends Message {
  delivery?: {
    folder: string;
    unread: boolean;
    is_sender: boolean;
    concerning: PupilLabel[];
    reminded_at: Date | null;
  } | null;
}

export const iso = (instant: Date | null | undefined) => (instant ? new Date(instant).toISOString() : null);
