import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnnuaireGraphQL, refusedByAnnuaire } from '../src/directory/annuaireGraphQL.js';

/** A stand-in annuaire endpoint on a real socket: it records what it is sent and answers like GraphQL. */
const received: Array<{ authorization: string | undefined; body: string }> = [];
let status = 200;
const server = createServer(async (request: IncomingMessage, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  received.push({ authorization: request.headers.authorization, body });
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ data: { me: { id: 'u1' } } }));
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('createAnnuaireGraphQL', () => {
  it('passes the caller’s bearer on, and asks each question once per request', async () => {
    received.length = 0;
    const client = createAnnuaireGraphQL({ graphqlUrl: url, authorization: 'Bearer abc' });
    const ask = () => client.once('me', () => client.ask<{ me: { id: string } }>('{ me { id } }'));
    const [first, second] = await Promise.all([ask(), ask()]);
    expect(first.data?.me.id).toBe('u1');
    expect(second).toBe(first);
    expect(received).toEqual([{ authorization: 'Bearer abc', body: JSON.stringify({ query: '{ me { id } }', variables: {} }) }]);
  });

  it('turns an HTTP failure into an error, and tells a refusal from an absence', async () => {
    status = 503;
    await expect(createAnnuaireGraphQL({ graphqlUrl: url, authorization: undefined }).ask('{ me { id } }')).rejects.toThrow(/HTTP 503/);
    status = 200;
    expect(refusedByAnnuaire({ errors: [{ message: 'Accès refusé', extensions: { code: 'FORBIDDEN' } }] })).toBe(true);
    expect(refusedByAnnuaire({ data: { class: null } })).toBe(false);
  });
});
