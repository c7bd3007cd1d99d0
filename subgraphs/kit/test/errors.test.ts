import { describe, expect, it } from 'vitest';
import { badUserInput, notFound } from '../src/errors.js';
import { createErrorFormatter, frenchGraphQLMessage } from '../src/formatError.js';
import { createBatchLoader } from '../src/loaders.js';
import { silentLogger } from '../src/logger.js';
import { format } from '../src/messages.js';

describe('errors', () => {
  it('name the offending field and speak French', () => {
    const error = badUserInput('input.login', 'déjà utilisé');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.login' });
    expect(error.message).toBe('Valeur invalide pour « input.login » : déjà utilisé');
    expect(notFound('Classe').message).toBe('Classe introuvable.');
  });

  it('translate graphql-js messages', () => {
    expect(frenchGraphQLMessage('Cannot query field "shoeSize" on type "User".')).toBe(
      'Le champ « shoeSize » n’existe pas sur le type « User ».',
    );
    expect(frenchGraphQLMessage('Variable "$id" got invalid value {}; ID cannot represent value: {}')).toMatch(
      /^La variable « \$id » a une valeur invalide/,
    );
    expect(frenchGraphQLMessage('Unknown type "DuplicateWeekInput". Did you mean "DuplicatePerson"?')).toBe('Le type « DuplicateWeekInput » n’existe pas.');
    expect(frenchGraphQLMessage('Syntax Error: Expected Name, found <EOF>.')).toMatch(/^Requête GraphQL mal formée/);
    expect(frenchGraphQLMessage('Syntax Error: Query depth limit of 12 exceeded, found 13.')).toBe(
      'La requête est trop profonde (profondeur 13, maximum 12).',
    );
    expect(frenchGraphQLMessage('Syntax Error: Query Cost limit of 5000 exceeded, found 25000.')).toBe(
      'La requête est trop coûteuse (coût 25000, maximum 5000).',
    );
    expect(frenchGraphQLMessage('Syntax Error: Directives limit of 50 exceeded, found 51.')).toMatch(/directives/);
    expect(frenchGraphQLMessage('Syntax Error: Document contains more that 2000 tokens. Parsing aborted.')).toMatch(/trop longue/);
    expect(frenchGraphQLMessage('GraphQL introspection is not allowed by Apollo Server, but the query contained __schema')).toMatch(
      /introspection/,
    );
  });

  it('mask unexpected errors and keep ours', () => {
    const formatError = createErrorFormatter(silentLogger);
    expect(formatError({ message: 'relation "x" does not exist' }, new Error('boom'))).toEqual({
      message: 'Une erreur interne est survenue. Réessayez plus tard.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const ours = { message: 'Classe introuvable.', extensions: { code: 'NOT_FOUND' } };
    expect(formatError(ours, undefined)).toBe(ours);
  });

  it('pass our BAD_USER_INPUT and a subgraph’s already shaped errors as they are, once', () => {
    const formatError = createErrorFormatter(silentLogger);
    // Apollo Server hands the formatter the GraphQLError it located, whose originalError is ours.
    const ours = badUserInput('lessonId', 'cette séance n’existe pas');
    const located = Object.assign(new Error(ours.message), { originalError: ours });
    const formatted = { message: ours.message, extensions: { ...ours.extensions } };
    expect(formatError(formatted, located).message).toBe('Valeur invalide pour « lessonId » : cette séance n’existe pas');
    expect(formatError(formatted, ours).message).toBe('Valeur invalide pour « lessonId » : cette séance n’existe pas');
    // The router: the subgraph already translated it (the gateway adds serviceName).
    const relayed = { message: 'Valeur invalide pour « x » : non', extensions: { code: 'BAD_USER_INPUT', serviceName: 'cahier-de-textes' } };
    expect(formatError(relayed, new Error(relayed.message))).toBe(relayed);
    // graphql-js's own BAD_USER_INPUT (a variable's value) is still translated.
    const english = { message: 'Variable "$id" got invalid value 3; ID cannot represent value', extensions: { code: 'BAD_USER_INPUT' } };
    expect(formatError(english, new Error(english.message)).message).toMatch(/^La variable « \$id »/);
  });

  it('format placeholders and leave unknown ones visible', () => {
    expect(format('{a} et {b}', { a: 1 })).toBe('1 et {b}');
  });
});

describe('createBatchLoader', () => {
  it('answers many references with one batch, in order, with null for missing ids', async () => {
    const calls: string[][] = [];
    const loader = createBatchLoader(
      async (ids: readonly string[]) => {
        calls.push([...ids]);
        return ids.filter((id) => id !== 'missing').map((id) => ({ id, name: id.toUpperCase() }));
      },
      (row) => row.id,
    );
    const results = await Promise.all(['b', 'a', 'missing', 'b'].map((id) => loader.load(id)));
    expect(calls).toEqual([['b', 'a', 'missing']]);
    expect(results).toEqual([{ id: 'b', name: 'B' }, { id: 'a', name: 'A' }, null, { id: 'b', name: 'B' }]);
  });
});
