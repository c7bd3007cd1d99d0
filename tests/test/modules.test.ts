import { createModuleGate, EntError, ManualClock } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEnt, startEnt } from '../src/harness.js';

let ent: RunningEnt;
beforeAll(async () => {
  ent = await startEnt();
});
afterAll(async () => {
  await ent?.stop();
});

const establishmentId = async (name: string) =>
  (await ent.db.selectFrom('establishments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

const SET = `mutation ($e: ID!, $m: String!, $on: Boolean!, $at: String) {
  setModuleActivation(establishmentId: $e, moduleId: $m, enabled: $on, effectiveAt: $at) { moduleId enabled since next { enabled effectiveAt } }
}`;

type Activation = { moduleId: string; enabled: boolean };

describe('modules in waves', () => {
  it('lets the collège administrator disable a module there: the state, the gate and a parent’s two children follow', async () => {
    const college = await establishmentId('Collège Paul Éluard');
    const ecole = await establishmentId('École élémentaire Jules Ferry');
    const gate = createModuleGate({ moduleId: 'devoirs', activationsUrl: `${ent.annuaireUrl}/modules/activations`, ttlMs: 0 });
    await gate.assertEnabled(college);

    const admin = await ent.token('admin.eluard');
    const result = await ent.graphql<{ setModuleActivation: Activation }>(SET, { token: admin, variables: { e: college, m: 'devoirs', on: false } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.setModuleActivation).toMatchObject({ moduleId: 'devoirs', enabled: false });

    const refused = await gate.assertEnabled(college).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EntError);
    expect((refused as EntError).extensions['code']).toBe('MODULE_DISABLED');
    await gate.assertEnabled(ecole);

    const parent = await ent.token('parent.bernard');
    const family = await ent.graphql<{
      me: { children: Array<{ firstName: string; classes: Array<{ establishment: { modules: Activation[] } }> }> };
    }>('{ me { children { firstName classes { establishment { modules { moduleId enabled } } } } } }', { token: parent });
    const devoirsFor = (firstName: string) =>
      family.data?.me.children
        .find((child) => child.firstName === firstName)
        ?.classes[0]?.establishment.modules.find((module) => module.moduleId === 'devoirs')?.enabled;
    expect(devoirsFor('Lucas')).toBe(false);
    expect(devoirsFor('Léa')).toBe(true);

    const again = await ent.graphql(SET, { token: admin, variables: { e: college, m: 'devoirs', on: true } });
    expect(again.errors).toBeUndefined();
    await gate.assertEnabled(college);
  });

  it('schedules a wave ahead, and refuses past dates, unknown modules and other establishments', async () => {
    const college = await establishmentId('Collège Paul Éluard');
    const lycee = await establishmentId('Lycée Marie Curie');
    const admin = await ent.token('admin.eluard');
    const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const scheduled = await ent.graphql<{ setModuleActivation: Activation & { next: { enabled: boolean; effectiveAt: string } } }>(SET, {
      token: admin,
      variables: { e: college, m: 'messagerie', on: false, at: future },
    });
    expect(scheduled.data?.setModuleActivation).toMatchObject({ enabled: true, next: { enabled: false, effectiveAt: future } });

    const gate = createModuleGate({
      moduleId: 'messagerie',
      activationsUrl: `${ent.annuaireUrl}/modules/activations`,
      clock: new ManualClock(new Date(Date.now() + 8 * 86_400_000)),
    });
    expect(await gate.isEnabled(college)).toBe(false);

    const cancelled = await ent.graphql<{ cancelScheduledModuleChanges: Activation & { next: null } }>(
      'mutation ($e: ID!) { cancelScheduledModuleChanges(establishmentId: $e, moduleId: "messagerie") { enabled next { enabled } } }',
      { token: admin, variables: { e: college } },
    );
    expect(cancelled.data?.cancelScheduledModuleChanges).toEqual({ enabled: true, next: null });
    const afterCancel = createModuleGate({
      moduleId: 'messagerie',
      activationsUrl: `${ent.annuaireUrl}/modules/activations`,
      clock: new ManualClock(new Date(Date.now() + 8 * 86_400_000)),
    });
    expect(await afterCancel.isEnabled(college)).toBe(true);
    const cancelElsewhere = await ent.graphql(
      'mutation ($e: ID!) { cancelScheduledModuleChanges(establishmentId: $e, moduleId: "messagerie") { enabled } }',
      { token: admin, variables: { e: lycee } },
    );
    expect(cancelElsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const past = await ent.graphql(SET, { token: admin, variables: { e: college, m: 'messagerie', on: true, at: '2020-01-01T00:00:00Z' } });
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveAt' });
    const unknown = await ent.graphql(SET, { token: admin, variables: { e: college, m: 'astrologie', on: true } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'moduleId' });
    const elsewhere = await ent.graphql(SET, { token: admin, variables: { e: lycee, m: 'devoirs', on: false } });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const teacher = await ent.graphql(SET, { token: await ent.token('prof.durand'), variables: { e: college, m: 'devoirs', on: false } });
    expect(teacher.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rows = await ent.db.selectFrom('module_activation_changes').selectAll().where('module_id', '=', 'astrologie').execute();
    expect(rows).toEqual([]);
  });
});

describe('accessibility preferences', () => {
  it('are stored per person and shown only to them', async () => {
    const token = await ent.token('eleve.hugo');
    const saved = await ent.graphql<{ updateMyPreferences: Record<string, boolean> }>(
      'mutation { updateMyPreferences(input: { largeText: true, reducedMotion: true }) { largeText highContrast dyslexiaFont reducedMotion } }',
      { token },
    );
    expect(saved.data?.updateMyPreferences).toEqual({ largeText: true, highContrast: false, dyslexiaFont: false, reducedMotion: true });
    const partial = await ent.graphql<{ updateMyPreferences: Record<string, boolean> }>(
      'mutation { updateMyPreferences(input: { highContrast: true }) { largeText highContrast } }',
      { token },
    );
    expect(partial.data?.updateMyPreferences).toEqual({ largeText: true, highContrast: true });
    const me = await ent.graphql<{ me: { id: string; preferences: Record<string, boolean> } }>('{ me { id preferences { largeText } } }', { token });
    expect(me.data?.me.preferences).toEqual({ largeText: true });
    const teacher = await ent.token('prof.leroy');
    const other = await ent.graphql<{ user: { preferences: null } }>(`{ user(id: "${me.data?.me.id}") { preferences { largeText } } }`, { token: teacher });
    expect(other.data?.user.preferences).toBeNull();
  });
});

describe('demo accounts', () => {
  it('are listed through the router in demo mode', async () => {
    const response = await fetch(`${ent.url}/demo/accounts`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { password: string; accounts: Array<{ login: string }> };
    expect(body.password).toBe('ent-demo-92');
    expect(body.accounts.map((account) => account.login)).toContain('parent.bernard');
  });
});
