import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, EntError } from './errors.js';
import type { Logger } from './logger.js';
import { format, kitMessages } from './messages.js';

/** GraphQL-level codes that Apollo Server and graphql-js produce and we pass on (with a French message). */
const GRAPHQL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);
const KNOWN_CODES = new Set<string>([...ERROR_CODES, ...GRAPHQL_CODES]);

/**
 * graphql-js and Apollo speak English; these rules give people the same information in French.
 * Order matters: the armour's limits are reported as "Syntax Error: …", so they come before the generic rule.
 */
const TRANSLATIONS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [
    /^Cannot query field "([^"]+)" on type "([^"]+)"\./,
    (m) => format(kitMessages.graphqlUnknownField, { field: m[1] ?? '', type: m[2] ?? '' }),
  ],
  [/^Unknown type "([^"]+)"\./, (m) => format(kitMessages.graphqlUnknownType, { type: m[1] ?? '' })],
  [
    /^Unknown argument "([^"]+)" on field "([^"]+)"/,
    (m) => format(kitMessages.graphqlUnknownArgument, { argument: m[1] ?? '', field: m[2] ?? '' }),
  ],
  [
    /^Variable "\$([^"]+)" of required type "[^"]+" was not provided\./,
    (m) => format(kitMessages.graphqlVariableMissing, { variable: `$${m[1] ?? ''}` }),
  ],
  [
    /^Variable "\$([^"]+)" got invalid value (.*)$/s,
    (m) => format(kitMessages.graphqlVariableInvalid, { variable: `$${m[1] ?? ''}`, detail: m[2] ?? '' }),
  ],
  [
    /^Syntax Error: Query depth limit of (\d+) exceeded, found (\d+)/,
    (m) => format(kitMessages.graphqlDepth, { max: m[1] ?? '', depth: m[2] ?? '' }),
  ],
  [
    /^Syntax Error: Query Cost limit of (\d+) exceeded, found (\d+)/,
    (m) => format(kitMessages.graphqlCost, { max: m[1] ?? '', cost: m[2] ?? '' }),
  ],
  [/^Syntax Error: Aliases limit of (\d+) exceeded/, (m) => format(kitMessages.graphqlAliases, { max: m[1] ?? '' })],
  [
    /^Syntax Error: Directives limit of (\d+) exceeded/,
    (m) => format(kitMessages.graphqlDirectives, { max: m[1] ?? '' }),
  ],
  // graphql-js's own wording ("more that"), kept loose in case it is corrected.
  [/^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/, (m) => format(kitMessages.graphqlTokens, { max: m[1] ?? '' })],
  [/^GraphQL introspection is not allowed/, () => kitMessages.graphqlIntrospection],
  [/^Syntax Error: (.*)$/s, (m) => format(kitMessages.graphqlSyntax, { detail: m[1] ?? '' })],
  [/^GraphQL operations must contain a non-empty `query`/, () => kitMessages.graphqlMissingQuery],
];

function originalOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'originalError' in error ? (error as { originalError: unknown }).originalError : undefined;
}

export function frenchGraphQLMessage(message: string): string | undefined {
  for (const [pattern, render] of TRANSLATIONS) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return undefined;
}

/**
 * Shapes every error that leaves a server: our own codes pass with their French message, GraphQL-level
 * errors are translated, anything else is an internal error whose details stay in the logs.
 */
export function createErrorFormatter(logger: Logger, { exposeInternals = false } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
    if (code && KNOWN_CODES.has(code)) {
      // Ours (BAD_USER_INPUT is both ours and graphql-js's), or already shaped by the subgraph that answered
      // the router (the gateway adds serviceName): French already, passed as is.
      const ours = error instanceof EntError || (error instanceof Error && error.cause instanceof EntError) || originalOf(error) instanceof EntError;
      if (ours || typeof formatted.extensions?.['serviceName'] === 'string') return formatted;
      if (GRAPHQL_CODES.has(code)) {
        const french = frenchGraphQLMessage(formatted.message);
        const message = french ?? format(kitMessages.graphqlInvalid, { detail: formatted.message });
        return { ...formatted, message, extensions: { ...formatted.extensions, code } };
      }
      return formatted;
    }
    logger.error({ err: error, path: formatted.path }, 'unexpected error while resolving');
    return {
      message: exposeInternals ? formatted.message : kitMessages.internal,
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
