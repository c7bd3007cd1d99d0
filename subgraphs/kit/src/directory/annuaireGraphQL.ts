/**
 * The one way a subgraph asks the annuaire what the access token does not say (a teacher's subjects, a
 * class's pupils, a parent's children's classes…): its GraphQL API, **with the caller's own bearer
 * token**, so the annuaire applies its own visibility rules and the subgraph learns nothing its caller
 * could not. No subgraph reads the annuaire's tables.
 *
 * One instance per request: each distinct question is asked at most once (`once`), and an answer is
 * never shared between two people.
 */
export interface AnnuaireGraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: { code?: string } }>;
}

export interface AnnuaireGraphQL {
  /** One GraphQL request. An HTTP failure (other than GraphQL's 400) or a timeout throws: an outage, not the caller's fault. */
  ask<T>(query: string, variables?: Record<string, unknown>): Promise<AnnuaireGraphQLAnswer<T>>;
  /** `run` at most once per key for this request; later calls share its promise. */
  once<T>(key: string, run: () => Promise<T>): Promise<T>;
}

export interface AnnuaireGraphQLOptions {
  /** The annuaire's GraphQL endpoint (…/graphql). */
  graphqlUrl: string;
  /** The caller's `Authorization` header, passed on as it is. */
  authorization: string | undefined;
  fetcher?: typeof fetch;
  /** Default 5 s: beyond, the request fails rather than hold the caller. */
  timeoutMs?: number;
}

export function createAnnuaireGraphQL(options: AnnuaireGraphQLOptions): AnnuaireGraphQL {
  const fetcher = options.fetcher ?? fetch;
  const memo = new Map<string, Promise<unknown>>();
  return {
    async ask<T>(query: string, variables: Record<string, unknown> = {}) {
      // A failure here surfaces as an internal error: the kit's formatter logs it and says so in French.
      const response = await fetcher(options.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      // 400 is GraphQL's own refusal of the request (an invalid variable): an answer with errors, not an outage.
      if (!response.ok && response.status !== 400) throw new Error(`annuaire answered HTTP ${response.status}`);
      return (await response.json()) as AnnuaireGraphQLAnswer<T>;
    },
    once<T>(key: string, run: () => Promise<T>): Promise<T> {
      let pending = memo.get(key) as Promise<T> | undefined;
      if (!pending) {
        pending = run();
        memo.set(key, pending);
      }
      return pending;
    },
  };
}

/** The annuaire refused (FORBIDDEN) the thing asked for: it exists, but not for this caller. */
export function refusedByAnnuaire(answer: AnnuaireGraphQLAnswer<unknown>): boolean {
  return answer.errors?.some((error) => error.extensions?.code === 'FORBIDDEN') ?? false;
}
