import { t } from '../i18n/i18n.js';

/**
 * Codes of docs/architecture.md « Errors », plus the client's own: NETWORK_ERROR (no answer),
 * BAD_RESPONSE (an answer that is not the API's JSON).
 */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'MODULE_DISABLED'
  | 'RATE_LIMITED'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'NETWORK_ERROR'
  | 'BAD_RESPONSE'
  | (string & {});

/** One GraphQL error as the API sends it. */
export interface GraphQLErrorBody {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** An API failure; `message` is French and fit to show, `code` is for the program. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  /** The input field at fault (BAD_USER_INPUT). */
  readonly field: string | undefined;
  /** HTTP status, when the failure came with one. */
  readonly status: number | undefined;
  /** Every error of the answer (a GraphQL answer may carry several). */
  readonly errors: readonly GraphQLErrorBody[];

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { field?: string; status?: number; errors?: readonly GraphQLErrorBody[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.status = options.status;
    this.errors = options.errors ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** What to say when the server gave no usable French message. */
function fallbackMessage(code: string): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return t('kit.errors.sessionExpired');
    case 'FORBIDDEN':
      return t('kit.errors.forbidden');
    case 'NOT_FOUND':
      return t('kit.errors.notFound');
    case 'MODULE_DISABLED':
      return t('kit.errors.moduleDisabled');
    case 'RATE_LIMITED':
      return t('kit.errors.rateLimited');
    case 'NETWORK_ERROR':
      return t('kit.errors.network');
    case 'BAD_RESPONSE':
      return t('kit.errors.badResponse');
    default:
      return t('kit.errors.generic');
  }
}

function codeOfStatus(status: number): ApiErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400) return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}

function errorsOf(body: unknown): GraphQLErrorBody[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (error): error is GraphQLErrorBody =>
      typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string',
  );
}

/** The error of a GraphQL `errors` list (the first one decides the code; all are kept). */
export function apiErrorFromGraphQLErrors(errors: readonly GraphQLErrorBody[], status?: number): ApiError {
  const first = errors[0];
  const code = first?.extensions?.code ?? (status ? codeOfStatus(status) : 'INTERNAL_SERVER_ERROR');
  const field = typeof first?.extensions?.field === 'string' ? first.extensions.field : undefined;
  // The API's messages are French already; a code we know better than an empty message.
  const message = first?.message?.trim() ? first.message : fallbackMessage(code);
  return new ApiError(code, message, {
    ...(field === undefined ? {} : { field }),
    ...(status === undefined ? {} : { status }),
    errors,
  });
}

/**
 * The error an HTTP answer stands for: the API's `{ errors: [{ message, extensions: { code, field } }] }`
 * when it sent one, else a French message chosen from the status.
 */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  const errors = errorsOf(body);
  if (errors.length > 0) return apiErrorFromGraphQLErrors(errors, status);
  const code = codeOfStatus(status);
  return new ApiError(code, fallbackMessage(code), { status });
}

/** A failure before any answer (offline, DNS, connection reset). */
export function networkError(cause: unknown): ApiError {
  return new ApiError('NETWORK_ERROR', fallbackMessage('NETWORK_ERROR'), { cause });
}

export function badResponseError(status: number, cause?: unknown): ApiError {
  return new ApiError('BAD_RESPONSE', fallbackMessage('BAD_RESPONSE'), { status, cause });
}
