import { kitMessages, silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, routerMessages } from '../src/index.js';
import { type GraphQLBody, postGraphQL, type Stack, startStack } from './fixtures.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trustedOrigins: ['http://localhost:5173'] });
});
afterAll(async () => {
  await stack?.close();
});

const login = (headers: Record<string, string>, body = JSON.stringify({ login: 'eleve', password: 'secret' })) =>
  fetch(`${stack.url}/auth/login`, { method: 'POST', headers, body });

describe('proxy to the annuaire', () => {
  it('forwards /auth/login with the client address, protocol and request id, and returns its cookies', async () => {
    const before = stack.annuaire.calls.length;
    const response = await login({
      'content-type': 'application/json',
      cookie: 'ent_refresh=ancien',
      'x-request-id': 'login-1',
      'x-forwarded-for': '198.51.100.7',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accessToken: 'token' });
    expect(response.headers.getSetCookie()).toEqual([
      'ent_refresh=r1; Path=/auth; HttpOnly; SameSite=Strict',
      'ent_csrf=c1; Path=/; SameSite=Strict',
    ]);
    expect(response.headers.get('x-request-id')).toBe('login-1');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    expect(stack.annuaire.calls.length).toBe(before + 1);
    const call = stack.annuaire.calls.at(-1)!;
    expect(call).toMatchObject({ method: 'POST', url: '/auth/login', body: '{"login":"eleve","password":"secret"}' });
    // The client's own X-Forwarded-For is replaced: the router is the edge and saw 127.0.0.1.
    expect(call.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(call.headers['x-forwarded-proto']).toBe('http');
    expect(call.headers['x-forwarded-host']).toBe(new URL(stack.url).host);
    expect(call.headers['x-request-id']).toBe('login-1');
    expect(call.headers['cookie']).toBe('ent_refresh=ancien');
    expect(call.headers['host']).toBe(new URL(stack.annuaire.url).host);
  });

  it('keeps the query string and forwards GETs under /.well-known', async () => {
    const response = await fetch(`${stack.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keys: [] });
    const missing = await fetch(`${stack.url}/auth/unknown?x=1`);
    expect(missing.status).toBe(404);
    expect(stack.annuaire.calls.at(-1)?.url).toBe('/auth/unknown?x=1');
  });

  it('refuses a POST a form could send (no JSON, no CSRF header), without reaching the annuaire', async () => {
    const before = stack.annuaire.calls.length;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await login({ 'content-type': type }, 'login=eleve&password=secret');
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ errors: [{ message: kitMessages.csrf, extensions: { code: 'FORBIDDEN' } }] });
    }
    expect(stack.annuaire.calls.length).toBe(before);
  });

  it('accepts a non-JSON POST that carries the x-ent-csrf header', async () => {
    const response = await fetch(`${stack.url}/auth/logout`, { method: 'POST', headers: { 'x-ent-csrf': '1' } });
    expect(response.status).toBe(404); // the fake annuaire has no logout; what matters is that it was reached
    expect(stack.annuaire.calls.at(-1)).toMatchObject({ method: 'POST', url: '/auth/logout' });
  });

  it('refuses a cross-origin POST, accepts its own origin and a trusted one', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await login({ ...json, origin: 'https://evil.example' })).status).toBe(403);
    expect((await login({ ...json, 'x-ent-csrf': '1', origin: 'https://evil.example' })).status).toBe(403);
    expect((await login({ ...json, origin: stack.url })).status).toBe(200);
    expect((await login({ ...json, origin: 'http://localhost:5173' })).status).toBe(200);
  });

  it('refuses a body over the limit with 413, without reaching the annuaire', async () => {
    const before = stack.annuaire.calls.length;
    const response = await login({ 'content-type': 'application/json' }, JSON.stringify({ login: 'x'.repeat(200 * 1024) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as GraphQLBody).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(stack.annuaire.calls.length).toBe(before);
  });

  it('stops a streamed body (no Content-Length) at the limit with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' };
    const response = await fetch(`${stack.url}/auth/login`, init as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as GraphQLBody).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 502 in French when the annuaire is down', async () => {
    const router = await createRouter({
      supergraphPath: stack.supergraphPath,
      annuaireUrl: 'http://127.0.0.1:1',
      keys: stack.signer.keys,
      logger: silentLogger,
      watchSupergraph: false,
    });
    const { url } = await router.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({
        errors: [{ message: routerMessages.annuaireUnavailable, extensions: { code: 'BAD_GATEWAY' } }],
      });
    } finally {
      await router.stop();
    }
  });
});

describe('token verification against the annuaire’s JWKS', () => {
  it('fetches the key set from the annuaire by default and refuses a token it does not sign', async () => {
    const router = await createRouter({
      supergraphPath: stack.supergraphPath,
      annuaireUrl: stack.annuaire.url,
      logger: silentLogger,
      watchSupergraph: false,
    });
    const { url } = await router.listen(0, '127.0.0.1');
    try {
      const before = stack.annuaire.calls.length;
      const { status, body } = await postGraphQL(url, { query: '{ item(id: "1") { id } }' }, { authorization: `Bearer ${stack.token}` });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(stack.annuaire.calls.slice(before).map((call) => call.url)).toContain('/.well-known/jwks.json');
    } finally {
      await router.stop();
    }
  });
});
