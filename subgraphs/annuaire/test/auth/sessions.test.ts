import { createTokenVerifier, type Database as KitDatabase, type ManualClock } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccessEvents, revokeUserSessions } from '../../src/auth/index.js';
import type { Database } from '../../src/db/database.js';
import {
  type AuthServer,
  bodyOf,
  call,
  createClass,
  createEstablishment,
  createUser,
  login,
  openTestDatabase,
  startAuthServer,
  testClock,
} from './fixtures.js';

let database: KitDatabase<Database>;
let clock: ManualClock;
let server: AuthServer;

beforeAll(async () => {
  database = await openTestDatabase();
  clock = testClock();
  server = await startAuthServer({ db: database.db, clock });
});

afterAll(async () => {
  await server.close();
  await database.close();
});

const refresh = (cookie: string) => call(server.url, '/auth/refresh', { cookie });
const signIn = async () => {
  const school = await createEstablishment(database.db, { mfaRequired: false });
  const user = await createUser(database.db, { profiles: [['ELEVE', school]] });
  const result = await login(server.url, user);
  expect(result.status).toBe(200);
  return { user, school, cookie: result.refreshCookie!.value, accessToken: bodyOf(result).accessToken as string };
};
const sessionOf = (userId: string) =>
  database.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
const eventsOf = async (userId: string) =>
  (
    await database.db.selectFrom('access_journal').select('event').where('user_id', '=', userId).orderBy('id').execute()
  ).map((row) => row.event);

describe('POST /auth/refresh', () => {
  it('rotates the refresh token and re-issues the access token from today’s directory', async () => {
    const { user, school, cookie } = await signIn();
    const newClass = await createClass(database.db, school);
    await database.db.insertInto('class_members').values({ class_id: newClass, user_id: user.id }).execute();
    clock.advance(5 * 60_000);

    const result = await refresh(cookie);
    expect(result.status).toBe(200);
    const body = bodyOf(result);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600, user: { id: user.id } });
    const rotated = result.refreshCookie!;
    expect(rotated.value).toBeTruthy();
    expect(rotated.value).not.toBe(cookie);
    expect(rotated.raw).toMatch(/HttpOnly/i);

    const viewer = await createTokenVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json` }).verify(body.accessToken);
    expect(viewer.classIds).toEqual([newClass]);
    expect(viewer.sessionId).toBe((await sessionOf(user.id)).id);

    // The rotated token refreshes in turn.
    clock.advance(5 * 60_000);
    expect((await refresh(rotated.value)).status).toBe(200);

    const session = await sessionOf(user.id);
    expect(new Date(session.last_used_at).getTime()).toBe(clock.now().getTime());
    expect(await eventsOf(user.id)).toEqual(['LOGIN_SUCCESS', 'REFRESH', 'REFRESH']);
  });

  it('revokes the whole session when a rotated token comes back', async () => {
    const { user, cookie } = await signIn();
    const rotated = (await refresh(cookie)).refreshCookie!.value;

    const reuse = await refresh(cookie);
    expect(reuse.status).toBe(401);
    expect(bodyOf(reuse).errors[0]).toEqual({
      message:
        'Votre session a été fermée par sécurité : un ancien jeton de connexion a été réutilisé. Veuillez vous reconnecter.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(reuse.refreshCookie?.value).toBe('');

    // The legitimate holder's newer token stops working too.
    const newer = await refresh(rotated);
    expect(newer.status).toBe(401);
    expect(bodyOf(newer).errors[0].message).toBe('Votre session a expiré, veuillez vous reconnecter.');

    const session = await sessionOf(user.id);
    expect(session.revoked_reason).toBe('REFRESH_REUSE');
    expect(session.revoked_at).not.toBeNull();
    const live = await database.db
      .selectFrom('refresh_tokens')
      .select('token_hash')
      .where('session_id', '=', session.id)
      .where('used_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    expect(await eventsOf(user.id)).toEqual(['LOGIN_SUCCESS', 'REFRESH', 'REFRESH_REUSE']);
  });

  it('refuses an expired session with a clear message', async () => {
    const { cookie } = await signIn();
    clock.advance(30 * 86_400_000 + 1000);
    const result = await refresh(cookie);
    expect(result.status).toBe(401);
    expect(bodyOf(result).errors[0]).toEqual({
      message: 'Votre session a expiré, veuillez vous reconnecter.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('slides the session at each refresh, up to 90 days after the login', async () => {
    let { cookie } = await signIn();
    for (let day = 0; day < 3; day++) {
      clock.advance(29 * 86_400_000);
      const result = await refresh(cookie);
      expect(result.status).toBe(200);
      cookie = result.refreshCookie!.value;
    }
    // 87 days in: the last cookie lives 3 days, not 30.
    clock.advance(3 * 86_400_000 + 1000);
    expect((await refresh(cookie)).status).toBe(401);
  });

  it('answers 401 without a cookie or with an unknown one', async () => {
    expect((await call(server.url, '/auth/refresh')).status).toBe(401);
    const unknown = await refresh('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(401);
    expect(bodyOf(unknown).errors[0].message).toBe('Votre session a expiré, veuillez vous reconnecter.');
  });

  it('stops refreshing once the account is deactivated and its sessions revoked', async () => {
    const { user, cookie } = await signIn();
    await database.db.updateTable('users').set({ status: 'DEACTIVATED' }).where('id', '=', user.id).execute();
    expect(await revokeUserSessions(database.db, user.id, 'USER_DEACTIVATED', clock)).toBe(1);
    expect(await revokeUserSessions(database.db, user.id, 'USER_DEACTIVATED', clock)).toBe(0);
    expect((await refresh(cookie)).status).toBe(401);
    expect((await sessionOf(user.id)).revoked_reason).toBe('USER_DEACTIVATED');
  });
});

describe('POST /auth/logout', () => {
  it('revokes the session and clears the cookie', async () => {
    const { user, cookie } = await signIn();
    const result = await call(server.url, '/auth/logout', { cookie });
    expect(result.status).toBe(204);
    expect(result.refreshCookie?.value).toBe('');
    expect(result.refreshCookie?.raw).toMatch(/Max-Age=0/);
    expect(result.refreshCookie?.raw).toMatch(/Path=\/auth/);

    expect((await refresh(cookie)).status).toBe(401);
    expect((await sessionOf(user.id)).revoked_reason).toBe('LOGOUT');
    expect(await eventsOf(user.id)).toEqual(['LOGIN_SUCCESS', 'LOGOUT']);

    // Idempotent, and harmless without a cookie.
    expect((await call(server.url, '/auth/logout', { cookie })).status).toBe(204);
    expect((await call(server.url, '/auth/logout')).status).toBe(204);
    expect(await eventsOf(user.id)).toEqual(['LOGIN_SUCCESS', 'LOGOUT']);
  });
});

describe('listAccessEvents', () => {
  it('lists newest first with keyset pagination and filters', async () => {
    const { user, school, cookie } = await signIn();
    await refresh(cookie).then((result) => refresh(result.refreshCookie!.value));
    await login(server.url, { login: user.login, password: 'faux' });

    const all = await listAccessEvents(database.db, { userIds: [user.id], first: 10 });
    expect(all.map((event) => event.event)).toEqual(['LOGIN_FAILURE', 'REFRESH', 'REFRESH', 'LOGIN_SUCCESS']);
    expect(all[0]).toMatchObject({ user_id: user.id, login: user.login, ip: '127.0.0.1', user_agent: 'vitest' });
    expect(typeof all[0]!.id).toBe('string');
    expect(all[0]!.at).toBeInstanceOf(Date);

    const page1 = await listAccessEvents(database.db, { userIds: [user.id], first: 3 });
    const page2 = await listAccessEvents(database.db, { userIds: [user.id], first: 3, before: page1.at(-1)!.id });
    expect([...page1, ...page2].map((event) => event.id)).toEqual(all.map((event) => event.id));

    const bySchool = await listAccessEvents(database.db, { establishmentId: school, event: 'REFRESH', first: 10 });
    expect(bySchool).toHaveLength(2);
    expect(await listAccessEvents(database.db, { establishmentId: school, since: clock.now(), first: 10 })).toHaveLength(4);
    const later = new Date(clock.now().getTime() + 1);
    expect(await listAccessEvents(database.db, { establishmentId: school, since: later, first: 10 })).toEqual([]);
    expect(await listAccessEvents(database.db, { userIds: [], first: 10 })).toEqual([]);
    expect(await listAccessEvents(database.db, { userIds: [user.id], first: 10, before: 'nope' })).toEqual([]);
  });
});
