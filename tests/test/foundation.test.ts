import { createTestSigner, testViewer } from '@ent/kit/testing';
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEnt, startEnt } from '../src/harness.js';

const ME = '{ me { id displayName login profiles { profile establishment { name } } } }';

let ent: RunningEnt;
beforeAll(async () => {
  ent = await startEnt();
});
afterAll(async () => {
  await ent?.stop();
});

async function userId(login: string): Promise<string> {
  const row = await ent.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
  return row.id;
}

async function classId(name: string): Promise<string> {
  const row = await ent.db.selectFrom('classes').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

describe('login and me through the router', () => {
  it('signs prof.durand in and answers me with the teacher and the collège', async () => {
    const login = await ent.login('prof.durand');
    expect(login.status).toBe(200);
    expect(login.body.tokenType).toBe('Bearer');
    expect(login.cookie).toMatch(/^ent_refresh=/);
    const result = await ent.graphql<{ me: { displayName: string; login: string; profiles: unknown[] } }>(ME, {
      token: login.body.accessToken as string,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.login).toBe('prof.durand');
    expect(result.data?.me.profiles).toEqual([{ profile: 'ENSEIGNANT', establishment: { name: 'Collège Paul Éluard' } }]);
  });

  it('refuses me without a token, with UNAUTHENTICATED and a French message', async () => {
    const result = await ent.graphql(ME);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(/connecté/);
  });

  it('refuses a token signed by another key, at the router and at the subgraph', async () => {
    const foreign = await createTestSigner('foreign-key');
    const forged = await foreign.sign(testViewer({ userId: await userId('direction.eluard'), profiles: [{ profile: 'ADMIN_DEPARTEMENT', establishmentId: null }] }));
    const viaRouter = await ent.graphql(ME, { token: forged });
    expect(viaRouter.status).toBe(401);
    expect(viaRouter.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const direct = await ent.graphql(ME, { token: forged, url: `${ent.annuaireUrl}/graphql` });
    expect(direct.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(direct.data).toBeNull();
  });

  it('reads nothing protected when the subgraph is called directly without a token', async () => {
    const lucas = await userId('eleve.lucas');
    const direct = await ent.graphql(`{ user(id: "${lucas}") { displayName children { id } } class(id: "${await classId('5e B')}") { pupils { id } } }`, {
      url: `${ent.annuaireUrl}/graphql`,
    });
    expect(direct.data).toEqual({ user: null, class: null });
    expect(direct.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const entities = await ent.graphql(`{ _entities(representations: [{ __typename: "User", id: "${lucas}" }]) { ... on User { displayName } } }`, {
      url: `${ent.annuaireUrl}/graphql`,
    });
    expect(entities.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('authorization per profile', () => {
  it('lets parent.bernard read his two children and no other pupil', async () => {
    const token = await ent.token('parent.bernard');
    const me = await ent.graphql<{ me: { children: Array<{ id: string; firstName: string; classes: Array<{ name: string }> }> } }>(
      '{ me { children { id firstName classes { name } } } }',
      { token },
    );
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.children.map((child) => [child.firstName, child.classes.map((c) => c.name)])).toEqual([
      ['Léa', ['CE1']],
      ['Lucas', ['5e B']],
    ]);
    for (const child of me.data?.me.children ?? []) {
      const read = await ent.graphql(`{ user(id: "${child.id}") { displayName classes { name } } }`, { token });
      expect(read.errors).toBeUndefined();
    }
    const other = await ent.graphql(`{ user(id: "${await userId('eleve.noah')}") { displayName classes { name } } }`, { token });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const classmates = await ent.graphql(`{ class(id: "${await classId('5e B')}") { name pupils { id } } }`, { token });
    expect(classmates.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(classmates.errors?.[0]?.path).toEqual(['class', 'pupils']);
  });

  it('lets prof.durand list the pupils of 5e B but not of CE1', async () => {
    const token = await ent.token('prof.durand');
    const fiveB = await ent.graphql<{ class: { pupils: Array<{ id: string }>; pupilCount: number } }>(
      `{ class(id: "${await classId('5e B')}") { name level cycle pupilCount pupils { id displayName } } }`,
      { token },
    );
    expect(fiveB.errors).toBeUndefined();
    expect(fiveB.data?.class.pupils.length).toBeGreaterThanOrEqual(20);
    expect(fiveB.data?.class.pupils.length).toBe(fiveB.data?.class.pupilCount);
    const ce1 = await ent.graphql(`{ class(id: "${await classId('CE1')}") { name pupils { id } } }`, { token });
    expect(ce1.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(ce1.data?.class ?? null).toBeNull();
  });

  it('lets a pupil see their class but not another class of the same school', async () => {
    const token = await ent.token('eleve.lucas');
    const own = await ent.graphql(`{ class(id: "${await classId('5e B')}") { pupils { id } } }`, { token });
    expect(own.errors).toBeUndefined();
    const other = await ent.graphql(`{ class(id: "${await classId('3e A')}") { pupils { id } } }`, { token });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('bad input changes nothing and says why', () => {
  it('answers malformed JSON with 400 and a body over the limit with 413', async () => {
    const malformed = await fetch(`${ent.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(/JSON/);
    const huge = await fetch(`${ent.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } }${' '.repeat(2_000_000)}` }),
    });
    expect(huge.status).toBe(413);
  });

  it('refuses queries over the depth or cost limits, unknown fields and wrong variable types, in French', async () => {
    const token = await ent.token('prof.durand');
    const deep = `{ me { children { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } } } }`;
    const depth = await ent.graphql(deep, { token });
    expect(depth.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(depth.errors?.[0]?.message).toMatch(/profonde/);

    // Ten aliases (under the alias limit) of a chain nine levels deep (under the depth limit): too costly.
    const chain = 'children { classes { pupils { parents { parent { children { classes { teachings { teacher { id firstName lastName displayName login status } } } } } } } } }';
    const wide = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: me { ${chain} }`).join(' ')} }`;
    const cost = await ent.graphql(wide, { token });
    expect(cost.errors?.[0]?.message).toMatch(/coûteuse/);

    const unknown = await ent.graphql('{ me { shoeSize } }', { token });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown.errors?.[0]?.message).toContain('« shoeSize »');

    const wrongType = await ent.graphql('query ($id: ID!) { user(id: $id) { id } }', { token, variables: { id: { nested: true } } });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongType.errors?.[0]?.message).toMatch(/variable « \$id »/);
  });

  it('throttles a login after five wrong passwords, with the same answer for an unknown login', async () => {
    const wrong = await ent.login('eleve.ines', 'mauvais-mot-de-passe');
    const unknown = await ent.login('personne.inconnue', 'mauvais-mot-de-passe');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    for (let attempt = 0; attempt < 4; attempt++) {
      await ent.login('eleve.ines', 'mauvais-mot-de-passe');
      await ent.login('personne.inconnue', 'mauvais-mot-de-passe');
    }
    const throttled = await ent.login('eleve.ines', 'ent-demo-92');
    const throttledUnknown = await ent.login('personne.inconnue', 'ent-demo-92');
    expect(throttled.status).toBe(429);
    expect(throttledUnknown.status).toBe(429);
    expect((throttled.body as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(JSON.stringify(throttled.body)).toMatch(/Trop de tentatives/);
    expect(throttledUnknown.body).toEqual(throttled.body);
  });

  it('revokes the whole session when a refresh token is reused', async () => {
    const login = await ent.login('eleve.lucas');
    const refresh = (cookie: string) =>
      fetch(`${ent.url}/auth/refresh`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' } });
    const first = await refresh(login.cookie as string);
    expect(first.status).toBe(200);
    const rotated = first.headers.get('set-cookie')?.split(';')[0] as string;
    expect(rotated).not.toBe(login.cookie);
    const reuse = await refresh(login.cookie as string);
    expect(reuse.status).toBe(401);
    const afterReuse = await refresh(rotated);
    expect(afterReuse.status).toBe(401);
    const journal = await ent.db.selectFrom('access_journal').select('event').where('event', '=', 'REFRESH_REUSE').execute();
    expect(journal.length).toBeGreaterThan(0);
  });

  it('refuses a badly formed new account and writes nothing', async () => {
    const token = await ent.token('admin.eluard');
    const establishment = await ent.db.selectFrom('establishments').select('id').where('name', '=', 'Collège Paul Éluard').executeTakeFirstOrThrow();
    const before = await ent.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const create = (input: Record<string, unknown>) =>
      ent.graphql('mutation ($input: CreateUserInput!) { createUser(input: $input) { id login } }', {
        token,
        variables: { input: { firstName: 'Zoé', lastName: 'Martin', profile: 'ELEVE', establishmentId: establishment.id, ...input } },
      });
    const badLogin = await create({ login: 'Zoé Martin!' });
    expect(badLogin.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.login' });
    const weakPassword = await create({ login: 'zoe.martin', password: 'abc' });
    expect(weakPassword.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
    const taken = await create({ login: 'prof.durand' });
    expect(taken.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const elsewhere = await ent.db.selectFrom('establishments').select('id').where('name', 'like', 'Lycée%').executeTakeFirstOrThrow();
    const forbidden = await create({ login: 'zoe.martin', establishmentId: elsewhere.id });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await ent.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const created = await create({ login: 'zoe.martin', password: 'Vacances-2026!' });
    expect(created.errors).toBeUndefined();
    const zoe = await ent.login('zoe.martin', 'Vacances-2026!');
    expect(zoe.status).toBe(200);
  });

  it('ends the sessions of a deactivated account', async () => {
    const login = await ent.login('doc.moreau');
    const admin = await ent.token('admin.eluard');
    const result = await ent.graphql(`mutation { deactivateUser(id: "${await userId('doc.moreau')}") { status } }`, { token: admin });
    expect(result.data).toEqual({ deactivateUser: { status: 'DEACTIVATED' } });
    const refresh = await fetch(`${ent.url}/auth/refresh`, { method: 'POST', headers: { cookie: login.cookie as string, 'content-type': 'application/json' } });
    expect(refresh.status).toBe(401);
    const again = await ent.login('doc.moreau');
    expect(again.status).toBe(401);
  });
});

describe('multi-factor sign-in', () => {
  it('asks admin.departement for a TOTP code and signs in with the demo secret', async () => {
    const login = await ent.login('admin.departement');
    expect(login.status).toBe(200);
    expect(login.body.mfaRequired).toBe(true);
    expect(login.body.accessToken).toBeUndefined();
    const code = new TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate();
    const mfa = await fetch(`${ent.url}/auth/mfa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mfaToken: login.body.mfaToken, code }),
    });
    expect(mfa.status).toBe(200);
    const { accessToken } = (await mfa.json()) as { accessToken: string };
    const establishments = await ent.graphql<{ establishments: Array<{ name: string }> }>('{ establishments { name } }', { token: accessToken });
    expect(establishments.data?.establishments.length).toBe(5);
  });

  it('never accepts the intermediate MFA token as an access token', async () => {
    const login = await ent.login('admin.departement');
    const result = await ent.graphql(ME, { token: login.body.mfaToken as string });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
