import { t } from '../i18n/i18n.js';
import {
  ApiError,
  apiErrorFromGraphQLErrors,
  apiErrorFromResponse,
  badResponseError,
  type GraphQLErrorBody,
} from './ApiError.js';
import { type FetchLike, type JsonAnswer, requestJson } from './http.js';
import { type SessionManager, session } from './session.js';

export type Variables = Readonly<Record<string, unknown>>;

export interface GraphqlOptions {
  signal?: AbortSignal;
}

/** A GraphQL answer with its errors: `data` may be partial (a field refused, a module disabled). */
export interface GraphqlResult<T> {
  data: T;
  errors: readonly GraphQLErrorBody[];
}

export interface GraphqlClient {
  /** The data, or an ApiError for the first error of the answer. */
  graphql<T>(query: string, variables?: Variables, options?: GraphqlOptions): Promise<T>;
  /** The data with its errors, for pages that show what they got; throws only when there is no data. */
  graphqlResult<T>(query: string, variables?: Variables, options?: GraphqlOptions): Promise<GraphqlResult<T>>;
}

export interface GraphqlClientOptions {
  session: SessionManager;
  fetch?: FetchLike;
  endpoint?: string;
}

function errorsOf(body: unknown): GraphQLErrorBody[] {
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  return Array.isArray(errors) ? (errors as GraphQLErrorBody[]) : [];
}

function isUnauthenticated(answer: JsonAnswer): boolean {
  return answer.status === 401 || errorsOf(answer.body).some((error) => error.extensions?.code === 'UNAUTHENTICATED');
}

function sessionExpired(): ApiError {
  return new ApiError('UNAUTHENTICATED', t('kit.errors.sessionExpired'), { status: 401 });
}

/**
 * POST /graphql with the person's bearer token. An UNAUTHENTICATED answer (token expired or revoked)
 * is retried once after a refresh; a second one ends the session with « Votre session a expiré… ».
 */
export function createGraphqlClient(options: GraphqlClientOptions): GraphqlClient {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const endpoint = options.endpoint ?? '/graphql';
  const manager = options.session;

  const send = (token: string, query: string, variables: Variables | undefined, signal: AbortSignal | undefined) =>
    requestJson(fetchImpl, endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(variables ? { query, variables } : { query }),
      ...(signal ? { signal } : {}),
    });

  async function graphqlResult<T>(query: string, variables?: Variables, opts: GraphqlOptions = {}) {
    const token = await manager.getValidAccessToken();
    if (!token) {
      if (manager.getStatus() === 'signed-in') manager.end('expired');
      throw new ApiError('UNAUTHENTICATED', t('kit.errors.notSignedIn'), { status: 401 });
    }
    let answer = await send(token, query, variables, opts.signal);
    if (isUnauthenticated(answer)) {
      const renewed = await manager.refresh();
      if (!renewed) throw sessionExpired();
      answer = await send(renewed.accessToken, query, variables, opts.signal);
      if (isUnauthenticated(answer)) {
        manager.end('expired');
        throw sessionExpired();
      }
    }
    const errors = errorsOf(answer.body);
    const data =
      typeof answer.body === 'object' && answer.body !== null ? (answer.body as { data?: unknown }).data : undefined;
    if (data === undefined || data === null) {
      if (errors.length > 0) throw apiErrorFromGraphQLErrors(errors, answer.status);
      if (!answer.ok) throw apiErrorFromResponse(answer.status, answer.body);
      throw badResponseError(answer.status);
    }
    return { data: data as T, errors } satisfies GraphqlResult<T>;
  }

  return {
    graphqlResult,
    async graphql<T>(query: string, variables?: Variables, opts?: GraphqlOptions): Promise<T> {
      const { data, errors } = await graphqlResult<T>(query, variables, opts);
      if (errors.length > 0) throw apiErrorFromGraphQLErrors(errors);
      return data;
    },
  };
}

const client = createGraphqlClient({ session });

/** Runs a query or mutation as the signed-in person; throws an ApiError (French message) on any error. */
export const graphql: GraphqlClient['graphql'] = client.graphql;
/** Same, keeping partial data and its errors (a module's summary missing must not blank the page). */
export const graphqlResult: GraphqlClient['graphqlResult'] = client.graphqlResult;
