import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export const TICKET_TTL_MS = 2 * 60 * 1000;

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/** A one-time, two-minute handle the browser carries from a mutation to a plain HTTP route. Only its hash is stored. */
export async function issueTicket(
  db: Kysely<Database>,
  clock: Clock,
  kind: 'LTI' | 'SSO',
  userId: string,
  establishmentId: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await db
    .insertInto('launch_tickets')
    .values({
      id: hashOf(ticket),
      kind,
      user_id: userId,
      establishment_id: establishmentId,
      payload: JSON.stringify(payload),
      expires_at: new Date(clock.now().getTime() + TICKET_TTL_MS),
      used_at: null,
    })
    .execute();
  return ticket;
}

export interface ConsumedTicket {
  userId: string;
  establishmentId: string;
  payload: Record<string, unknown>;
}

/** Marks the ticket used and returns it; null when unknown, of another kind, expired or already used. */
export async function consumeTicket(db: Kysely<Database>, clock: Clock, kind: 'LTI' | 'SSO', ticket: string): Promise<ConsumedTicket | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return null;
  const now = clock.now();
  const row = await db
    .updateTable('launch_tickets')
    .set({ used_at: now })
    .where('id', '=', hashOf(ticket))
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'establishment_id', 'payload'])
    .executeTakeFirst();
  return row ? { userId: row.user_id, establishmentId: row.establishment_id, payload: row.payload as Record<string, unknown> } : null;
}

/** Tickets are useless two minutes after issue: purge them with the queue's housekeeping. */
export async function purgeTickets(db: Kysely<Database>, clock: Clock): Promise<void> {
  await db.deleteFrom('launch_tickets').where('expires_at', '<', new Date(clock.now().getTime() - 60 * 60 * 1000)).execute();
}
