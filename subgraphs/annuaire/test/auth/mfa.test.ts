import { createTokenVerifier, type Database as KitDatabase, type ManualClock } from '@ent/kit';
import { decodeJwt } from 'jose';
import { Secret, URI } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import {
  type AuthServer,
  bodyOf,
  call,
  createEstablishment,
  createUser,
  login,
  openTestDatabase,
  startAuthServer,
  testClock,
  totpCode,
} from './fixtures.js';

let database: KitDatabase<Database>;
let clock: ManualClock;
let server: AuthServer;
let demo: AuthServer;

beforeAll(async () => {
  database = await openTestDatabase();
  clock = testClock();
  server = await startAuthServer({ db: database.db, clock, totpIssuer: 'ENT Hauts-de-Seine' });
  demo = await startAuthServer({ db: database.db, clock, demo: true });
});

afterAll(async () => {
  await server.close();
  await demo.close();
  await database.close();
});

beforeEach(async () => {
  await database.db.deleteFrom('access_journal').execute();
  // Each test starts on a fresh 30-second step, so codes of one test are never the previous test's.
  clock.advance(90_000);
});

const newSecret = () => new Secret({ size: 20 }).base32;
const mfa = (url: string, mfaToken: string, code: string) => call(url, '/auth/mfa', { body: { mfaToken, code } });
const eventsOf = async (userId: string) =>
  (
    await database.db.selectFrom('access_journal').select('event').where('user_id', '=', userId).orderBy('id').execute()
  ).map((row) => row.event);

describe('TOTP for an enrolled account', () => {
  it('asks for a code, refuses a wrong one, accepts the right one once', async () => {
    const secret = newSecret();
    const school = await createEstablishment(database.db, { mfaRequired: false });
    const user = await createUser(database.db, { totpSecret: secret, profiles: [['PARENT', school]] });

    const first = await login(server.url, user);
    expect(first.status).toBe(200);
    expect(first.refreshCookie).toBeUndefined();
    const challenge = bodyOf(first);
    expect(challenge).toMatchObject({ mfaRequired: true, expiresIn: 300 });
    expect(challenge.enrolment).toBeUndefined();
    expect(challenge.accessToken).toBeUndefined();

    const code = totpCode(secret, clock.now());
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await mfa(server.url, challenge.mfaToken, wrongCode);
    expect(wrong.status).toBe(401);
    expect(bodyOf(wrong).errors[0]).toEqual({
      message: 'Code de vérification incorrect.',
      extensions: { code: 'UNAUTHENTICATED' },
    });

    const ok = await mfa(server.url, challenge.mfaToken, code);
    expect(ok.status).toBe(200);
    const body = bodyOf(ok);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600, user: { id: user.id } });
    expect(ok.refreshCookie?.value).toBeTruthy();
    const verifier = createTokenVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json` });
    const viewer = await verifier.verify(body.accessToken);
    expect(viewer.authMethods).toEqual(['pwd', 'otp']);
    const session = await database.db.selectFrom('sessions').select('auth_methods').where('id', '=', viewer.sessionId).executeTakeFirstOrThrow();
    expect(session.auth_methods).toEqual(['pwd', 'otp']);

    // The same code again, through a fresh password step: refused (replay within its window).
    const again = bodyOf(await login(server.url, user));
    const replay = await mfa(server.url, again.mfaToken, code);
    expect(replay.status).toBe(401);
    expect(bodyOf(replay).errors[0].message).toBe('Code de vérification incorrect.');

    // An MFA token opens one session only, even with the next code.
    clock.advance(30_000);
    const reused = await mfa(server.url, challenge.mfaToken, totpCode(secret, clock.now()));
    expect(reused.status).toBe(401);
    expect(bodyOf(reused).errors[0].message).toBe('Votre vérification en deux étapes a expiré. Veuillez vous reconnecter.');

    // The next step's code works.
    expect((await mfa(server.url, again.mfaToken, totpCode(secret, clock.now()))).status).toBe(200);

    expect(await eventsOf(user.id)).toEqual([
      'MFA_REQUIRED',
      'MFA_FAILURE',
      'MFA_SUCCESS',
      'LOGIN_SUCCESS',
      'MFA_REQUIRED',
      'MFA_FAILURE',
      'MFA_SUCCESS',
      'LOGIN_SUCCESS',
    ]);
    const failures = await database.db
      .selectFrom('access_journal')
      .select('detail')
      .where('user_id', '=', user.id)
      .where('event', '=', 'MFA_FAILURE')
      .orderBy('id')
      .execute();
    expect(failures.map((row) => row.detail?.['reason'])).toEqual(['WRONG_CODE', 'REPLAYED_CODE']);
  });

  it('lets only one of two simultaneous uses of a code through', async () => {
    const secret = newSecret();
    const user = await createUser(database.db, { totpSecret: secret });
    const [a, b] = [bodyOf(await login(server.url, user)), bodyOf(await login(server.url, user))];
    const code = totpCode(secret, clock.now());
    const results = await Promise.all([mfa(server.url, a.mfaToken, code), mfa(server.url, b.mfaToken, code)]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
  });

  it('accepts the code of the previous step (clock drift) but not one two steps old', async () => {
    const secret = newSecret();
    const user = await createUser(database.db, { totpSecret: secret });
    const previous = totpCode(secret, new Date(clock.now().getTime() - 30_000));
    const tooOld = totpCode(secret, new Date(clock.now().getTime() - 60_000));

    const challenge = bodyOf(await login(server.url, user));
    expect((await mfa(server.url, challenge.mfaToken, tooOld)).status).toBe(401);
    expect((await mfa(server.url, challenge.mfaToken, previous)).status).toBe(200);
  });

  it('asks enrolled accounts for a code in demo mode too', async () => {
    const user = await createUser(database.db, { totpSecret: newSecret() });
    expect(bodyOf(await login(demo.url, user)).mfaRequired).toBe(true);
  });

  it('keeps MFA tokens and access tokens apart', async () => {
    const secret = newSecret();
    const user = await createUser(database.db, { totpSecret: secret });
    const challenge = bodyOf(await login(server.url, user));
    expect(decodeJwt(challenge.mfaToken)).toMatchObject({ aud: 'urn:ent:mfa', typ: 'mfa', sub: user.id });

    const verifier = createTokenVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json` });
    await expect(verifier.verify(challenge.mfaToken)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });

    const signedIn = bodyOf(await mfa(server.url, challenge.mfaToken, totpCode(secret, clock.now())));
    const asMfaToken = await mfa(server.url, signedIn.accessToken, totpCode(secret, clock.now()));
    expect(asMfaToken.status).toBe(401);
    expect(bodyOf(asMfaToken).errors[0].message).toBe('Votre vérification en deux étapes a expiré. Veuillez vous reconnecter.');
  });

  it('refuses an MFA token after 5 minutes', async () => {
    const secret = newSecret();
    const user = await createUser(database.db, { totpSecret: secret });
    const challenge = bodyOf(await login(server.url, user));
    clock.advance(5 * 60_000 + 1000);
    const late = await mfa(server.url, challenge.mfaToken, totpCode(secret, clock.now()));
    expect(late.status).toBe(401);
    expect(bodyOf(late).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('names the field of a malformed code', async () => {
    const result = await mfa(server.url, 'x', '12ab56');
    expect(result.status).toBe(400);
    expect(bodyOf(result).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
    const missing = await call(server.url, '/auth/mfa', { body: { code: '123456' } });
    expect(bodyOf(missing).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'mfaToken' });
  });

  it('stops an MFA token after 5 wrong codes, and the account after 10', async () => {
    const secret = newSecret();
    const user = await createUser(database.db, { totpSecret: secret });
    const good = () => totpCode(secret, clock.now());
    const bad = () => (good() === '000000' ? '111111' : '000000');

    const first = bodyOf(await login(server.url, user));
    for (let attempt = 0; attempt < 5; attempt++) expect((await mfa(server.url, first.mfaToken, bad())).status).toBe(401);
    const exhausted = await mfa(server.url, first.mfaToken, good());
    expect(exhausted.status).toBe(429);
    expect(bodyOf(exhausted).errors[0]).toMatchObject({
      message: 'Trop de codes de vérification incorrects. Veuillez vous reconnecter.',
      extensions: { code: 'RATE_LIMITED' },
    });

    // A new password step gives 5 more tries, not more: the account stops at 10 in 15 minutes.
    const second = bodyOf(await login(server.url, user));
    for (let attempt = 0; attempt < 5; attempt++) await mfa(server.url, second.mfaToken, bad());
    const third = bodyOf(await login(server.url, user));
    const blocked = await mfa(server.url, third.mfaToken, good());
    expect(blocked.status).toBe(429);
    expect(bodyOf(blocked).errors[0].message).toMatch(/^Trop de codes de vérification incorrects\. Réessayez dans \d+ minutes?\.$/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    clock.advance(15 * 60_000 + 1000);
    const fourth = bodyOf(await login(server.url, user));
    expect((await mfa(server.url, fourth.mfaToken, good())).status).toBe(200);
  });
});

describe('MFA policy and enrolment', () => {
  it('makes staff of an establishment requiring MFA enrol, confirmed by the first code', async () => {
    const school = await createEstablishment(database.db, { mfaRequired: true });
    const teacher = await createUser(database.db, { profiles: [['ENSEIGNANT', school]] });

    const first = await login(server.url, teacher);
    const challenge = bodyOf(first);
    expect(challenge.mfaRequired).toBe(true);
    expect(first.refreshCookie).toBeUndefined();
    const { otpauthUri, qrCodeDataUrl, secret } = challenge.enrolment;
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const parsed = URI.parse(otpauthUri);
    expect(parsed).toMatchObject({ issuer: 'ENT Hauts-de-Seine', label: teacher.login, digits: 6, period: 30 });
    expect(parsed.secret.base32).toBe(secret);

    let row = await database.db.selectFrom('users').selectAll().where('id', '=', teacher.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toBe(secret);
    expect(row.totp_enrolled_at).toBeNull();

    const confirmed = await mfa(server.url, challenge.mfaToken, totpCode(secret, clock.now()));
    expect(confirmed.status).toBe(200);
    const verifier = createTokenVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json` });
    expect((await verifier.verify(bodyOf(confirmed).accessToken)).authMethods).toEqual(['pwd', 'otp']);
    row = await database.db.selectFrom('users').selectAll().where('id', '=', teacher.id).executeTakeFirstOrThrow();
    expect(new Date(row.totp_enrolled_at!).getTime()).toBe(clock.now().getTime());
    expect(await eventsOf(teacher.id)).toEqual(['MFA_REQUIRED', 'MFA_ENROLLED', 'MFA_SUCCESS', 'LOGIN_SUCCESS']);

    // Enrolled: the next login asks for a code, without a new secret.
    clock.advance(30_000);
    const next = bodyOf(await login(server.url, teacher));
    expect(next.mfaRequired).toBe(true);
    expect(next.enrolment).toBeUndefined();
    expect((await mfa(server.url, next.mfaToken, totpCode(secret, clock.now()))).status).toBe(200);
  });

  it('issues a new secret at each login until enrolment is confirmed, voiding the earlier one', async () => {
    const school = await createEstablishment(database.db, { mfaRequired: true });
    const head = await createUser(database.db, { profiles: [['DIRECTION', school]] });
    const first = bodyOf(await login(server.url, head));
    const second = bodyOf(await login(server.url, head));
    expect(second.enrolment.secret).not.toBe(first.enrolment.secret);
    const stale = await mfa(server.url, first.mfaToken, totpCode(first.enrolment.secret, clock.now()));
    expect(stale.status).toBe(401);
    expect((await mfa(server.url, second.mfaToken, totpCode(second.enrolment.secret, clock.now()))).status).toBe(200);
  });

  it('requires MFA from a département administrator', async () => {
    const admin = await createUser(database.db, { profiles: [['ADMIN_DEPARTEMENT', null]] });
    const challenge = bodyOf(await login(server.url, admin));
    expect(challenge.mfaRequired).toBe(true);
    expect(challenge.enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
  });

  it('does not ask staff of an establishment without MFA, nor pupils and parents', async () => {
    const relaxed = await createEstablishment(database.db, { mfaRequired: false });
    const strict = await createEstablishment(database.db, { mfaRequired: true });
    const teacher = await createUser(database.db, { profiles: [['ENSEIGNANT', relaxed]] });
    const pupil = await createUser(database.db, { profiles: [['ELEVE', strict]] });
    const parent = await createUser(database.db, { profiles: [['PARENT', strict]] });
    for (const person of [teacher, pupil, parent]) {
      const result = await login(server.url, person);
      expect(bodyOf(result).accessToken).toBeTruthy();
      expect(bodyOf(result).mfaRequired).toBeUndefined();
    }
  });

  it('asks staff who are not enrolled nothing in demo mode', async () => {
    const school = await createEstablishment(database.db, { mfaRequired: true });
    const teacher = await createUser(database.db, { profiles: [['ENSEIGNANT', school]] });
    const admin = await createUser(database.db, { profiles: [['ADMIN_DEPARTEMENT', null]] });
    for (const person of [teacher, admin]) {
      const result = await login(demo.url, person);
      expect(result.status).toBe(200);
      expect(bodyOf(result).accessToken).toBeTruthy();
      expect(result.refreshCookie?.value).toBeTruthy();
    }
  });
});
