import { GraphQLError } from 'graphql';
import { format, kitMessages } from './messages.js';

/** The error codes of the design brief; `extensions.code` always carries one of these (or a GraphQL-level one). */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'MODULE_DISABLED',
  'RATE_LIMITED',
  'CONFLICT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  MODULE_DISABLED: 403,
  RATE_LIMITED: 429,
  CONFLICT: 409,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export class EntError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
    this.name = 'EntError';
  }
}

export function isEntError(error: unknown): error is EntError {
  return error instanceof EntError;
}

export const unauthenticated = (message: string = kitMessages.unauthenticated) => new EntError('UNAUTHENTICATED', message);

export const forbidden = (message: string = kitMessages.forbidden) => new EntError('FORBIDDEN', message);

/** `what` is the French name of the thing, capitalised: « Utilisateur », « Classe ». */
export const notFound = (what: string) => new EntError('NOT_FOUND', format(kitMessages.notFound, { what }));

/** Names the offending field, as the design brief asks for BAD_USER_INPUT. */
export const badUserInput = (field: string, reason: string) =>
  new EntError('BAD_USER_INPUT', format(kitMessages.badUserInput, { field, reason }), { field });

export const moduleDisabled = (module: string) =>
  new EntError('MODULE_DISABLED', format(kitMessages.moduleDisabled, { module }), { module });

export const rateLimited = (retryAfterSeconds: number, message?: string) =>
  new EntError('RATE_LIMITED', message ?? format(kitMessages.rateLimited, { seconds: retryAfterSeconds }), {
    retryAfter: retryAfterSeconds,
  });

export const conflict = (reason: string) => new EntError('CONFLICT', format(kitMessages.conflict, { reason }));
