import { type Kysely, type Selectable, sql } from 'kysely';
import type { AccessEvent, AccessJournalTable, Database } from '../db/database.js';

export interface AccessEventInput {
  event: AccessEvent;
  at: Date;
  ip: string;
  userAgent: string;
  userId?: string | null;
  /** The login as typed, normalised; with `userIdFromLogin` the row names the account when it exists. */
  login?: string | null;
  sessionId?: string | null;
  detail?: Record<string, unknown> | null;
}

const MAX_USER_AGENT = 512;

export async function recordAccessEvent(db: Kysely<Database>, input: AccessEventInput): Promise<void> {
  await db
    .insertInto('access_journal')
    .values({
      event: input.event,
      at: input.at,
      ip: input.ip,
      user_agent: input.userAgent.slice(0, MAX_USER_AGENT),
      user_id: input.userId ?? null,
      login: input.login ?? null,
      session_id: input.sessionId ?? null,
      detail: input.detail ? JSON.stringify(input.detail) : null,
    })
    .execute();
}

/**
 * Records an event about a login without a separate lookup: the account id is filled in by the insert
 * itself when the login exists (throttled attempts must not cost a visible extra round trip).
 */
export async function recordLoginEvent(
  db: Kysely<Database>,
  input: Omit<AccessEventInput, 'userId'> & { login: string },
): Promise<void> {
  await db
    .insertInto('access_journal')
    .values((eb) => ({
      event: input.event,
      at: input.at,
      ip: input.ip,
      user_agent: input.userAgent.slice(0, MAX_USER_AGENT),
      user_id: eb.selectFrom('users').select('id').where('login', '=', input.login),
      login: input.login,
      session_id: input.sessionId ?? null,
      detail: input.detail ? JSON.stringify(input.detail) : null,
    }))
    .execute();
}

/**
 * When `limit` failures or more happened since `since`, the moment the oldest of the last `limit`
 * leaves the window is when attempts may resume: returns the time of that failure (undefined when
 * under the limit). One indexed read, newest first, stopping at the limit-th row.
 */
export async function limitingFailureAt(
  db: Kysely<Database>,
  filter:
    | { kind: 'login'; login: string }
    | { kind: 'ip'; ip: string }
    | { kind: 'mfaUser'; userId: string }
    | { kind: 'mfaToken'; userId: string; mfaTokenId: string },
  since: Date,
  limit: number,
): Promise<Date | undefined> {
  let query = db.selectFrom('access_journal').select('at').where('at', '>', since);
  switch (filter.kind) {
    case 'login':
      // A successful login closes the account's earlier failures: they no longer count.
      query = query
        .where('login', '=', filter.login)
        .where('event', '=', 'LOGIN_FAILURE')
        .where(({ eb, selectFrom, fn, val }) =>
          eb(
            'at',
            '>',
            fn.coalesce(
              selectFrom('access_journal as success')
                .select((s) => s.fn.max('success.at').as('at'))
                .where('success.login', '=', filter.login)
                .where('success.event', '=', 'LOGIN_SUCCESS')
                .where('success.at', '>', since),
              val(since),
            ),
          ),
        );
      break;
    case 'ip':
      query = query.where('ip', '=', filter.ip).where('event', '=', 'LOGIN_FAILURE');
      break;
    case 'mfaUser':
      query = query.where('user_id', '=', filter.userId).where('event', '=', 'MFA_FAILURE');
      break;
    case 'mfaToken':
      query = query
        .where('user_id', '=', filter.userId)
        .where('event', '=', 'MFA_FAILURE')
        .where(sql<string>`detail->>'mfaTokenId'`, '=', filter.mfaTokenId);
      break;
  }
  const row = await query
    .orderBy('at', 'desc')
    .offset(limit - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.at) : undefined;
}

/**
 * The last TOTP time step accepted for the account, so a code is never accepted twice (nor an older
 * one after a newer). Read under the user's row lock by the caller.
 */
export async function lastTotpStep(db: Kysely<Database>, userId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('access_journal')
    .select(sql<string | null>`detail->>'step'`.as('step'))
    .where('user_id', '=', userId)
    .where('event', '=', 'MFA_SUCCESS')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.step ? Number(row.step) : undefined;
}

/** An MFA token opens one session only. */
export async function mfaTokenAlreadyUsed(
  db: Kysely<Database>,
  userId: string,
  mfaTokenId: string,
  since: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('access_journal')
    .select('id')
    .where('user_id', '=', userId)
    .where('event', '=', 'MFA_SUCCESS')
    .where('at', '>', since)
    .where(sql<string>`detail->>'mfaTokenId'`, '=', mfaTokenId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A journal row as stored (snake_case, as the GraphQL resolvers read it), id as a string. */
export type AccessEventRecord = Omit<Selectable<AccessJournalTable>, 'id'> & { id: string };

export interface AccessEventFilter {
  userIds?: readonly string[] | undefined;
  /** Events of people holding a profile in this establishment. */
  establishmentId?: string | undefined;
  /** An AccessEvent name; an unknown name matches nothing. */
  event?: string | undefined;
  since?: Date | undefined;
  /** Page size, clamped to 1…MAX_ACCESS_EVENTS_PAGE. */
  first: number;
  /** Cursor: the id of the last event of the previous page. */
  before?: string | undefined;
}

export const MAX_ACCESS_EVENTS_PAGE = 500;

/** Newest first, keyset-paginated on id: `before` is the id of the last event of the previous page. */
export async function listAccessEvents(db: Kysely<Database>, filter: AccessEventFilter): Promise<AccessEventRecord[]> {
  const first = Math.min(Math.max(Math.trunc(filter.first) || 1, 1), MAX_ACCESS_EVENTS_PAGE);
  if (filter.userIds?.length === 0) return [];
  let query = db.selectFrom('access_journal').selectAll();
  if (filter.userIds) query = query.where('user_id', 'in', filter.userIds);
  if (filter.establishmentId) {
    const establishmentId = filter.establishmentId;
    query = query.where('user_id', 'in', (eb) =>
      eb.selectFrom('user_profiles').select('user_id').where('establishment_id', '=', establishmentId),
    );
  }
  if (filter.event) query = query.where('event', '=', filter.event as AccessEvent);
  if (filter.since) query = query.where('at', '>=', filter.since);
  if (filter.before !== undefined) {
    // Ids are bigserial; anything else cannot be a cursor of ours.
    if (!/^\d{1,18}$/.test(filter.before)) return [];
    query = query.where('id', '<', filter.before);
  }
  const rows = await query.orderBy('id', 'desc').limit(first).execute();
  // bigserial comes back as a string from node-postgres and as a number from PGlite.
  return rows.map((row) => ({ ...row, id: String(row.id), at: new Date(row.at) }));
}
