import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/ApiError.js';
import { createSessionManager } from '../src/api/session.js';
import '../src/i18n/kitMessages.js';
import { fakeChannelHub, fakeLocks, grant, jsonResponse, noTimers } from './fakes.js';

const EXPIRED = 'Votre session a expiré, veuillez vous reconnecter.';

describe('session refresh', () => {
  it('sends one request for concurrent refreshes in a tab', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, grant('t1')));
    const session = createSessionManager({ fetch, ...noTimers });
    const results = await Promise.all([session.refresh(), session.refresh(), session.getValidAccessToken()]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(results[0]?.accessToken).toBe('t1');
    expect(results[2]).toBe('t1');
    expect(session.getStatus()).toBe('signed-in');
  });

  it('sends the refresh cookie with the CSRF header, never in parallel across tabs', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let counter = 0;
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      expect(new Headers(init?.headers).get('x-ent-csrf')).toBe('1');
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return jsonResponse(200, grant(`t${++counter}`));
    });
    const locks = fakeLocks();
    // Two tabs that cannot hear each other (no BroadcastChannel): the lock alone keeps them in turn.
    const tabA = createSessionManager({ fetch, locks, ...noTimers });
    const tabB = createSessionManager({ fetch, locks, ...noTimers });
    await Promise.all([tabA.refresh(), tabB.refresh()]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(maxInFlight).toBe(1);
  });

  it('lets a tab that waited for the lock adopt the token another tab announced', async () => {
    const fetch = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return jsonResponse(200, grant('shared'));
    });
    const locks = fakeLocks();
    const hub = fakeChannelHub();
    const tabA = createSessionManager({ fetch, locks, channel: hub.endpoint(), ...noTimers });
    const tabB = createSessionManager({ fetch, locks, channel: hub.endpoint(), ...noTimers });
    const [a, b] = await Promise.all([tabA.refresh(), tabB.refresh()]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(a?.accessToken).toBe('shared');
    expect(b?.accessToken).toBe('shared');
  });

  it('at load, without a cookie, is simply signed out (no message)', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(401, { errors: [{ message: 'Session expirée.', extensions: { code: 'UNAUTHENTICATED' } }] }),
    );
    const session = createSessionManager({ fetch, ...noTimers });
    await expect(session.restore()).resolves.toBeNull();
    expect(session.getStatus()).toBe('signed-out');
    expect(session.getEndMessage()).toBeNull();
  });

  it('ends a session whose refresh is refused, here and in the other tabs, with the French message', async () => {
    let refused = false;
    const fetch = vi.fn(async (url: string) => {
      if (url === '/auth/login') return jsonResponse(200, grant('t1'));
      return refused
        ? jsonResponse(401, { errors: [{ message: 'Refusé.', extensions: { code: 'UNAUTHENTICATED' } }] })
        : jsonResponse(200, grant('t2'));
    });
    const hub = fakeChannelHub();
    const tabA = createSessionManager({ fetch, channel: hub.endpoint(), ...noTimers });
    const tabB = createSessionManager({ fetch, channel: hub.endpoint(), ...noTimers });
    await tabA.login('eleve.lea', 'secret');
    await Promise.resolve();
    expect(tabB.getSession()?.accessToken).toBe('t1');
    refused = true;
    await expect(tabA.refresh()).resolves.toBeNull();
    await Promise.resolve();
    expect(tabA.getStatus()).toBe('signed-out');
    expect(tabA.getEndMessage()).toBe(EXPIRED);
    expect(tabB.getStatus()).toBe('signed-out');
    expect(tabB.getEndMessage()).toBe(EXPIRED);
  });

  it('refreshes before the access token expires', async () => {
    let scheduled: { callback: () => void; ms: number } | undefined;
    const fetch = vi.fn(async () => jsonResponse(200, grant('t', 600)));
    const session = createSessionManager({
      fetch,
      now: () => 0,
      setTimer: (callback, ms) => {
        scheduled = { callback, ms };
        return 1;
      },
      clearTimer: () => undefined,
    });
    await session.refresh();
    expect(scheduled?.ms).toBe(540_000);
    scheduled?.callback();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
  });
});

describe('session login', () => {
  it('returns the MFA step with the enrolment', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(200, {
        mfaRequired: true,
        mfaToken: 'm1',
        expiresIn: 300,
        enrolment: { otpauthUri: 'otpauth://totp/x', qrCodeDataUrl: 'data:image/png;base64,AA', secret: 'ABC' },
      }),
    );
    const session = createSessionManager({ fetch, ...noTimers });
    const result = await session.login('prof.durand', 'secret');
    expect(result).toMatchObject({ kind: 'mfa', mfaToken: 'm1', enrolment: { secret: 'ABC' } });
    expect(session.getStatus()).not.toBe('signed-in');
  });

  it('throws the server’s French message with its code and field', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(
        429,
        { errors: [{ message: 'Trop de tentatives, réessayez dans 15 minutes.', extensions: { code: 'RATE_LIMITED' } }] },
        { 'retry-after': '900' },
      ),
    );
    const session = createSessionManager({ fetch, ...noTimers });
    const error = await session.login('x', 'y').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', message: 'Trop de tentatives, réessayez dans 15 minutes.', status: 429 });
  });

  it('says the server cannot be reached when fetch fails', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const session = createSessionManager({ fetch, ...noTimers });
    await expect(session.login('x', 'y')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('logs out: tells the server, forgets the token, tells the other tabs', async () => {
    const calls: string[] = [];
    const fetch = vi.fn(async (url: string) => {
      calls.push(url);
      return url === '/auth/logout' ? jsonResponse(204, null) : jsonResponse(200, grant('t1'));
    });
    const hub = fakeChannelHub();
    const tabA = createSessionManager({ fetch, channel: hub.endpoint(), ...noTimers });
    const tabB = createSessionManager({ fetch, channel: hub.endpoint(), ...noTimers });
    await tabA.login('a', 'b');
    await Promise.resolve();
    await tabA.logout();
    await Promise.resolve();
    expect(calls).toEqual(['/auth/login', '/auth/logout']);
    expect(tabA.getSession()).toBeNull();
    expect(tabA.getEndMessage()).toBe('Vous êtes déconnecté.');
    expect(tabB.getSession()).toBeNull();
    expect(tabB.getEndMessage()).toBe('Vous avez été déconnecté depuis un autre onglet.');
  });
});
