import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLASS_RESOURCES } from '../src/demo/seedDemo.js';
import { type GarTestWorld, ID_ENT, startWorld } from './harness.js';
import { type LtiTestTool, startLtiTestTool } from './ltiTestTool.js';

let world: GarTestWorld;
let tool: LtiTestTool;
beforeAll(async () => {
  world = await startWorld();
  tool = await startLtiTestTool({
    platformIssuer: `${world.url}/ressources-gar/lti`,
    platformJwks: `${world.url}/ressources-gar/lti/jwks`,
    authUrl: `${world.url}/ressources-gar/lti/auth`,
  });
});
afterAll(async () => {
  await tool?.stop();
  await world?.stop();
});

/** The hidden fields and action of a page's form. */
function formOf(html: string): { action: string; fields: Record<string, string> } {
  const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const action = decode(html.match(/<form method="post" action="([^"]+)"/)?.[1] ?? '');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[decode(match[1]!)] = decode(match[2]!);
  return { action, fields };
}

async function openLink(login: string, resourceId: string): Promise<string> {
  await world.graphql(login, '{ myResources { stale } }');
  const answer = await world.graphql<{ openResource: { url: string } }>(login, 'mutation($r: ID!) { openResource(resourceId: $r) { url } }', { r: resourceId });
  expect(answer.errors).toBeUndefined();
  return answer.data!.openResource.url;
}

describe('SAML single sign-on to GAR (the simulator as service provider)', () => {
  it('completes the round trip through urlAccesRessource with a signed assertion naming the person', async () => {
    const lucas = await world.annuaire.idOf('eleve.lucas');
    const link = await openLink('eleve.lucas', DEMO_CLASS_RESOURCES[0]!);
    const open = await fetch(link, { redirect: 'manual' });
    expect(open.status).toBe(303);
    const cookie = open.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(open.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const accessUrl = open.headers.get('location')!;
    expect(accessUrl.startsWith(`${world.simulatorUrl}/domaineGar?`)).toBe(true);
    // The link is single use.
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(400);

    const domaine = await fetch(accessUrl, { redirect: 'manual' });
    expect(domaine.status).toBe(302);
    const ssoUrl = domaine.headers.get('location')!;
    expect(ssoUrl.startsWith(`${world.url}/ressources-gar/saml/sso?SAMLRequest=`)).toBe(true);

    // Without the session cookie the IdP refuses.
    expect((await fetch(ssoUrl)).status).toBe(401);
    const sso = await fetch(ssoUrl, { headers: { cookie } });
    expect(sso.status).toBe(200);
    const page = await sso.text();
    expect(page).toContain('Continuer vers la ressource');
    const form = formOf(page);
    expect(form.action).toBe(`${world.simulatorUrl}/saml/acs`);
    const assertion = Buffer.from(form.fields['SAMLResponse']!, 'base64').toString('utf8');
    expect(assertion).toContain('<ds:Signature');
    expect(assertion).toContain(`Name="GARPersonIdentifiant"`);
    expect(assertion).toContain(`>${lucas}</saml:AttributeValue>`);
    expect(assertion).toContain(`>${ID_ENT}</saml:AttributeValue>`);

    const acs = await fetch(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
    const landed = await acs.text();
    expect(acs.status, landed).toBe(200);
    expect(landed).toContain('Annabac.com');
    expect(landed).toContain(`Connecté par le GAR : ${lucas}`);
  });

  it('makes the SP refuse a tampered assertion', async () => {
    const link = await openLink('eleve.lucas', DEMO_CLASS_RESOURCES[1]!);
    const open = await fetch(link, { redirect: 'manual' });
    const cookie = open.headers.get('set-cookie')?.split(';')[0] ?? '';
    const domaine = await fetch(open.headers.get('location')!, { redirect: 'manual' });
    const form = formOf(await (await fetch(domaine.headers.get('location')!, { headers: { cookie } })).text());
    const lucas = await world.annuaire.idOf('eleve.lucas');
    const other = await world.annuaire.idOf('eleve.lea');
    const tampered = Buffer.from(Buffer.from(form.fields['SAMLResponse']!, 'base64').toString('utf8').replaceAll(lucas, other)).toString('base64');
    const acs = await fetch(form.action, { method: 'POST', body: new URLSearchParams({ ...form.fields, SAMLResponse: tampered }) });
    expect(acs.status).toBe(403);
  });

  it('refuses to open a resource that is not in the person’s list', async () => {
    const answer = await world.graphql('eleve.lucas', 'mutation { openResource(resourceId: "ark:/68404/sx154dn78") { url } }');
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resourceId' });
  });
});

describe('LTI 1.3 launch (the ENT as platform)', () => {
  let toolId: string;
  const REGISTER = `mutation($i: LtiToolInput!) { registerLtiTool(input: $i) { id name clientId } }`;
  const input = (establishmentId: string, overrides: Record<string, string> = {}) => ({
    establishmentId,
    name: 'Outil de test',
    issuer: tool.url,
    clientId: tool.clientId,
    deploymentId: tool.deploymentId,
    loginUrl: `${tool.url}/login`,
    launchUrl: `${tool.url}/launch`,
    jwksUrl: `${tool.url}/jwks`,
    ...overrides,
  });

  it('lets the administrator register a tool, refusing bad URLs, duplicates and other profiles', async () => {
    const eluard = await world.annuaire.establishmentId('Collège Paul Éluard');
    const badUrl = await world.graphql('admin.eluard', REGISTER, { i: input(eluard, { launchUrl: 'http://tool.example/launch' }) });
    expect(badUrl.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'launchUrl' });
    const noName = await world.graphql('admin.eluard', REGISTER, { i: input(eluard, { name: '  ' }) });
    expect(noName.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await world.graphql('prof.durand', REGISTER, { i: input(eluard) })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const created = await world.graphql<{ registerLtiTool: { id: string } }>('admin.eluard', REGISTER, { i: input(eluard) });
    expect(created.errors).toBeUndefined();
    toolId = created.data!.registerLtiTool.id;
    expect((await world.graphql('admin.eluard', REGISTER, { i: input(eluard) })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    const tools = await world.graphql<{ ltiTools: { id: string }[] }>('prof.durand', 'query($e: ID!) { ltiTools(establishmentId: $e) { id } }', { e: eluard });
    expect(tools.data?.ltiTools.map((t) => t.id)).toEqual([toolId]);
  });

  async function launch(login: string, classId: string | null, tamper?: (url: URL) => void): Promise<Response> {
    const answer = await world.graphql<{ launchLtiTool: { url: string } }>(login, 'mutation($t: ID!, $c: ID) { launchLtiTool(toolId: $t, classId: $c) { url } }', {
      t: toolId,
      c: classId,
    });
    expect(answer.errors).toBeUndefined();
    const initiation = new URL(answer.data!.launchLtiTool.url);
    tamper?.(initiation);
    const login1 = await fetch(initiation, { redirect: 'manual' });
    expect(login1.status).toBe(302);
    const auth = await fetch(login1.headers.get('location')!);
    if (auth.status !== 200) return auth;
    const form = formOf(await auth.text());
    return fetch(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
  }

  it('launches prof.durand into the tool for 5e B; the tool validates the id_token', async () => {
    const classB = (await world.annuaire.database.db.selectFrom('classes').select('id').where('name', '=', '5e B').executeTakeFirstOrThrow()).id;
    const before = tool.launches.length;
    const landed = await launch('prof.durand', classB);
    expect(landed.status, await landed.clone().text()).toBe(200);
    const result = tool.launches[before]!;
    expect(result.ok).toBe(true);
    expect(result.claims?.sub).toBe(await world.annuaire.idOf('prof.durand'));
    expect(result.claims?.['https://purl.imsglobal.org/spec/lti/claim/roles']).toEqual(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']);
    expect(result.claims?.['https://purl.imsglobal.org/spec/lti/claim/context']).toMatchObject({ id: classB, label: '5e B' });
  });

  it('refuses a tampered state (lti_message_hint), a replayed login hint, and an unknown tool — nothing launched', async () => {
    const before = tool.launches.length;
    const tampered = await launch('prof.durand', null, (url) => {
      const hint = url.searchParams.get('lti_message_hint')!;
      const [h, p, s] = hint.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
      url.searchParams.set('lti_message_hint', `${h}.${Buffer.from(JSON.stringify({ ...claims, classId: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.${s}`);
    });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('état de lancement altéré');

    const answer = await world.graphql<{ launchLtiTool: { url: string } }>('prof.durand', 'mutation($t: ID!) { launchLtiTool(toolId: $t) { url } }', { t: toolId });
    const initiation = answer.data!.launchLtiTool.url;
    const first = await fetch((await fetch(initiation, { redirect: 'manual' })).headers.get('location')!);
    expect(first.status).toBe(200);
    const replay = await fetch((await fetch(initiation, { redirect: 'manual' })).headers.get('location')!);
    expect(replay.status).toBe(400);
    expect(tool.launches.length).toBe(before);

    const unknown = await world.graphql('prof.durand', 'mutation { launchLtiTool(toolId: "00000000-0000-4000-8000-000000000000") { url } }');
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toMatch(/Outil LTI/);
    // A pupil of another establishment cannot launch the collège's tool.
    const lea = await world.graphql('eleve.lea', 'mutation($t: ID!) { launchLtiTool(toolId: $t) { url } }', { t: toolId });
    expect(lea.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
