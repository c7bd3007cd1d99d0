import { randomUUID } from 'node:crypto';
import {
  ACCESS_TOKEN_ALGORITHMS,
  badUserInput,
  type Clock,
  claimsOfViewer,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  format,
  isProfile,
  type Logger,
  rateLimited,
  STAFF_PROFILES,
  systemClock,
  unauthenticated,
  type Viewer,
} from '@ent/kit';
import { type CryptoKey, type JWK, jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  lastTotpStep,
  limitingFailureAt,
  mfaTokenAlreadyUsed,
  recordAccessEvent,
  recordLoginEvent,
} from './accessJournal.repository.js';
import { buildViewer } from './buildViewer.js';
import { authMessages, delayLabel } from './messages.js';
import { normalizeLogin } from './normalizeLogin.js';
import { decoyPasswordHash, verifyPassword } from './password.js';
import {
  createSession,
  findRefreshTokenForUpdate,
  findSessionIdOfRefreshToken,
  hashRefreshToken,
  insertRefreshToken,
  markRefreshTokenUsed,
  newRefreshToken,
  revokeSession,
  touchSession,
} from './sessions.repository.js';
import { createSigningKeyStore, SIGNING_ALGORITHM, type SigningKeyOptions } from './signingKeys.js';
import { generateTotpSecret, type TotpEnrolment, totpEnrolment, totpSecretFingerprint, totpStepOf } from './totp.js';

/** The MFA step's token has its own audience: it can never pass for an access token. */
export const MFA_AUDIENCE = 'urn:ent:mfa';
export const MFA_TOKEN_TTL_SECONDS = 300;
export const REFRESH_COOKIE = 'ent_refresh';

export interface ThrottleOptions {
  windowSeconds: number;
  /** Failed logins per login (whether the account exists or not) within the window. */
  loginFailures: number;
  /** Failed logins per client address within the window; higher, since a school's pupils share one address. */
  ipFailures: number;
  /** Wrong codes per MFA token (per password step). */
  mfaFailuresPerToken: number;
  /** Wrong codes per account within the window, across MFA tokens (logging in again gives no fresh tries). */
  mfaFailuresPerUser: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  windowSeconds: 15 * 60,
  loginFailures: 5,
  // A whole school's pupils often share one public address: a morning of mistyped passwords in a
  // collège must not lock it out, while a scan of many logins from one address is still stopped.
  ipFailures: 200,
  mfaFailuresPerToken: 5,
  mfaFailuresPerUser: 10,
};

export interface AuthServiceOptions {
  db: Kysely<Database>;
  clock?: Clock;
  logger: Logger;
  /** Demo deployments ask for a code only from accounts that enrolled TOTP themselves. */
  demo: boolean;
  accessTokenTtlSeconds?: number;
  /** Lifetime of a refresh token; each refresh slides the session by this much… */
  refreshTtlDays?: number;
  /** …up to this long after the login, when the person must sign in again. */
  sessionMaxDays?: number;
  issuer?: string;
  audience?: string;
  /** `Secure` on the refresh cookie; defaults to !demo. Pass false for plain-HTTP development. */
  secureCookies?: boolean;
  /** The name authenticator apps show next to the code. */
  totpIssuer?: string;
  throttle?: Partial<ThrottleOptions>;
  signingKeys?: Partial<SigningKeyOptions>;
}

/** Who is calling, for the journal and the per-address throttle. */
export interface RequestMeta {
  ip: string;
  userAgent: string;
}

/** The JSON body of a successful login, MFA step or refresh. */
export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; displayName: string };
}

/** A token response plus the refresh token, which only travels in the cookie. */
export interface SessionGrant {
  response: TokenResponse;
  refreshToken: string;
  refreshExpiresAt: Date;
  /** The cookie's Max-Age, from the service clock. */
  refreshMaxAgeSeconds: number;
}

/** The JSON body when the password was right and a TOTP code is needed. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
  expiresIn: number;
  /** Present when the account must enrol: scan, then send the first code to confirm. */
  enrolment?: TotpEnrolment;
}

export type LoginResult = { kind: 'session'; grant: SessionGrant } | { kind: 'mfa'; challenge: MfaChallenge };

export interface RefreshCookieSettings {
  name: string;
  path: string;
  secure: boolean;
}

export interface AuthService {
  readonly refreshCookie: RefreshCookieSettings;
  readonly logger: Logger;
  /** `input` is the untrusted request body. */
  login(input: unknown, meta: RequestMeta): Promise<LoginResult>;
  verifyMfa(input: unknown, meta: RequestMeta): Promise<SessionGrant>;
  refresh(refreshToken: string | undefined, meta: RequestMeta): Promise<SessionGrant>;
  logout(refreshToken: string | undefined, meta: RequestMeta): Promise<void>;
  signAccessToken(viewer: Viewer): Promise<string>;
  jwks(): Promise<{ keys: JWK[] }>;
  /** The public key of a kid, cached: how the annuaire verifies its own access tokens. */
  verificationKey(kid: string | undefined): Promise<CryptoKey | undefined>;
  rotateSigningKey(): Promise<string>;
}

const MAX_LOGIN_LENGTH = 256;
// Generous (the policy caps new passwords at 128) but bounded: argon2 hashes whatever it is given.
const MAX_PASSWORD_LENGTH = 1024;
const MAX_TOKEN_LENGTH = 4096;
const DAY_MS = 86_400_000;

type UserForLogin = {
  id: string;
  login: string;
  first_name: string;
  last_name: string;
  status: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enrolled_at: Date | null;
};

function field(input: unknown, name: string, max: number): string {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string' || value.length === 0) throw badUserInput(name, authMessages.fieldRequired);
  if (value.length > max) throw badUserInput(name, format(authMessages.fieldTooLong, { max }));
  return value;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const retryAfterSeconds = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { db, logger, demo } = options;
  const clock = options.clock ?? systemClock;
  const accessTtl = options.accessTokenTtlSeconds ?? 600;
  const refreshTtlMs = (options.refreshTtlDays ?? 30) * DAY_MS;
  const sessionMaxMs = Math.max(options.sessionMaxDays ?? 90, options.refreshTtlDays ?? 30) * DAY_MS;
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const totpIssuer = options.totpIssuer ?? 'ENT';
  const throttle = { ...DEFAULT_THROTTLE, ...options.throttle };
  const windowMs = throttle.windowSeconds * 1000;
  const keys = createSigningKeyStore({ db, clock, logger, keys: options.signingKeys });
  const refreshCookie: RefreshCookieSettings = {
    name: REFRESH_COOKIE,
    path: '/auth',
    secure: options.secureCookies ?? !demo,
  };

  // Hash the decoy now, so the first unknown login does not pay for it (and reveal itself by its time).
  decoyPasswordHash().catch((error: unknown) => logger.error({ err: error }, 'decoy password hash failed'));

  const signAccessToken = async (viewer: Viewer): Promise<string> => {
    const { kid, key } = await keys.signingKey();
    const now = seconds(clock.now());
    return new SignJWT({ ...claimsOfViewer(viewer), typ: 'access' })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + accessTtl)
      .sign(key);
  };

  const signMfaToken = async (userId: string, mfaTokenId: string, secret: string): Promise<string> => {
    const { kid, key } = await keys.signingKey();
    const now = seconds(clock.now());
    return new SignJWT({ typ: 'mfa', amr: ['pwd'], tsh: totpSecretFingerprint(secret) })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid })
      .setIssuer(issuer)
      .setAudience(MFA_AUDIENCE)
      .setSubject(userId)
      .setJti(mfaTokenId)
      .setIssuedAt(now)
      .setExpirationTime(now + MFA_TOKEN_TTL_SECONDS)
      .sign(key);
  };

  const readMfaToken = async (token: string, now: Date) => {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = await keys.verificationKey(header.kid);
          if (!key) throw new Error('unknown key id');
          return key;
        },
        {
          issuer,
          audience: MFA_AUDIENCE,
          algorithms: ACCESS_TOKEN_ALGORITHMS,
          currentDate: now,
          requiredClaims: ['sub', 'jti', 'exp'],
        },
      );
      if (payload['typ'] !== 'mfa' || typeof payload['tsh'] !== 'string') throw new Error('not an MFA token');
      return { userId: payload.sub as string, mfaTokenId: payload.jti as string, fingerprint: payload['tsh'] };
    } catch {
      throw unauthenticated(authMessages.mfaTokenInvalid);
    }
  };

  /** The MFA the account needs now: a code from its enrolled app, an enrolment first, or none. */
  const mfaRequirement = async (user: UserForLogin): Promise<'verify' | 'enrol' | 'none'> => {
    if (user.totp_enrolled_at && user.totp_secret) return 'verify';
    if (demo) return 'none';
    const grants = await db
      .selectFrom('user_profiles')
      .leftJoin('establishments', 'establishments.id', 'user_profiles.establishment_id')
      .select(['user_profiles.profile', 'establishments.mfa_required'])
      .where('user_profiles.user_id', '=', user.id)
      .execute();
    const required = grants.some(
      (grant) =>
        grant.profile === 'ADMIN_DEPARTEMENT' ||
        (isProfile(grant.profile) && STAFF_PROFILES.includes(grant.profile) && grant.mfa_required === true),
    );
    return required ? 'enrol' : 'none';
  };

  /**
   * Opens a session (the refresh-token family) and journals the login, inside the caller's transaction.
   * The access token is signed after the commit (signing may read keys through the pool).
   */
  const openSession = async (
    trx: Kysely<Database>,
    user: { id: string; login: string },
    authMethods: string[],
    meta: RequestMeta,
    now: Date,
  ) => {
    const refreshToken = newRefreshToken();
    const refreshExpiresAt = new Date(now.getTime() + Math.min(refreshTtlMs, sessionMaxMs));
    const sessionId = await createSession(trx, {
      userId: user.id,
      authMethods,
      ip: meta.ip,
      userAgent: meta.userAgent,
      createdAt: now,
      expiresAt: refreshExpiresAt,
    });
    await insertRefreshToken(trx, {
      sessionId,
      tokenHash: hashRefreshToken(refreshToken),
      createdAt: now,
      expiresAt: refreshExpiresAt,
    });
    await recordAccessEvent(trx, {
      event: 'LOGIN_SUCCESS',
      at: now,
      userId: user.id,
      login: user.login,
      sessionId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      detail: { amr: authMethods },
    });
    const viewer = await buildViewer(trx, user.id, sessionId, authMethods);
    return { viewer, refreshToken, refreshExpiresAt };
  };

  const grantOf = async (opened: { viewer: Viewer; refreshToken: string; refreshExpiresAt: Date }): Promise<SessionGrant> => ({
    response: {
      accessToken: await signAccessToken(opened.viewer),
      tokenType: 'Bearer',
      expiresIn: accessTtl,
      user: { id: opened.viewer.userId, displayName: opened.viewer.displayName },
    },
    refreshToken: opened.refreshToken,
    refreshExpiresAt: opened.refreshExpiresAt,
    refreshMaxAgeSeconds: Math.max(0, Math.floor((opened.refreshExpiresAt.getTime() - clock.now().getTime()) / 1000)),
  });

  /** When the login or the address has had too many failures, the time attempts may resume. */
  const loginThrottledUntil = async (login: string, ip: string, now: Date): Promise<Date | undefined> => {
    const since = new Date(now.getTime() - windowMs);
    const limits = await Promise.all([
      limitingFailureAt(db, { kind: 'login', login }, since, throttle.loginFailures),
      limitingFailureAt(db, { kind: 'ip', ip }, since, throttle.ipFailures),
    ]);
    const until = limits.filter((at) => at !== undefined).map((at) => at.getTime() + windowMs);
    return until.length > 0 ? new Date(Math.max(...until)) : undefined;
  };

  return {
    refreshCookie,
    logger,
    signAccessToken,

    async login(input, meta) {
      const login = normalizeLogin(field(input, 'login', MAX_LOGIN_LENGTH));
      if (!login) throw badUserInput('login', authMessages.fieldRequired);
      const password = field(input, 'password', MAX_PASSWORD_LENGTH);
      const now = clock.now();

      // Throttled attempts are refused before the password is even looked at, the same way whether
      // the account exists or not.
      const throttledUntil = await loginThrottledUntil(login, meta.ip, now);
      if (throttledUntil) {
        const retryAfter = retryAfterSeconds(throttledUntil, now);
        await recordLoginEvent(db, {
          event: 'LOGIN_THROTTLED',
          at: now,
          login,
          ip: meta.ip,
          userAgent: meta.userAgent,
          detail: { retryAfter },
        });
        logger.warn({ ip: meta.ip, retryAfter }, 'login throttled');
        throw rateLimited(retryAfter, format(authMessages.loginThrottled, { delay: delayLabel(retryAfter) }));
      }

      const user: UserForLogin | undefined = await db
        .selectFrom('users')
        .select(['id', 'login', 'first_name', 'last_name', 'status', 'password_hash', 'totp_secret', 'totp_enrolled_at'])
        .where('login', '=', login)
        .executeTakeFirst();
      // Always one argon2 verification: an unknown login costs what a wrong password costs.
      const passwordMatches = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
      const failure = !user
        ? 'UNKNOWN_LOGIN'
        : !user.password_hash
          ? 'NO_PASSWORD'
          : !passwordMatches
            ? 'WRONG_PASSWORD'
            : user.status !== 'ACTIVE'
              ? 'DEACTIVATED'
              : undefined;
      if (failure || !user) {
        await recordAccessEvent(db, {
          event: 'LOGIN_FAILURE',
          at: now,
          userId: user?.id ?? null,
          login,
          ip: meta.ip,
          userAgent: meta.userAgent,
          detail: { reason: failure },
        });
        logger.info({ userId: user?.id, reason: failure, ip: meta.ip }, 'login failed');
        throw unauthenticated(authMessages.invalidCredentials);
      }

      const requirement = await mfaRequirement(user);
      if (requirement === 'none') {
        const opened = await db.transaction().execute((trx) => openSession(trx, user, ['pwd'], meta, now));
        logger.info({ userId: user.id, sessionId: opened.viewer.sessionId }, 'login succeeded');
        return { kind: 'session', grant: await grantOf(opened) };
      }

      const mfaTokenId = randomUUID();
      const pending = requirement === 'enrol' ? generateTotpSecret() : undefined;
      const secret = await db.transaction().execute(async (trx) => {
        let current = user.totp_secret;
        if (pending) {
          // A new secret at each login until enrolment is confirmed: a secret shown to someone else
          // (who had the password) stops working as soon as the owner logs in.
          const stored = await trx
            .updateTable('users')
            .set({ totp_secret: pending })
            .where('id', '=', user.id)
            .where('totp_enrolled_at', 'is', null)
            .returning('id')
            .executeTakeFirst();
          current = stored ? pending : user.totp_secret;
        }
        await recordAccessEvent(trx, {
          event: 'MFA_REQUIRED',
          at: now,
          userId: user.id,
          login,
          ip: meta.ip,
          userAgent: meta.userAgent,
          detail: { enrolment: current === pending, mfaTokenId },
        });
        return current;
      });
      if (!secret) throw new Error(`user ${user.id} needs TOTP but has no secret`);
      const challenge: MfaChallenge = {
        mfaRequired: true,
        mfaToken: await signMfaToken(user.id, mfaTokenId, secret),
        expiresIn: MFA_TOKEN_TTL_SECONDS,
      };
      if (secret === pending) challenge.enrolment = await totpEnrolment(secret, user.login, totpIssuer);
      logger.info({ userId: user.id, enrolment: secret === pending }, 'login needs a TOTP code');
      return { kind: 'mfa', challenge };
    },

    async verifyMfa(input, meta) {
      const token = field(input, 'mfaToken', MAX_TOKEN_LENGTH);
      const code = field(input, 'code', 32).replace(/\s+/g, '');
      if (!/^\d{6}$/.test(code)) throw badUserInput('code', authMessages.codeFormat);
      const now = clock.now();
      const { userId, mfaTokenId, fingerprint } = await readMfaToken(token, now);

      const since = new Date(now.getTime() - windowMs);
      const [userLimit, tokenLimit] = await Promise.all([
        limitingFailureAt(db, { kind: 'mfaUser', userId }, since, throttle.mfaFailuresPerUser),
        limitingFailureAt(db, { kind: 'mfaToken', userId, mfaTokenId }, since, throttle.mfaFailuresPerToken),
      ]);
      if (userLimit || tokenLimit) {
        const retryAfter = userLimit ? retryAfterSeconds(new Date(userLimit.getTime() + windowMs), now) : 0;
        await recordAccessEvent(db, {
          event: 'LOGIN_THROTTLED',
          at: now,
          userId,
          ip: meta.ip,
          userAgent: meta.userAgent,
          detail: { step: 'mfa', mfaTokenId, retryAfter },
        });
        logger.warn({ userId, ip: meta.ip }, 'TOTP verification throttled');
        throw userLimit
          ? rateLimited(retryAfter, format(authMessages.mfaThrottled, { delay: delayLabel(retryAfter) }))
          : rateLimited(0, authMessages.mfaTokenExhausted);
      }

      const outcome = await db.transaction().execute(async (trx) => {
        // The row lock serialises concurrent attempts, so the same code cannot win twice.
        const user = await trx
          .selectFrom('users')
          .select(['id', 'login', 'status', 'totp_secret', 'totp_enrolled_at'])
          .where('id', '=', userId)
          .forUpdate()
          .executeTakeFirst();
        if (user?.status !== 'ACTIVE' || !user.totp_secret) return { kind: 'expired' as const };
        if (totpSecretFingerprint(user.totp_secret) !== fingerprint) return { kind: 'expired' as const };
        const tokenLifetime = new Date(now.getTime() - MFA_TOKEN_TTL_SECONDS * 1000);
        if (await mfaTokenAlreadyUsed(trx, user.id, mfaTokenId, tokenLifetime)) return { kind: 'expired' as const };

        const step = totpStepOf(user.totp_secret, code, now);
        const lastStep = step === undefined ? undefined : await lastTotpStep(trx, user.id);
        if (step === undefined || (lastStep !== undefined && step <= lastStep)) {
          await recordAccessEvent(trx, {
            event: 'MFA_FAILURE',
            at: now,
            userId: user.id,
            login: user.login,
            ip: meta.ip,
            userAgent: meta.userAgent,
            detail: { mfaTokenId, reason: step === undefined ? 'WRONG_CODE' : 'REPLAYED_CODE' },
          });
          return { kind: 'invalid' as const };
        }

        const journal = { at: now, userId: user.id, login: user.login, ip: meta.ip, userAgent: meta.userAgent };
        if (!user.totp_enrolled_at) {
          await trx.updateTable('users').set({ totp_enrolled_at: now, updated_at: now }).where('id', '=', user.id).execute();
          await recordAccessEvent(trx, { ...journal, event: 'MFA_ENROLLED' });
        }
        // The accepted step is the replay guard's memory (see lastTotpStep).
        await recordAccessEvent(trx, { ...journal, event: 'MFA_SUCCESS', detail: { step, mfaTokenId } });
        const opened = await openSession(trx, user, ['pwd', 'otp'], meta, now);
        return { kind: 'ok' as const, opened, enrolled: !user.totp_enrolled_at };
      });

      if (outcome.kind === 'expired') throw unauthenticated(authMessages.mfaTokenInvalid);
      if (outcome.kind === 'invalid') {
        logger.info({ userId, ip: meta.ip }, 'TOTP verification failed');
        throw unauthenticated(authMessages.mfaCodeInvalid);
      }
      logger.info({ userId, sessionId: outcome.opened.viewer.sessionId, enrolled: outcome.enrolled }, 'login succeeded with TOTP');
      return grantOf(outcome.opened);
    },

    async refresh(refreshToken, meta) {
      if (!refreshToken || refreshToken.length > MAX_TOKEN_LENGTH) throw unauthenticated(authMessages.sessionExpired);
      const tokenHash = hashRefreshToken(refreshToken);
      const now = clock.now();

      const outcome = await db.transaction().execute(async (trx) => {
        const found = await findRefreshTokenForUpdate(trx, tokenHash);
        if (!found || found.revokedAt) return { kind: 'expired' as const };
        const journal = {
          at: now,
          userId: found.userId,
          sessionId: found.sessionId,
          ip: meta.ip,
          userAgent: meta.userAgent,
        };
        if (found.usedAt) {
          // A rotated token came back: someone holds a copy. End the whole family, both copies.
          await revokeSession(trx, found.sessionId, 'REFRESH_REUSE', now);
          await recordAccessEvent(trx, { ...journal, event: 'REFRESH_REUSE', detail: { usedAt: new Date(found.usedAt) } });
          return { kind: 'reuse' as const, userId: found.userId, sessionId: found.sessionId };
        }
        if (new Date(found.tokenExpiresAt) <= now || new Date(found.sessionExpiresAt) <= now || found.userStatus !== 'ACTIVE') {
          return { kind: 'expired' as const };
        }

        const next = newRefreshToken();
        const sessionEnd = new Date(found.sessionCreatedAt).getTime() + sessionMaxMs;
        const nextExpiresAt = new Date(Math.min(now.getTime() + refreshTtlMs, sessionEnd));
        await markRefreshTokenUsed(trx, tokenHash, now);
        await insertRefreshToken(trx, {
          sessionId: found.sessionId,
          tokenHash: hashRefreshToken(next),
          createdAt: now,
          expiresAt: nextExpiresAt,
        });
        await touchSession(trx, found.sessionId, now, nextExpiresAt);
        await recordAccessEvent(trx, { ...journal, event: 'REFRESH' });
        const viewer = await buildViewer(trx, found.userId, found.sessionId, found.authMethods);
        return { kind: 'ok' as const, opened: { viewer, refreshToken: next, refreshExpiresAt: nextExpiresAt } };
      });

      if (outcome.kind === 'reuse') {
        logger.warn({ userId: outcome.userId, sessionId: outcome.sessionId, ip: meta.ip }, 'refresh token reused: session revoked');
        throw unauthenticated(authMessages.refreshReuse);
      }
      if (outcome.kind === 'expired') throw unauthenticated(authMessages.sessionExpired);
      return grantOf(outcome.opened);
    },

    async logout(refreshToken, meta) {
      if (!refreshToken || refreshToken.length > MAX_TOKEN_LENGTH) return;
      const found = await findSessionIdOfRefreshToken(db, hashRefreshToken(refreshToken));
      if (!found) return;
      const now = clock.now();
      const revoked = await db.transaction().execute(async (trx) => {
        const revoked = await revokeSession(trx, found.sessionId, 'LOGOUT', now);
        if (revoked) {
          await recordAccessEvent(trx, {
            event: 'LOGOUT',
            at: now,
            userId: found.userId,
            sessionId: found.sessionId,
            ip: meta.ip,
            userAgent: meta.userAgent,
          });
        }
        return revoked;
      });
      if (revoked) logger.info({ userId: found.userId, sessionId: found.sessionId }, 'logged out');
    },

    async jwks() {
      return { keys: await keys.publicKeys() };
    },

    verificationKey: (kid) => keys.verificationKey(kid),

    rotateSigningKey: () => keys.rotate(),
  };
}

