/**
 * What this subgraph asks the annuaire's GraphQL API **with the caller's own bearer token** (so the
 * annuaire applies its own visibility rules): an establishment's UAI and kind, a class's
 * establishment, a person's profiles. One client per request, each question asked once.
 */
export interface EstablishmentInfo {
  id: string;
  uai: string;
  name: string;
  type: string;
}

export interface PersonInfo {
  id: string;
  displayName: string;
  profiles: { profile: string; establishmentId: string | null; functionLabel: string | null }[] | null;
}

export interface ClassInfo {
  id: string;
  name: string;
  level: string;
  establishmentId: string;
}

export interface AnnuaireClient {
  establishment(id: string): Promise<EstablishmentInfo | null>;
  person(id: string): Promise<PersonInfo | null>;
  /** 'hidden' when the class exists but the annuaire refuses it to the caller. */
  classById(id: string): Promise<ClassInfo | 'hidden' | null>;
}

interface Answer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export function createAnnuaireClient(options: { graphqlUrl: string; authorization: string | undefined; fetcher?: typeof fetch }): AnnuaireClient {
  const fetcher = options.fetcher ?? fetch;
  const memo = new Map<string, Promise<unknown>>();
  const ask = <T>(query: string, variables: Record<string, unknown>): Promise<Answer<T>> => {
    const key = JSON.stringify([query, variables]);
    let pending = memo.get(key) as Promise<Answer<T>> | undefined;
    if (!pending) {
      pending = (async () => {
        const response = await fetcher(options.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        if (!response.ok && response.status !== 400) throw new Error(`annuaire answered HTTP ${response.status}`);
        return (await response.json()) as Answer<T>;
      })();
      memo.set(key, pending);
    }
    return pending;
  };
  return {
    async establishment(id) {
      const answer = await ask<{ establishment: EstablishmentInfo | null }>('query($id: ID!) { establishment(id: $id) { id uai name type } }', { id });
      return answer.data?.establishment ?? null;
    },
    async person(id) {
      const answer = await ask<{
        user: { id: string; displayName: string; profiles: { profile: string; establishment: { id: string } | null; functionLabel: string | null }[] | null } | null;
      }>('query($id: ID!) { user(id: $id) { id displayName profiles { profile establishment { id } functionLabel } } }', { id });
      const user = answer.data?.user;
      if (!user) return null;
      return {
        id: user.id,
        displayName: user.displayName,
        profiles: user.profiles?.map((grant) => ({ profile: grant.profile, establishmentId: grant.establishment?.id ?? null, functionLabel: grant.functionLabel })) ?? null,
      };
    },
    async classById(id) {
      const answer = await ask<{ class: { id: string; name: string; level: string; establishment: { id: string } } | null }>(
        'query($id: ID!) { class(id: $id) { id name level establishment { id } } }',
        { id },
      );
      if (answer.errors?.some((error) => error.extensions?.code === 'FORBIDDEN')) return 'hidden';
      const found = answer.data?.class;
      return found ? { id: found.id, name: found.name, level: found.level, establishmentId: found.establishment.id } : null;
    },
  };
}
