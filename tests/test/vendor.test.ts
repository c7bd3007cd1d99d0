import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createModuleGate, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { createRouter, type EntRouter } from '@ent/router';
import { composeFromList, writeSupergraph } from '@ent/schema';
import { createVieScolaireServer, type Database, migrations, type VieScolaireServer } from '@ent/vie-scolaire';
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, type RunningEnt, startEnt } from '../src/harness.js';

/**
 * Issue 10: a vendor's Mercurius subgraph registered into a running ENT — composition and
 * breaking-change checks, hot reload under load, the manifest, removal. The built-in list is the
 * annuaire and the cahier de textes (from their SDL files), so the test does not depend on modules
 * other engineers are adding to schema/subgraphs.json.
 */
let ent: RunningEnt;
let router: EntRouter;
let routerUrl: string;
let vendor: VieScolaireServer;
let vendorUrl: string;
let closeVendorDb: () => Promise<void>;
let adminToken: string;
const extraServers: Server[] = [];
const dir = mkdtempSync(join(tmpdir(), 'ent-vendor-'));
const registryPath = join(dir, 'registry.json');
const supergraphPath = join(dir, 'supergraph.graphql');
const listPath = join(dir, 'subgraphs.json');
const API = '/api/registry/subgraphs';

async function departementAdminToken(url: string): Promise<string> {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin.departement', password: 'ent-demo-92' }),
  });
  const { mfaToken } = (await login.json()) as { mfaToken: string };
  const mfa = await fetch(`${url}/auth/mfa`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mfaToken, code: new TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate() }),
  });
  return ((await mfa.json()) as { accessToken: string }).accessToken;
}

async function register(body: Record<string, unknown>, token = adminToken) {
  const response = await fetch(`${routerUrl}${API}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { report?: string; problems?: Array<{ code: string; coordinate?: string }> } };
}

async function gql<T = Record<string, unknown>>(query: string, token: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${routerUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
}

/**
 * A deliberately wrong version of a vendor: registration only asks `{ _service { sdl } }`, so a plain
 * HTTP server answering that (as any Federation server does) is enough.
 */
async function fakeVendor(sdl: string): Promise<string> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: { _service: { sdl } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  extraServers.push(server);
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
}

beforeAll(async () => {
  // The annuaire (in this process) reads registered module ids from here.
  process.env['ENT_REGISTRY_PATH'] = registryPath;
  writeFileSync(
    listPath,
    JSON.stringify([
      { name: 'annuaire', url: 'http://127.0.0.1:4001/graphql', sdl: join(repositoryRoot, 'subgraphs/annuaire/schema.graphql') },
      { name: 'cahier-de-textes', url: 'http://127.0.0.1:4002/graphql', sdl: join(repositoryRoot, 'subgraphs/cahier-de-textes/schema.graphql') },
    ]),
  );
  const composed = await composeFromList(listPath);
  if (!composed.ok) throw new Error(composed.report);
  await writeSupergraph(composed.supergraphSdl, supergraphPath);

  ent = await startEnt();
  router = await createRouter({
    supergraphPath,
    annuaireUrl: ent.annuaireUrl,
    subgraphUrls: { annuaire: ent.subgraphUrls['annuaire'] as string },
    logger: process.env['VENDOR_DEBUG'] ? createLogger('router') : silentLogger,
    registry: {
      registryPath,
      builtinListPath: listPath,
      bundleRoots: [join(repositoryRoot, 'microfrontends')],
    },
  });
  routerUrl = (await router.listen(0)).url;

  const database = await createTestDatabase<Database>('vie-scolaire', migrations);
  closeVendorDb = database.close;
  // The kit's gate trusts what it read for 30 s by default; here an activation must show at once.
  const gate = createModuleGate({ moduleId: 'vie-scolaire', activationsUrl: `${ent.annuaireUrl}/modules/activations`, ttlMs: 0 });
  vendor = await createVieScolaireServer({ db: database.db, logger: silentLogger, annuaireUrl: ent.annuaireUrl, gate });
  vendorUrl = `${(await vendor.listen(0)).url}/graphql`;
  adminToken = await departementAdminToken(ent.url);
});

afterAll(async () => {
  await router?.stop();
  for (const server of extraServers) await new Promise((resolve) => server.close(resolve));
  await vendor?.stop();
  await closeVendorDb?.();
  await ent?.stop();
  rmSync(dir, { recursive: true, force: true });
  delete process.env['ENT_REGISTRY_PATH'];
});

describe('vendor registration', () => {
  it('is reserved to the département administrator', async () => {
    const teacher = await ent.token('prof.durand');
    const refused = await register({ name: 'vie-scolaire', url: vendorUrl, moduleId: 'vie-scolaire' }, teacher);
    expect(refused.status).toBe(403);
    const anonymous = await fetch(`${routerUrl}${API}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
  });

  it('refuses an unreachable URL, a failing composition and a taken module id, leaving the running supergraph byte-identical', async () => {
    const before = readFileSync(supergraphPath);

    const unreachable = await register({ name: 'vie-scolaire', url: 'http://127.0.0.1:1/graphql', moduleId: 'vie-scolaire' });
    expect(unreachable.status).toBe(422);
    expect(unreachable.body.problems?.[0]?.code).toBe('UNREACHABLE');
    expect(unreachable.body.report).toMatch(/ne répond pas/);
    expect(unreachable.body.report).toMatch(/could not fetch the SDL/);

    // Claims User.firstName, owned by the annuaire, with another type and no federation directive.
    const claiming = await fakeVendor('type User @key(fields: "id") { id: ID!  firstName: Int }\nextend type Query { hello: String }');
    const composition = await register({ name: 'usurpateur', url: claiming, moduleId: 'usurpateur' });
    expect(composition.status).toBe(422);
    expect(composition.body.problems?.every((p) => p.code === 'COMPOSITION')).toBe(true);
    expect(composition.body.problems?.some((p) => p.coordinate === 'User.firstName')).toBe(true);
    expect(composition.body.report).toMatch(/User\.firstName/);

    const taken = await register({ name: 'mon-cahier', url: vendorUrl, moduleId: 'cahier-de-textes' });
    expect(taken.status).toBe(422);
    expect(taken.body.problems?.[0]?.code).toBe('MODULE_TAKEN');

    expect(readFileSync(supergraphPath).equals(before)).toBe(true);
    expect(() => readFileSync(registryPath)).toThrow();
  });

  it('registers the Mercurius example under load: no failed request, its fields queryable through the router without restart', async () => {
    const teacher = await ent.token('prof.durand');
    const before = await gql('{ attendanceRecords { id } }', teacher);
    expect(before.errors?.[0]?.message).toMatch(/attendanceRecords/);

    // The load: 8 clients asking the annuaire through the router, all through the registration.
    let stop = false;
    let requests = 0;
    const failures: string[] = [];
    const client = async () => {
      while (!stop) {
        try {
          const answer = await gql<{ me: { id: string } }>('{ me { id } }', teacher);
          requests++;
          if (answer.errors || !answer.data?.me.id) failures.push(JSON.stringify(answer.errors));
        } catch (error) {
          requests++;
          failures.push((error as Error).message);
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    const registered = await register({
      name: 'vie-scolaire',
      url: vendorUrl,
      moduleId: 'vie-scolaire',
      bundleDir: join(repositoryRoot, 'microfrontends/vie-scolaire/dist'),
    });
    const after = requests;
    // Keep the load on until a few requests have run on the new supergraph.
    while (requests < after + 16) await new Promise((resolve) => setTimeout(resolve, 5));
    stop = true;
    await Promise.all(clients);

    expect(registered.status).toBe(201);
    // The router's file watcher may have applied the new file first ('unchanged' then): either way it serves it.
    expect(['updated', 'unchanged']).toContain((registered.body['reload'] as { status: string }).status);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(16);

    const registry = JSON.parse(readFileSync(registryPath, 'utf8')) as { subgraphs: Array<{ name: string; moduleId: string }> };
    expect(registry.subgraphs).toMatchObject([{ name: 'vie-scolaire', moduleId: 'vie-scolaire' }]);
    expect(readFileSync(supergraphPath, 'utf8')).toMatch(/attendanceSummary/);

    // Not enabled anywhere yet: the vendor's own gate refuses.
    const disabled = await gql('{ attendanceRecords { id } }', teacher);
    expect(disabled.errors?.[0]?.extensions?.code).toBe('MODULE_DISABLED');
  });

  it('lets the collège enable it; then teacher, parent and vie scolaire use it through the router', async () => {
    const localAdmin = await ent.token('admin.eluard');
    const teacher = await ent.token('prof.durand');
    const me = await gql<{ me: { teachings: Array<{ class: { id: string; name: string; establishment: { id: string }; pupils: Array<{ id: string; firstName: string; lastName: string }> } | null }> } }>(
      '{ me { teachings { class { id name establishment { id } pupils { id firstName lastName } } } } }',
      teacher,
    );
    const klass = me.data?.me.teachings.map((t) => t.class).find((c) => c?.name === '5e B');
    if (!klass) throw new Error('5e B not found');
    const lucas = klass.pupils.find((p) => p.firstName === 'Lucas' && p.lastName === 'Bernard');
    if (!lucas) throw new Error('Lucas not found');

    const enabled = await gql<{ setModuleActivation: { moduleId: string; label: string; enabled: boolean } }>(
      'mutation ($e: ID!) { setModuleActivation(establishmentId: $e, moduleId: "vie-scolaire", enabled: true) { moduleId enabled } }',
      localAdmin,
      { e: klass.establishment.id },
    );
    expect(enabled.errors).toBeUndefined();
    expect(enabled.data?.setModuleActivation).toMatchObject({ moduleId: 'vie-scolaire', enabled: true });
    const recorded = await gql<{ recordAttendance: Array<{ id: string; kind: string; pupil: { displayName: string } }> }>(
      'mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { id kind pupil { id displayName } } }',
      teacher,
      { input: { classId: klass.id, date: '2026-11-30', slot: '08:00', entries: [{ pupilId: lucas.id, kind: 'ABSENCE' }] } },
    );
    expect(recorded.errors).toBeUndefined();
    // The pupil's name comes from the annuaire, through the federated User entity.
    expect(recorded.data?.recordAttendance[0]?.pupil.displayName).toMatch(/Lucas/);
    const id = recorded.data?.recordAttendance[0]?.id as string;

    const pupil = await ent.token('eleve.lucas');
    const home = await gql<{ me: { attendanceSummary: { unjustified: number } } }>('{ me { displayName attendanceSummary { unjustified } } }', pupil);
    expect(home.errors).toBeUndefined();
    expect(home.data?.me.attendanceSummary.unjustified).toBe(1);

    const parent = await ent.token('parent.bernard');
    const justified = await gql<{ justifyAttendance: { justification: { reason: string } } }>(
      'mutation ($id: ID!) { justifyAttendance(id: $id, reason: ILLNESS, comment: "Grippe") { justification { reason comment } } }',
      parent,
      { id },
    );
    expect(justified.errors).toBeUndefined();
    expect(justified.data?.justifyAttendance.justification.reason).toBe('ILLNESS');

    const otherPupil = await gql('mutation ($id: ID!) { justifyAttendance(id: $id, reason: OTHER) { id } }', pupil, { id });
    expect(otherPupil.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const vieScolaire = await ent.token('doc.moreau');
    const handled = await gql<{ markAttendanceHandled: { handledAt: string } }>('mutation ($id: ID!) { markAttendanceHandled(id: $id) { handledAt } }', vieScolaire, { id });
    expect(handled.errors).toBeUndefined();
    expect(handled.data?.markAttendanceHandled.handledAt).toBeTruthy();
  });

  it('serves the manifest with the registered module and its bundle from the router', async () => {
    const manifest = (await (await fetch(`${routerUrl}/manifest.json`)).json()) as Array<{ id: string; bundle: string; summaryFields: string }>;
    const entry = manifest.find((m) => m.id === 'vie-scolaire');
    expect(entry).toMatchObject({ bundle: '/modules/vie-scolaire/vie-scolaire.js', summaryFields: 'attendanceSummary { unjustified toFollowUp }' });
  });

  it('refuses a breaking re-registration, naming the broken field', async () => {
    const before = readFileSync(supergraphPath);
    const sdl = readFileSync(join(repositoryRoot, 'subgraphs/vie-scolaire/schema.graphql'), 'utf8');
    // A new version that drops a field clients may be reading.
    const breaking = sdl.replace('  slot: String!\n  minutesLate: Int\n', '  slot: String!\n');
    expect(breaking).not.toBe(sdl);
    const url = await fakeVendor(breaking);
    const refused = await register({ name: 'vie-scolaire', url, moduleId: 'vie-scolaire' });
    expect(refused.status, refused.body.report).toBe(422);
    expect(refused.body.problems?.some((p) => p.code === 'BREAKING_CHANGE' && p.coordinate === 'AttendanceRecord.minutesLate'), refused.body.report).toBe(true);
    expect(refused.body.report).toMatch(/AttendanceRecord\.minutesLate/);
    expect(readFileSync(supergraphPath).equals(before)).toBe(true);
  });

  it('removes it: recomposed without it, the fields are gone, the tile too', async () => {
    const removed = await fetch(`${routerUrl}${API}/vie-scolaire`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}`, 'x-ent-csrf': '1' } });
    expect(removed.status).toBe(200);
    expect(readFileSync(supergraphPath, 'utf8')).not.toMatch(/attendanceSummary/);
    const teacher = await ent.token('prof.durand');
    const gone = await gql('{ attendanceRecords { id } }', teacher);
    expect(gone.errors?.[0]?.message).toMatch(/attendanceRecords/);
    const manifest = (await (await fetch(`${routerUrl}/manifest.json`)).json()) as Array<{ id: string }>;
    expect(manifest.some((m) => m.id === 'vie-scolaire')).toBe(false);
  });
});
