import { describe, expect, it, vi } from 'vitest';
import { createGraphqlClient } from '../src/api/graphql.js';
import { createSessionManager } from '../src/api/session.js';
import '../src/i18n/kitMessages.js';
import { grant, jsonResponse, noTimers } from './fakes.js';

const unauthenticated = () =>
  jsonResponse(401, { errors: [{ message: 'Jeton invalide.', extensions: { code: 'UNAUTHENTICATED' } }] });

function setup(graphqlAnswers: (() => Response)[]) {
  let refreshes = 0;
  const tokensSeen: string[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/auth/login') return jsonResponse(200, grant('t0'));
    if (url === '/auth/refresh') return jsonResponse(200, grant(`t${++refreshes}`));
    tokensSeen.push(new Headers(init?.headers).get('authorization') ?? '');
    const next = graphqlAnswers.shift();
    if (!next) throw new Error('unexpected request');
    return next();
  });
  const session = createSessionManager({ fetch, ...noTimers });
  const client = createGraphqlClient({ session, fetch });
  return { session, client, tokensSeen, refreshes: () => refreshes };
}

describe('graphql client', () => {
  it('attaches the bearer token and returns the data', async () => {
    const { session, client, tokensSeen } = setup([() => jsonResponse(200, { data: { me: { id: 'u1' } } })]);
    await session.login('a', 'b');
    await expect(client.graphql('{ me { id } }')).resolves.toEqual({ me: { id: 'u1' } });
    expect(tokensSeen).toEqual(['Bearer t0']);
  });

  it('refreshes once and retries on UNAUTHENTICATED', async () => {
    const { session, client, tokensSeen, refreshes } = setup([
      unauthenticated,
      () => jsonResponse(200, { data: { me: { id: 'u1' } } }),
    ]);
    await session.login('a', 'b');
    await expect(client.graphql('{ me { id } }')).resolves.toEqual({ me: { id: 'u1' } });
    expect(refreshes()).toBe(1);
    expect(tokensSeen).toEqual(['Bearer t0', 'Bearer t1']);
  });

  it('ends the session with the French message when the retry is refused too', async () => {
    const { session, client } = setup([unauthenticated, unauthenticated]);
    await session.login('a', 'b');
    await expect(client.graphql('{ me { id } }')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Votre session a expiré, veuillez vous reconnecter.',
    });
    expect(session.getStatus()).toBe('signed-out');
    expect(session.getEndMessage()).toBe('Votre session a expiré, veuillez vous reconnecter.');
  });

  it('throws the first GraphQL error with its code and field', async () => {
    const { session, client } = setup([
      () =>
        jsonResponse(200, {
          data: null,
          errors: [{ message: 'Le nom est trop long.', extensions: { code: 'BAD_USER_INPUT', field: 'name' } }],
        }),
    ]);
    await session.login('a', 'b');
    await expect(client.graphql('mutation { x }')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
      message: 'Le nom est trop long.',
    });
  });

  it('keeps partial data with graphqlResult', async () => {
    const errors = [{ message: 'Module désactivé.', path: ['me', 'homework'], extensions: { code: 'MODULE_DISABLED' } }];
    const { session, client } = setup([() => jsonResponse(200, { data: { me: { id: 'u1', homework: null } }, errors })]);
    await session.login('a', 'b');
    const result = await client.graphqlResult<{ me: { id: string } }>('{ me { id homework { due } } }');
    expect(result.data.me.id).toBe('u1');
    expect(result.errors[0]?.extensions?.code).toBe('MODULE_DISABLED');
  });

  it('refuses to run without a session', async () => {
    const fetch = vi.fn(async () => unauthenticated());
    const session = createSessionManager({ fetch, ...noTimers });
    await session.restore();
    const client = createGraphqlClient({ session, fetch });
    await expect(client.graphql('{ me { id } }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
