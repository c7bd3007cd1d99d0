import { t } from '../i18n/i18n.js';
import { apiErrorFromResponse, badResponseError, isApiError } from './ApiError.js';
import { expectOk, type FetchLike, requestJson } from './http.js';

export interface SessionUser {
  id: string;
  displayName: string;
}

/** What a signed-in page holds: the access token lives in memory only, never in storage. */
export interface Session {
  accessToken: string;
  user: SessionUser;
}

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

/** Why a session ended, for the login page's message. */
export type SessionEndReason = 'expired' | 'logged-out' | 'logged-out-elsewhere';

export interface MfaEnrolment {
  otpauthUri: string;
  qrCodeDataUrl: string;
  secret: string;
}

export type LoginResult =
  | { kind: 'signed-in' }
  | { kind: 'mfa'; mfaToken: string; expiresIn: number; enrolment?: MfaEnrolment };

/** The Web Locks API, as much as the session uses of it. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** A BroadcastChannel, as much as the session uses of it. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface SessionOptions {
  fetch?: FetchLike;
  now?: () => number;
  /** Serialises refreshes across the tabs of the browser; absent, only within this tab. */
  locks?: LockManagerLike | undefined;
  /** Tells the other tabs about new tokens and sign-outs. */
  channel?: ChannelLike | undefined;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Refresh this long before the access token expires (default 60 s). */
  refreshMarginMs?: number;
}

/** The session of the person using the page: sign-in, silent refresh, sign-out. */
export interface SessionManager {
  /** The access token and the person, or null when nobody is signed in (or not known yet). */
  getSession(): Session | null;
  getStatus(): SessionStatus;
  /** The French sentence saying why the last session ended, until the next sign-in. */
  getEndMessage(): string | null;
  /** Called on every change of status, token or end message; returns the unsubscribe function. */
  onSessionChange(listener: () => void): () => void;
  /** At page load: a silent refresh with the refresh cookie, if there is one. */
  restore(): Promise<Session | null>;
  login(login: string, password: string): Promise<LoginResult>;
  verifyMfa(mfaToken: string, code: string): Promise<{ kind: 'signed-in' }>;
  /**
   * A new access token from the refresh cookie. Single-flight: concurrent calls in a tab share one
   * request, and tabs take turns through a Web Lock (two tabs presenting the same cookie would count
   * as reuse and revoke the session); a tab that waited adopts the token the other one announced.
   * Resolves to null when the session has ended.
   */
  refresh(): Promise<Session | null>;
  /**
   * A token valid for at least `minValidityMs` more (default 5 s), refreshing first if needed; null
   * when nobody is signed in.
   */
  getValidAccessToken(minValidityMs?: number): Promise<string | null>;
  logout(): Promise<void>;
  /** Ends the session on this page and the others, with the reason shown on the login page. */
  end(reason: SessionEndReason): void;
}

interface HeldSession extends Session {
  expiresAt: number;
}

type ChannelMessage =
  | { type: 'token'; accessToken: string; user: SessionUser; expiresAt: number }
  | { type: 'ended'; reason: SessionEndReason };

const LOCK_NAME = 'ent-session-refresh';
const CSRF_HEADERS = { 'x-ent-csrf': '1' };
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

function endMessageOf(reason: SessionEndReason): string {
  switch (reason) {
    case 'expired':
      return t('kit.errors.sessionExpired');
    case 'logged-out':
      return t('kit.errors.loggedOut');
    case 'logged-out-elsewhere':
      return t('kit.errors.loggedOutElsewhere');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function grantOf(body: unknown, now: number): HeldSession {
  if (
    !isObject(body) ||
    typeof body['accessToken'] !== 'string' ||
    typeof body['expiresIn'] !== 'number' ||
    !isObject(body['user']) ||
    typeof body['user']['id'] !== 'string' ||
    typeof body['user']['displayName'] !== 'string'
  ) {
    throw badResponseError(200);
  }
  return {
    accessToken: body['accessToken'],
    user: { id: body['user']['id'], displayName: body['user']['displayName'] },
    expiresAt: now + body['expiresIn'] * 1000,
  };
}

function isChannelMessage(data: unknown): data is ChannelMessage {
  if (!isObject(data)) return false;
  if (data['type'] === 'ended') return typeof data['reason'] === 'string';
  return (
    data['type'] === 'token' &&
    typeof data['accessToken'] === 'string' &&
    typeof data['expiresAt'] === 'number' &&
    isObject(data['user'])
  );
}

export function createSessionManager(options: SessionOptions = {}): SessionManager {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => globalThis.clearTimeout(handle as number));
  const margin = options.refreshMarginMs ?? 60_000;
  const { locks, channel } = options;

  let status: SessionStatus = 'unknown';
  let held: HeldSession | null = null;
  let endMessage: string | null = null;
  /** The freshest token another tab announced (adopted by a tab that waited for the lock). */
  let announced: HeldSession | null = null;
  let inFlight: Promise<Session | null> | null = null;
  let timer: unknown;
  const listeners = new Set<() => void>();

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const publicSession = (): Session | null => (held ? { accessToken: held.accessToken, user: held.user } : null);
  let snapshot: Session | null = null;

  const schedule = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    if (!held) return;
    const delay = Math.max(5_000, held.expiresAt - now() - margin);
    timer = setTimer(() => {
      timer = undefined;
      void refresh().catch(() => undefined);
    }, delay);
  };

  const adopt = (next: HeldSession) => {
    held = next;
    status = 'signed-in';
    endMessage = null;
    snapshot = publicSession();
    schedule();
    notify();
  };

  const signIn = (next: HeldSession) => {
    adopt(next);
    channel?.postMessage({
      type: 'token',
      accessToken: next.accessToken,
      user: next.user,
      expiresAt: next.expiresAt,
    } satisfies ChannelMessage);
  };

  const clear = (reason: SessionEndReason | null) => {
    const hadSession = held !== null;
    held = null;
    snapshot = null;
    announced = null;
    status = 'signed-out';
    if (reason && (hadSession || reason !== 'expired')) endMessage = endMessageOf(reason);
    schedule();
    notify();
  };

  const end = (reason: SessionEndReason) => {
    clear(reason);
    channel?.postMessage({ type: 'ended', reason: reason === 'logged-out' ? 'logged-out-elsewhere' : reason } satisfies ChannelMessage);
  };

  channel?.addEventListener('message', (event) => {
    const data = event.data;
    if (!isChannelMessage(data)) return;
    if (data.type === 'token') {
      const next: HeldSession = { accessToken: data.accessToken, user: data.user, expiresAt: data.expiresAt };
      announced = next;
      // Another tab signed in or refreshed: the cookie has moved on, so this tab takes the new token too.
      if (!held || held.accessToken !== next.accessToken) adopt(next);
    } else if (held || status === 'unknown') {
      clear(data.reason);
    }
  });

  const withLock = <T>(work: () => Promise<T>): Promise<T> => (locks ? locks.request(LOCK_NAME, work) : work());

  const refreshNow = async (): Promise<Session | null> => {
    const before = held?.accessToken;
    return withLock(async () => {
      // While this tab waited for the lock, another may have refreshed and announced its token.
      const fresh = announced;
      if (fresh && fresh.accessToken !== before && fresh.expiresAt - now() > margin) {
        if (held?.accessToken !== fresh.accessToken) adopt(fresh);
        return publicSession();
      }
      const answer = await requestJson(fetchImpl, '/auth/refresh', { method: 'POST', headers: CSRF_HEADERS });
      if (answer.ok) {
        signIn(grantOf(answer.body, now()));
        return publicSession();
      }
      if (answer.status === 401 || answer.status === 403) {
        // No cookie, an expired one, or a reused one (the session was revoked): the session is over.
        if (held) end('expired');
        else clear(null);
        return null;
      }
      throw apiErrorFromResponse(answer.status, answer.body);
    });
  };

  const refresh = (): Promise<Session | null> => {
    inFlight ??= refreshNow().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  return {
    getSession: () => snapshot,
    getStatus: () => status,
    getEndMessage: () => endMessage,
    onSessionChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async restore() {
      if (status === 'signed-in') return publicSession();
      try {
        return await refresh();
      } catch (error) {
        // Unreachable server at load: nobody is signed in on this page; the login page says why on submit.
        if (status === 'unknown') clear(null);
        throw error;
      }
    },

    async login(login, password) {
      const answer = await requestJson(fetchImpl, '/auth/login', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ login, password }),
      });
      const body = expectOk(answer);
      if (isObject(body) && body['mfaRequired'] === true) {
        if (typeof body['mfaToken'] !== 'string') throw badResponseError(answer.status);
        const enrolment = isObject(body['enrolment']) ? (body['enrolment'] as unknown as MfaEnrolment) : undefined;
        return {
          kind: 'mfa',
          mfaToken: body['mfaToken'],
          expiresIn: typeof body['expiresIn'] === 'number' ? body['expiresIn'] : 300,
          ...(enrolment ? { enrolment } : {}),
        };
      }
      signIn(grantOf(body, now()));
      return { kind: 'signed-in' };
    },

    async verifyMfa(mfaToken, code) {
      const answer = await requestJson(fetchImpl, '/auth/mfa', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ mfaToken, code }),
      });
      signIn(grantOf(expectOk(answer), now()));
      return { kind: 'signed-in' };
    },

    refresh,

    async getValidAccessToken(minValidityMs = 5_000) {
      if (held && held.expiresAt - now() > minValidityMs) return held.accessToken;
      if (!held && status === 'signed-out') return null;
      const session = await refresh();
      return session?.accessToken ?? null;
    },

    async logout() {
      try {
        await withLock(() => requestJson(fetchImpl, '/auth/logout', { method: 'POST', headers: CSRF_HEADERS }));
      } catch (error) {
        // Offline: the cookie outlives this page, but the page forgets the person all the same.
        if (!isApiError(error)) throw error;
      } finally {
        end('logged-out');
      }
    },

    end,
  };
}

const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

function browserLocks(): LockManagerLike | undefined {
  if (!inBrowser) return undefined;
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : undefined;
}

function browserChannel(): ChannelLike | undefined {
  return inBrowser && typeof BroadcastChannel === 'function' ? new BroadcastChannel('ent-session') : undefined;
}

/** The page's session, shared by the shell and every micro-frontend (one ui-kit through the import map). */
export const session: SessionManager = createSessionManager({
  locks: browserLocks(),
  channel: browserChannel(),
});

if (inBrowser) {
  // Timers are slowed in background tabs: coming back, refresh at once if the token is about to expire.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && session.getStatus() === 'signed-in') {
      void session.getValidAccessToken(60_000).catch(() => undefined);
    }
  });
}
