import { createHash, randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** 32 random bytes, base64url: what the cookie carries. Only its SHA-256 is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type SessionRevocationReason = 'REFRESH_REUSE' | 'LOGOUT' | 'USER_DEACTIVATED' | (string & {});

export async function createSession(
  db: Kysely<Database>,
  session: { userId: string; authMethods: string[]; ip: string; userAgent: string; createdAt: Date; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('sessions')
    .values({
      user_id: session.userId,
      auth_methods: session.authMethods,
      ip: session.ip,
      user_agent: session.userAgent.slice(0, 512),
      created_at: session.createdAt,
      last_used_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRefreshToken(
  db: Kysely<Database>,
  token: { sessionId: string; tokenHash: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      token_hash: token.tokenHash,
      session_id: token.sessionId,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .execute();
}

/**
 * The refresh token and its session, locking the session row: concurrent refreshes of one family
 * run one after the other, so a token is never rotated twice.
 */
export async function findRefreshTokenForUpdate(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'refresh_tokens.session_id as sessionId',
      'refresh_tokens.expires_at as tokenExpiresAt',
      'refresh_tokens.used_at as usedAt',
      'sessions.user_id as userId',
      'sessions.auth_methods as authMethods',
      'sessions.created_at as sessionCreatedAt',
      'sessions.expires_at as sessionExpiresAt',
      'sessions.revoked_at as revokedAt',
      'users.status as userStatus',
    ])
    .where('refresh_tokens.token_hash', '=', tokenHash)
    .forUpdate(['refresh_tokens', 'sessions'])
    .executeTakeFirst();
}

export async function markRefreshTokenUsed(db: Kysely<Database>, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('refresh_tokens').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function touchSession(db: Kysely<Database>, sessionId: string, at: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_used_at: at, expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

/** Revokes the session and burns its unused refresh tokens. Returns false when it was already revoked. */
export async function revokeSession(
  db: Kysely<Database>,
  sessionId: string,
  reason: SessionRevocationReason,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await db
    .updateTable('refresh_tokens')
    .set({ used_at: at })
    .where('session_id', '=', sessionId)
    .where('used_at', 'is', null)
    .execute();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Ends every open session of a person (an administrator deactivated the account, a password was
 * reset…). Access tokens already issued stay valid until they expire (minutes). Returns how many
 * sessions were revoked.
 */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  reason: SessionRevocationReason,
  clock: Clock = systemClock,
): Promise<number> {
  const at = clock.now();
  const revoked = await db
    .updateTable('sessions')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  if (revoked.length > 0) {
    await db
      .updateTable('refresh_tokens')
      .set({ used_at: at })
      .where(
        'session_id',
        'in',
        revoked.map((row) => row.id),
      )
      .where('used_at', 'is', null)
      .execute();
  }
  return revoked.length;
}

export async function findSessionIdOfRefreshToken(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
    .select(['sessions.id as sessionId', 'sessions.user_id as userId'])
    .where('refresh_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
