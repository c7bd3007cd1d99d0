/**
 * What this subgraph asks the annuaire, with the caller's own bearer token (the annuaire applies its own
 * visibility rules): a class's establishment and pupils. One client per request, each question once.
 */
export interface ClassInfo {
  id: string;
  establishmentId: string;
  pupilIds: string[];
}

export interface AnnuaireClient {
  /** null when unknown or not visible to the caller. */
  classById(id: string): Promise<ClassInfo | null>;
}

export function createAnnuaireClient(options: { graphqlUrl: string; authorization: string | undefined; fetcher?: typeof fetch }): AnnuaireClient {
  const fetcher = options.fetcher ?? fetch;
  const memo = new Map<string, Promise<ClassInfo | null>>();
  return {
    classById(id) {
      let pending = memo.get(id);
      if (!pending) {
        pending = (async () => {
          const response = await fetcher(options.graphqlUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
            body: JSON.stringify({ query: 'query ($id: ID!) { class(id: $id) { id establishment { id } pupils { id } } }', variables: { id } }),
            signal: AbortSignal.timeout(5_000),
          });
          // An outage, not the caller's fault: logged, answered with the generic French message.
          if (!response.ok) throw new Error(`annuaire answered HTTP ${response.status}`);
          const answer = (await response.json()) as {
            data?: { class: { id: string; establishment: { id: string }; pupils: Array<{ id: string }> | null } | null } | null;
          };
          const node = answer.data?.class;
          if (!node) return null;
          return { id: node.id, establishmentId: node.establishment.id, pupilIds: (node.pupils ?? []).map((p) => p.id) };
        })();
        memo.set(id, pending);
      }
      return pending;
    },
  };
}
