import type { Database as KitDatabase, ManualClock } from '@ent/kit';
import { createTokenVerifier } from '@ent/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { DEFAULT_THROTTLE } from '../../src/auth/index.js';
import {
  type AuthServer,
  bodyOf,
  call,
  createClass,
  createEstablishment,
  createGroup,
  createUser,
  login,
  openTestDatabase,
  PASSWORD,
  startAuthServer,
  testClock,
  unique,
  uniqueIp,
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

beforeEach(async () => {
  // Throttles count from the journal: each test starts with none of the others' failures.
  await database.db.deleteFrom('access_journal').execute();
});

const journal = (login: string) =>
  database.db.selectFrom('access_journal').selectAll().where('login', '=', login).orderBy('id').execute();

describe('POST /auth/login', () => {
  it('signs a pupil in with a verifiable access token carrying profiles, classes and groups', async () => {
    const db = database.db;
    const school = await createEstablishment(db, { mfaRequired: true });
    const [myClass, oldClass, otherClass] = [
      await createClass(db, school),
      await createClass(db, school, { active: false }),
      await createClass(db, school),
    ];
    const group = await createGroup(db, school);
    const pupil = await createUser(db, { firstName: 'Léa', lastName: 'Durand', profiles: [['ELEVE', school]] });
    await db
      .insertInto('class_members')
      .values([
        { class_id: myClass, user_id: pupil.id },
        { class_id: oldClass, user_id: pupil.id },
      ])
      .execute();
    await db.insertInto('group_members').values({ group_id: group, user_id: pupil.id }).execute();

    const result = await login(server.url, pupil);
    expect(result.status).toBe(200);
    const body = bodyOf(result);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600, user: { id: pupil.id, displayName: 'Léa Durand' } });
    expect(body.mfaRequired).toBeUndefined();
    expect(result.headers.get('cache-control')).toBe('no-store');

    const verifier = createTokenVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json` });
    const viewer = await verifier.verify(body.accessToken);
    expect(viewer).toMatchObject({
      userId: pupil.id,
      displayName: 'Léa Durand',
      profiles: [{ profile: 'ELEVE', establishmentId: school }],
      classIds: [myClass],
      groupIds: [group],
      childIds: [],
      authMethods: ['pwd'],
    });
    expect(viewer.classIds).not.toContain(otherClass);

    const cookie = result.refreshCookie!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.raw).toMatch(/HttpOnly/i);
    expect(cookie.raw).toMatch(/SameSite=Strict/i);
    expect(cookie.raw).toMatch(/Path=\/auth/);
    expect(cookie.raw).toMatch(/Max-Age=2592000/);
    expect(cookie.raw).not.toMatch(/Secure/i);

    const session = await db.selectFrom('sessions').selectAll().where('user_id', '=', pupil.id).executeTakeFirstOrThrow();
    expect(session.id).toBe(viewer.sessionId);
    expect(session.auth_methods).toEqual(['pwd']);
    expect(session.user_agent).toBe('vitest');
    const tokens = await db.selectFrom('refresh_tokens').selectAll().where('session_id', '=', session.id).execute();
    expect(tokens).toHaveLength(1);
    // Only the hash is stored.
    expect(tokens[0]!.token_hash).not.toBe(cookie.value);
    expect(tokens[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const events = await journal(pupil.login);
    expect(events.map((event) => event.event)).toEqual(['LOGIN_SUCCESS']);
    expect(events[0]).toMatchObject({ user_id: pupil.id, session_id: session.id, ip: '127.0.0.1', user_agent: 'vitest' });
    expect(new Date(events[0]!.at).getTime()).toBe(clock.now().getTime());
  });

  it('gives a teacher the classes and groups taught and a parent the children', async () => {
    const db = database.db;
    const school = await createEstablishment(db, { mfaRequired: false });
    const taught = await createClass(db, school);
    const taughtGroup = await createGroup(db, school);
    const teacher = await createUser(db, { profiles: [['ENSEIGNANT', school]] });
    await db
      .insertInto('teaching_assignments')
      .values([
        { teacher_id: teacher.id, class_id: taught, subject: 'Mathématiques' },
        { teacher_id: teacher.id, class_id: taught, subject: 'Physique' },
        { teacher_id: teacher.id, group_id: taughtGroup, subject: 'Latin' },
      ])
      .execute();
    const child = await createUser(db, { profiles: [['ELEVE', school]] });
    const parent = await createUser(db, { profiles: [['PARENT', school]] });
    await db.insertInto('family_links').values({ parent_id: parent.id, child_id: child.id }).execute();

    const verifier = createTokenVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json` });
    const teacherViewer = await verifier.verify(bodyOf(await login(server.url, teacher)).accessToken);
    expect(teacherViewer.classIds).toEqual([taught]);
    expect(teacherViewer.groupIds).toEqual([taughtGroup]);
    expect(teacherViewer.profiles).toEqual([{ profile: 'ENSEIGNANT', establishmentId: school }]);

    const parentViewer = await verifier.verify(bodyOf(await login(server.url, parent)).accessToken);
    expect(parentViewer.childIds).toEqual([child.id]);
  });

  it('accepts the login whatever its case and surrounding spaces', async () => {
    const user = await createUser(database.db);
    const result = await login(server.url, { login: `  ${user.login.toUpperCase()} `, password: PASSWORD });
    expect(result.status).toBe(200);
  });

  it('answers a wrong password and an unknown login identically, and journals both', async () => {
    const user = await createUser(database.db);
    const wrong = await login(server.url, { login: user.login, password: 'pas-le-bon' });
    const unknownLogin = unique('nobody.');
    const unknown = await login(server.url, { login: unknownLogin, password: 'pas-le-bon' });

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      errors: [{ message: 'Identifiant ou mot de passe incorrect.', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(wrong.refreshCookie).toBeUndefined();

    expect(await journal(user.login)).toMatchObject([
      { event: 'LOGIN_FAILURE', user_id: user.id, detail: { reason: 'WRONG_PASSWORD' } },
    ]);
    expect(await journal(unknownLogin)).toMatchObject([
      { event: 'LOGIN_FAILURE', user_id: null, detail: { reason: 'UNKNOWN_LOGIN' } },
    ]);
  });

  it('refuses a deactivated account with the same answer as a wrong password', async () => {
    const user = await createUser(database.db, { status: 'DEACTIVATED' });
    const result = await login(server.url, user);
    const wrong = await login(server.url, { login: unique('nobody.'), password: PASSWORD });
    expect(result.status).toBe(401);
    expect(result.body).toEqual(wrong.body);
    expect(await journal(user.login)).toMatchObject([{ event: 'LOGIN_FAILURE', detail: { reason: 'DEACTIVATED' } }]);
  });

  it('names the offending field of a malformed request', async () => {
    const missing = await call(server.url, '/auth/login', { body: { password: PASSWORD } });
    expect(missing.status).toBe(400);
    expect(bodyOf(missing).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'login' });

    const notString = await call(server.url, '/auth/login', { body: { login: 'x', password: 42 } });
    expect(notString.status).toBe(400);
    expect(bodyOf(notString).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });

    const tooLong = await call(server.url, '/auth/login', { body: { login: 'x'.repeat(300), password: PASSWORD } });
    expect(bodyOf(tooLong).errors[0].extensions.field).toBe('login');

    const response = await fetch(`${server.url}/auth/login`, { method: 'POST', body: 'login=x&password=y' });
    expect(response.status).toBe(415);

    const malformed = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":',
    });
    expect(malformed.status).toBe(400);
  });
});

describe('login throttling', () => {
  const throttledMessage = /^Trop de tentatives de connexion\. Réessayez dans \d+ minutes?\.$/;

  it('refuses a login after 5 failures in 15 minutes, even with the right password, then lets it in again', async () => {
    const user = await createUser(database.db);
    for (let attempt = 0; attempt < 5; attempt++) {
      clock.advance(60_000);
      expect((await login(server.url, { login: user.login, password: 'faux' })).status).toBe(401);
    }
    const refused = await login(server.url, user);
    expect(refused.status).toBe(429);
    // The first failure was 4 minutes ago: it leaves the 15-minute window in 11 minutes.
    expect(refused.headers.get('retry-after')).toBe(String(11 * 60));
    expect(bodyOf(refused).errors[0]).toEqual({
      message: 'Trop de tentatives de connexion. Réessayez dans 11 minutes.',
      extensions: { code: 'RATE_LIMITED', retryAfter: 660 },
    });

    const events = await journal(user.login);
    expect(events.at(-1)).toMatchObject({ event: 'LOGIN_THROTTLED', user_id: user.id });

    clock.advance(11 * 60_000 + 1000);
    expect((await login(server.url, user)).status).toBe(200);
  });

  it('throttles an unknown login exactly like an existing one', async () => {
    const existing = await createUser(database.db);
    const unknown = { login: unique('ghost.'), password: 'faux' };
    for (let attempt = 0; attempt < 5; attempt++) {
      await login(server.url, { login: existing.login, password: 'faux' });
      await login(server.url, unknown);
    }
    const forExisting = await login(server.url, { login: existing.login, password: 'faux' });
    const forUnknown = await login(server.url, unknown);
    expect(forExisting.status).toBe(429);
    expect(forUnknown.status).toBe(429);
    expect(forExisting.body).toEqual(forUnknown.body);
    expect(bodyOf(forUnknown).errors[0].message).toMatch(throttledMessage);
    expect(forExisting.headers.get('retry-after')).toBe(forUnknown.headers.get('retry-after'));

    clock.advance(15 * 60_000 + 1000);
    expect((await login(server.url, existing)).status).toBe(200);
  });

  it('does not verify the password while throttled', async () => {
    const user = await createUser(database.db);
    for (let attempt = 0; attempt < 5; attempt++) await login(server.url, { login: user.login, password: 'faux' });
    await login(server.url, user);
    await login(server.url, { login: user.login, password: 'faux' });
    const events = (await journal(user.login)).map((event) => event.event);
    // Had the passwords been checked, a success or a sixth failure would show.
    expect(events).toEqual([...Array(5).fill('LOGIN_FAILURE'), 'LOGIN_THROTTLED', 'LOGIN_THROTTLED']);
  });

  it('forgets earlier failures once the person signs in', async () => {
    const user = await createUser(database.db);
    for (let attempt = 0; attempt < 4; attempt++) await login(server.url, { login: user.login, password: 'faux' });
    expect((await login(server.url, user)).status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt++) await login(server.url, { login: user.login, password: 'faux' });
    expect((await login(server.url, user)).status).toBe(200);
  });

  it('throttles one address after its quota of failures across logins, not the others', async () => {
    const ip = uniqueIp();
    for (let attempt = 0; attempt < DEFAULT_THROTTLE.ipFailures; attempt++) {
      const result = await login(server.url, { login: unique('spray.'), password: 'Azerty123!' }, ip);
      expect(result.status).toBe(401);
    }
    const user = await createUser(database.db);
    const refused = await login(server.url, user, ip);
    expect(refused.status).toBe(429);
    expect(bodyOf(refused).errors[0].message).toMatch(throttledMessage);
    expect((await login(server.url, user, uniqueIp())).status).toBe(200);

    const throttled = await database.db
      .selectFrom('access_journal')
      .selectAll()
      .where('ip', '=', ip)
      .where('event', '=', 'LOGIN_THROTTLED')
      .execute();
    expect(throttled).toMatchObject([{ login: user.login, user_id: user.id }]);

    clock.advance(15 * 60_000 + 1000);
    expect((await login(server.url, user, ip)).status).toBe(200);
  });
});
