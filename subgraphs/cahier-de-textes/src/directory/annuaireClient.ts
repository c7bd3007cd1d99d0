/**
 * The internal interface to the annuaire. The cahier de textes never reads the annuaire's tables: what
 * the access token does not say (a teacher's subjects per class, a class's establishment, a child's
 * classes) is asked of the annuaire's GraphQL API **with the caller's own bearer token**, so the
 * annuaire applies its own visibility rules and this subgraph learns nothing its caller could not.
 * One client per request; each question is asked at most once per request.
 */
export interface Placement {
  id: string;
  establishmentId: string;
}

export interface Teaching {
  subject: string;
  classId: string | null;
  groupId: string | null;
  establishmentId: string;
}

export interface Child {
  id: string;
  classes: Placement[];
  groups: Placement[];
}

export interface AnnuaireClient {
  myTeachings(): Promise<Teaching[]>;
  myChildren(): Promise<Child[]>;
  /** The class as the caller may see it; 'hidden' when it exists but the annuaire refuses it to them; null when unknown. */
  classById(id: string): Promise<Placement | 'hidden' | null>;
  groupById(id: string): Promise<Placement | 'hidden' | null>;
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

type PlacementNode = { id: string; establishment: { id: string } } | null;
const placement = (node: PlacementNode): Placement | null => (node ? { id: node.id, establishmentId: node.establishment.id } : null);

/** The annuaire answers null for an unknown id and FORBIDDEN for one the caller may not see. */
const lookedUp = (answer: GraphQLAnswer<Record<string, PlacementNode>>, field: string): Placement | 'hidden' | null => {
  if (answer.errors?.some((error) => error.extensions?.code === 'FORBIDDEN')) return 'hidden';
  return placement(answer.data?.[field] ?? null);
};

export function createAnnuaireClient(options: { graphqlUrl: string; authorization: string | undefined; fetcher?: typeof fetch }): AnnuaireClient {
  const fetcher = options.fetcher ?? fetch;
  const memo = new Map<string, Promise<unknown>>();

  const ask = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> => {
    // A failure here is an outage, not the caller's fault: the kit's formatter logs it and answers a
    // generic French message (INTERNAL_SERVER_ERROR).
    const response = await fetcher(options.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.authorization ? { authorization: options.authorization } : {}),
        },
        body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`annuaire answered HTTP ${response.status}`);
    return (await response.json()) as GraphQLAnswer<T>;
  };
  const once = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    let pending = memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = run();
      memo.set(key, pending);
    }
    return pending;
  };

  return {
    myTeachings: () =>
      once('teachings', async () => {
        const answer = await ask<{
          me: { teachings: Array<{ subject: string; class: PlacementNode; group: PlacementNode }> | null };
        }>('{ me { teachings { subject class { id establishment { id } } group { id establishment { id } } } } }');
        return (answer.data?.me.teachings ?? []).flatMap((teaching): Teaching[] => {
          const target = placement(teaching.class) ?? placement(teaching.group);
          if (!target) return [];
          return [
            {
              subject: teaching.subject,
              classId: teaching.class?.id ?? null,
              groupId: teaching.group?.id ?? null,
              establishmentId: target.establishmentId,
            },
          ];
        });
      }),
    myChildren: () =>
      once('children', async () => {
        const answer = await ask<{
          me: { children: Array<{ id: string; classes: PlacementNode[] | null; groups: PlacementNode[] | null }> | null };
        }>('{ me { children { id classes { id establishment { id } } groups { id establishment { id } } } } }');
        return (answer.data?.me.children ?? []).map((child) => ({
          id: child.id,
          classes: (child.classes ?? []).flatMap((node) => placement(node) ?? []),
          groups: (child.groups ?? []).flatMap((node) => placement(node) ?? []),
        }));
      }),
    classById: (id) =>
      once(`class:${id}`, async () => {
        const answer = await ask<Record<string, PlacementNode>>('query ($id: ID!) { class(id: $id) { id establishment { id } } }', { id });
        return lookedUp(answer, 'class');
      }),
    groupById: (id) =>
      once(`group:${id}`, async () => {
        const answer = await ask<Record<string, PlacementNode>>('query ($id: ID!) { group(id: $id) { id establishment { id } } }', { id });
        return lookedUp(answer, 'group');
      }),
  };
}
