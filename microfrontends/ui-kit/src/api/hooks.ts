import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, apiErrorFromGraphQLErrors, type GraphQLErrorBody } from './ApiError.js';
import { graphqlResult, type Variables } from './graphql.js';
import { type Session, type SessionStatus, session } from './session.js';

export interface QueryState<T> {
  data: T | undefined;
  /** The first error, French message; with `partial`, set only when there is no data at all. */
  error: ApiError | undefined;
  /** Errors that came with partial data (`partial: true`). */
  errors: readonly GraphQLErrorBody[];
  loading: boolean;
  /** Runs the query again, keeping the current data on screen meanwhile. */
  refetch(): Promise<void>;
}

export interface QueryOptions {
  /** Do not run (yet). */
  skip?: boolean;
  /** Keep partial data and report its errors in `errors` rather than failing. */
  partial?: boolean;
}

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('INTERNAL_SERVER_ERROR', String(error), { cause: error });
}

/** Runs a GraphQL query when the component mounts, and again when the query, variables or person change. */
export function useQuery<T>(query: string, variables?: Variables, options: QueryOptions = {}): QueryState<T> {
  const { skip = false, partial = false } = options;
  const userId = useSyncExternalStore(session.onSessionChange, () => session.getSession()?.user.id ?? null);
  const key = JSON.stringify(variables ?? null);
  const [state, setState] = useState<{ data?: T; error?: ApiError; errors: readonly GraphQLErrorBody[]; loading: boolean }>(
    { errors: [], loading: !skip },
  );
  const generation = useRef(0);
  const variablesRef = useRef(variables);
  variablesRef.current = variables;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the variables' content (read through a ref), `userId` re-runs the query for a new person
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    try {
      const result = await graphqlResult<T>(query, variablesRef.current);
      if (mine !== generation.current) return;
      if (!partial && result.errors.length > 0) {
        setState({ data: undefined, error: apiErrorFromGraphQLErrors(result.errors), errors: result.errors, loading: false });
        return;
      }
      setState({ data: result.data, error: undefined, errors: result.errors, loading: false });
    } catch (error) {
      if (mine !== generation.current) return;
      setState((previous) => ({ ...previous, error: toApiError(error), loading: false }));
    }
  }, [query, partial, key, userId]);

  useEffect(() => {
    if (skip) return;
    void run();
    return () => {
      generation.current++;
    };
  }, [run, skip]);

  return { data: state.data, error: state.error, errors: state.errors, loading: state.loading, refetch: run };
}

export interface MutationState {
  loading: boolean;
  error: ApiError | undefined;
}

/**
 * `const [save, { loading, error }] = useMutation<Result, Vars>(MUTATION)`: `save(vars)` resolves to the
 * data or rejects with the ApiError (also kept in `error`, e.g. to mark the field named by `error.field`).
 */
export function useMutation<T, V extends Variables = Variables>(
  mutation: string,
): [(variables: V) => Promise<T>, MutationState] {
  const [state, setState] = useState<MutationState>({ loading: false, error: undefined });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (variables: V) => {
      setState({ loading: true, error: undefined });
      try {
        const { data, errors } = await graphqlResult<T>(mutation, variables);
        if (errors.length > 0) throw apiErrorFromGraphQLErrors(errors);
        if (mounted.current) setState({ loading: false, error: undefined });
        return data;
      } catch (error) {
        const apiError = toApiError(error);
        if (mounted.current) setState({ loading: false, error: apiError });
        throw apiError;
      }
    },
    [mutation],
  );
  return [run, state];
}

export interface SessionView {
  status: SessionStatus;
  session: Session | null;
  /** Why the last session ended (French), until the next sign-in. */
  endMessage: string | null;
}

/** The session, re-rendering on sign-in, refresh and sign-out. */
export function useSession(): SessionView {
  const status = useSyncExternalStore(session.onSessionChange, session.getStatus);
  const current = useSyncExternalStore(session.onSessionChange, session.getSession);
  const endMessage = useSyncExternalStore(session.onSessionChange, session.getEndMessage);
  return { status, session: current, endMessage };
}
