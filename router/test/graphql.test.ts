import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitMessages, silentLogger } from '@ent/kit';
import { createTestSigner, testViewer } from '@ent/kit/testing';
import { writeSupergraph } from '@ent/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, DEFAULT_QUERY_LIMITS, type EntRouter } from '../src/index.js';
import { composeFor, postGraphQL, type Stack, startStack } from './fixtures.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const bearer = () => ({ authorization: `Bearer ${stack.token}` });

describe('authentication and forwarding', () => {
  it('answers an authenticated query; the subgraph sees the token, the request id and the client address', async () => {
    const { status, headers, body } = await postGraphQL(
      stack.url,
      { query: '{ whoami { userId requestId clientIp } }' },
      { ...bearer(), 'x-request-id': 'test-req-42', 'x-forwarded-for': '203.0.113.9' },
    );
    expect(status).toBe(200);
    // The client's own X-Forwarded-For is not trusted: the subgraph learns the address the router saw.
    expect(body).toEqual({ data: { whoami: { userId: 'eleve-1', requestId: 'test-req-42', clientIp: '127.0.0.1' } } });
    expect(headers.get('x-request-id')).toBe('test-req-42');
    const call = stack.alpha.calls.at(-1);
    expect(call?.headers['authorization']).toBe(`Bearer ${stack.token}`);
    expect(call?.headers['x-request-id']).toBe('test-req-42');
    expect(call?.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('makes up a request id when the client sends none, and forwards that one', async () => {
    const { headers } = await postGraphQL(stack.url, { query: '{ item(id: "1") { name } }' });
    const id = headers.get('x-request-id');
    expect(id).toMatch(/^[\w-]{8,}$/);
    expect(stack.alpha.calls.at(-1)?.headers['x-request-id']).toBe(id);
  });

  it('keeps the connection to a subgraph alive across requests', async () => {
    const before = stack.alpha.calls.length;
    for (let i = 0; i < 5; i++) await postGraphQL(stack.url, { query: '{ item(id: "2") { name } }' });
    const ports = new Set(stack.alpha.calls.slice(before).map((call) => call.remotePort));
    expect(stack.alpha.calls.length - before).toBe(5);
    expect(ports.size).toBe(1);
  });

  it('without a token, passes the query on and the subgraph refuses the viewer-only field', async () => {
    const before = stack.alpha.calls.length;
    const { status, body } = await postGraphQL(stack.url, { query: '{ whoami { userId } }' });
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({ message: kitMessages.unauthenticated, extensions: { code: 'UNAUTHENTICATED' } });
    expect(stack.alpha.calls.length).toBe(before + 1);
    expect(stack.alpha.calls.at(-1)?.headers['authorization']).toBeUndefined();
  });

  it('refuses a token signed by another key with 401, without calling any subgraph', async () => {
    const stranger = await createTestSigner('stranger');
    const forged = await stranger.sign(testViewer({ userId: 'intrus' }));
    const before = stack.alpha.calls.length;
    const { status, headers, body } = await postGraphQL(
      stack.url,
      { query: '{ whoami { userId } }' },
      { authorization: `Bearer ${forged}` },
    );
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toContain('invalid_token');
    expect(body).toEqual({ errors: [{ message: kitMessages.invalidToken, extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(stack.alpha.calls.length).toBe(before);
  });

  it('refuses an expired token with the kit’s message', async () => {
    const expired = await stack.signer.sign(testViewer(), { expiresIn: Math.floor(Date.now() / 1000) - 600 });
    const { status, body } = await postGraphQL(stack.url, { query: '{ item(id: "1") { id } }' }, { authorization: `Bearer ${expired}` });
    expect(status).toBe(401);
    expect(body.errors?.[0]).toMatchObject({ message: kitMessages.expiredToken, extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const { status, body } = await postGraphQL(stack.url, { query: '{ item(id: "1") { id } }' }, { authorization: 'Basic YTpi' });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a list field', async () => {
    const { body } = await postGraphQL(stack.url, { query: '{ items(first: 2) { id name } }' });
    expect(body.data).toEqual({ items: [{ id: '1', name: 'Cahier 1' }, { id: '2', name: 'Cahier 2' }] });
  });
});

describe('request bodies', () => {
  it('answers malformed JSON with 400 and a French message', async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: kitMessages.malformedJson, extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers a body over the limit with 413', async () => {
    const { status, body } = await postGraphQL(stack.url, {
      query: 'query ($id: ID!) { item(id: $id) { id } }',
      variables: { id: 'x'.repeat(150 * 1024) },
    });
    expect(status).toBe(413);
    expect(body.errors?.[0]).toMatchObject({ message: 'La requête est trop volumineuse (limite : 100kb).', extensions: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('refuses batched operations', async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ item(id: "1") { id } }' }, { query: '{ item(id: "2") { id } }' }]),
    });
    expect(response.status).toBe(400);
  });
});

describe('query limits and GraphQL errors, in French', () => {
  const expectError = async (query: string, code: string, message: string | RegExp) => {
    const before = stack.alpha.calls.length;
    const { status, body } = await postGraphQL(stack.url, { query });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    if (typeof message === 'string') expect(body.errors?.[0]?.message).toBe(message);
    else expect(body.errors?.[0]?.message).toMatch(message);
    expect(stack.alpha.calls.length).toBe(before);
  };

  it('refuses a query deeper than the limit', async () => {
    const depth = DEFAULT_QUERY_LIMITS.depth + 1; // tree + child… + name
    const query = `{ tree { ${'child { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;
    await expectError(query, 'GRAPHQL_VALIDATION_FAILED', `La requête est trop profonde (profondeur ${depth}, maximum 12).`);
  });

  it('accepts a query at the depth limit', async () => {
    const depth = DEFAULT_QUERY_LIMITS.depth;
    const query = `{ tree { ${'child { '.repeat(depth - 2)}name${' }'.repeat(depth - 2)} } }`;
    const { status, body } = await postGraphQL(stack.url, { query });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses a query costlier than the limit', async () => {
    await expectError(
      '{ items(first: 5000) { id name } }',
      'GRAPHQL_VALIDATION_FAILED',
      /^La requête est trop coûteuse \(coût \d+, maximum 5000\)\.$/,
    );
  });

  it('refuses too many aliases', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: tree { name }`).join(' ')} }`;
    await expectError(query, 'GRAPHQL_VALIDATION_FAILED', 'La requête utilise trop d’alias (maximum 15).');
  });

  it('refuses an unknown field, without suggesting names', async () => {
    await expectError('{ tre { name } }', 'GRAPHQL_VALIDATION_FAILED', 'Le champ « tre » n’existe pas sur le type « Query ».');
  });

  it('refuses a document with too many tokens while parsing, as a syntax error', async () => {
    const query = `{ ${Array.from({ length: 700 }, () => 'tree { name }').join(' ')} }`;
    await expectError(query, 'GRAPHQL_PARSE_FAILED', /^La requête est trop longue \(plus de 2000 éléments\)\.$/);
  });

  it('reports a syntax error with 400', async () => {
    await expectError('{ tree { name ', 'GRAPHQL_PARSE_FAILED', /^Requête GraphQL mal formée : Expected Name/);
  });

  it('allows introspection outside production', async () => {
    const { status, body } = await postGraphQL(stack.url, { query: '{ __schema { queryType { name } } }' });
    expect(status).toBe(200);
    expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('in production', () => {
  let production: EntRouter;
  let url: string;
  beforeAll(async () => {
    production = await createRouter({
      supergraphPath: stack.supergraphPath,
      annuaireUrl: stack.annuaire.url,
      keys: stack.signer.keys,
      production: true,
      watchSupergraph: false,
      logger: silentLogger,
    });
    ({ url } = await production.listen(0, '127.0.0.1'));
  });
  afterAll(async () => {
    await production?.stop();
  });

  it('refuses introspection', async () => {
    const { status, body } = await postGraphQL(url, { query: '{ __schema { queryType { name } } }' });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toBe('L’introspection du schéma est désactivée sur ce serveur.');
    expect(body.data).toBeUndefined();
  });

  it('still answers queries', async () => {
    const { body } = await postGraphQL(url, { query: '{ item(id: "3") { name } }' });
    expect(body).toEqual({ data: { item: { name: 'Cahier 3' } } });
  });
});

describe('routing URLs', () => {
  it('sends a subgraph’s calls to the URL configured for it rather than the supergraph’s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ent-router-urls-'));
    const supergraphPath = join(dir, 'supergraph.graphql');
    // The supergraph routes alpha to a closed port; the override points at the running one.
    await writeSupergraph(composeFor([{ ...stack.alpha, url: 'http://127.0.0.1:1/graphql' }]), supergraphPath);
    const router = await createRouter({
      supergraphPath,
      annuaireUrl: stack.annuaire.url,
      keys: stack.signer.keys,
      logger: silentLogger,
      watchSupergraph: false,
      subgraphUrls: { alpha: stack.alpha.url },
    });
    try {
      const { url } = await router.listen(0, '127.0.0.1');
      const { body } = await postGraphQL(url, { query: '{ item(id: "5") { name } }' });
      expect(body).toEqual({ data: { item: { name: 'Cahier 5' } } });
    } finally {
      await router.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('CSRF protection on /graphql', () => {
  it('refuses a POST whose content type a form could send', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ query: '{ item(id: "1") { id } }' }),
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ errors: [{ message: kitMessages.csrf, extensions: { code: 'FORBIDDEN' } }] });
    }
  });

  it('refuses a GET without a CSRF header, and answers one with it', async () => {
    const query = encodeURIComponent('{ item(id: "1") { id } }');
    const refused = await fetch(`${stack.url}/graphql?query=${query}`);
    expect(refused.status).toBe(403);
    const accepted = await fetch(`${stack.url}/graphql?query=${query}`, { headers: { 'x-ent-csrf': '1' } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ data: { item: { id: '1' } } });
  });

  it('refuses a GET mutation-free query from another origin even with the header', async () => {
    const query = encodeURIComponent('{ item(id: "1") { id } }');
    const response = await fetch(`${stack.url}/graphql?query=${query}`, {
      headers: { 'x-ent-csrf': '1', origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
  });

  it('refuses a JSON POST from another origin, accepts one from its own', async () => {
    const query = { query: '{ item(id: "1") { id } }' };
    expect((await postGraphQL(stack.url, query, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await postGraphQL(stack.url, query, { origin: 'null' })).status).toBe(403);
    expect((await postGraphQL(stack.url, query, { origin: stack.url })).status).toBe(200);
  });
});

describe('HTTP surface', () => {
  it('sets the security headers and a locked-down policy on API answers', async () => {
    const { headers } = await postGraphQL(stack.url, { query: '{ item(id: "1") { id } }' });
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('same-origin');
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(headers.get('x-powered-by')).toBeNull();
  });

  it('reports health and readiness', async () => {
    const health = await fetch(`${stack.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', service: 'router' });
    const ready = await fetch(`${stack.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'router' });
  });

  it('answers unknown API paths with a French 404', async () => {
    const response = await fetch(`${stack.url}/nulle-part/fichier.json`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ message: 'Ressource introuvable.', extensions: { code: 'NOT_FOUND' } }] });
  });
});
