import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFromGraphQLErrors, apiErrorFromResponse, networkError } from '../src/api/ApiError.js';
import '../src/i18n/kitMessages.js';

describe('error mapping', () => {
  it('keeps the API’s French message, code and field', () => {
    const error = apiErrorFromResponse(400, {
      errors: [{ message: 'L’identifiant est obligatoire.', extensions: { code: 'BAD_USER_INPUT', field: 'login' } }],
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'login', status: 400, message: 'L’identifiant est obligatoire.' });
  });

  it('derives a code and a French message from the status when the body says nothing', () => {
    expect(apiErrorFromResponse(429, undefined)).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/tentatives/) });
    expect(apiErrorFromResponse(502, '<html>')).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: expect.stringMatching(/erreur/i) });
    expect(apiErrorFromResponse(401, {})).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/session/) });
  });

  it('uses the first of several GraphQL errors and keeps them all', () => {
    const error = apiErrorFromGraphQLErrors([
      { message: 'Ce module n’est pas ouvert.', extensions: { code: 'MODULE_DISABLED' } },
      { message: 'Autre.', extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(error.code).toBe('MODULE_DISABLED');
    expect(error.errors).toHaveLength(2);
  });

  it('replaces an empty message with a French one', () => {
    expect(apiErrorFromGraphQLErrors([{ message: ' ', extensions: { code: 'FORBIDDEN' } }]).message).toMatch(/accès/);
  });

  it('names a network failure', () => {
    expect(networkError(new TypeError('Failed to fetch'))).toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringMatching(/serveur/) });
  });
});
