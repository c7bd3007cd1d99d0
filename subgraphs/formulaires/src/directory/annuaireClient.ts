import { type AnnuaireGraphQLAnswer, type AnnuaireGraphQLOptions, createAnnuaireGraphQL } from '@ent/kit';

/**
 * The internal interface to the annuaire. The formulaires subgraph never reads the annuaire's tables:
 * what the access token does not say (a child's name and classes, the pupils of a class, their legal
 * guardians) is asked of the annuaire's GraphQL API **with the caller's own bearer token**, so the
 * annuaire applies its own visibility rules and this subgraph learns nothing its caller could not.
 * One client per request (the kit's createAnnuaireGraphQL): each question at most once per request.
 */
export interface Placement {
  id: string;
  name: string;
  establishmentId: string;
}

export interface Child {
  id: string;
  displayName: string;
  classes: Placement[];
  groups: Placement[];
}

export interface Pupil {
  id: string;
  displayName: string;
  className: string | null;
  /** Legal guardians' ids; empty when the annuaire does not show them to the caller. */
  guardianIds: string[];
}

export interface AnnuaireClient {
  myChildren(): Promise<Child[]>;
  /** The class as the caller may see it; 'hidden' when it exists but the annuaire refuses it to them; null when unknown. */
  classById(id: string): Promise<Placement | 'hidden' | null>;
  groupById(id: string): Promise<Placement | 'hidden' | null>;
  /** Pupils of a class, with their guardians; null when the caller may not list them. */
  classPupils(id: string): Promise<Pupil[] | null>;
  /** Pupils among a group's members; null when the caller may not list them. */
  groupPupils(id: string): Promise<Pupil[] | null>;
  /** Ids of every class of an establishment the caller sees. */
  establishmentClassIds(id: string): Promise<string[]>;
}

type PlacementNode = { id: string; name: string; establishment: { id: string } } | null;
type PupilNode = {
  id: string;
  displayName: string;
  classes: Array<{ name: string }> | null;
  parents: Array<{ legalGuardian: boolean; parent: { id: string } | null }> | null;
};

const placement = (node: PlacementNode): Placement | null =>
  node ? { id: node.id, name: node.name, establishmentId: node.establishment.id } : null;

/** The annuaire answers null for an unknown id and FORBIDDEN for one the caller may not see. */
const lookedUp = (answer: AnnuaireGraphQLAnswer<Record<string, PlacementNode>>, field: string): Placement | 'hidden' | null => {
  if (answer.errors?.some((error) => error.extensions?.code === 'FORBIDDEN' && error.path?.length === 1)) return 'hidden';
  return placement(answer.data?.[field] ?? null);
};

const PUPIL_FIELDS = 'id displayName classes { name } parents { legalGuardian parent { id } }';

const pupilOf = (node: PupilNode, className: string | null): Pupil => ({
  id: node.id,
  displayName: node.displayName,
  className: className ?? node.classes?.[0]?.name ?? null,
  guardianIds: (node.parents ?? []).flatMap((link) => (link.legalGuardian && link.parent ? [link.parent.id] : [])),
});

export function createAnnuaireClient(options: AnnuaireGraphQLOptions): AnnuaireClient {
  // A class's pupils with their guardians take longer than one person's placements.
  const { ask, once } = createAnnuaireGraphQL({ timeoutMs: 10_000, ...options });

  return {
    myChildren: () =>
      once('children', async () => {
        const answer = await ask<{
          me: { children: Array<{ id: string; displayName: string; classes: PlacementNode[] | null; groups: PlacementNode[] | null }> | null };
        }>('{ me { children { id displayName classes { id name establishment { id } } groups { id name establishment { id } } } } }');
        return (answer.data?.me.children ?? []).map((child) => ({
          id: child.id,
          displayName: child.displayName,
          classes: (child.classes ?? []).flatMap((node) => placement(node) ?? []),
          groups: (child.groups ?? []).flatMap((node) => placement(node) ?? []),
        }));
      }),
    classById: (id) =>
      once(`class:${id}`, async () => {
        const answer = await ask<Record<string, PlacementNode>>('query ($id: ID!) { class(id: $id) { id name establishment { id } } }', { id });
        return lookedUp(answer, 'class');
      }),
    groupById: (id) =>
      once(`group:${id}`, async () => {
        const answer = await ask<Record<string, PlacementNode>>('query ($id: ID!) { group(id: $id) { id name establishment { id } } }', { id });
        return lookedUp(answer, 'group');
      }),
    classPupils: (id) =>
      once(`pupils:${id}`, async () => {
        const answer = await ask<{ class: { name: string; pupils: PupilNode[] | null } | null }>(
          `query ($id: ID!) { class(id: $id) { name pupils { ${PUPIL_FIELDS} } } }`,
          { id },
        );
        const found = answer.data?.class;
        if (!found?.pupils) return null;
        return found.pupils.map((node) => pupilOf(node, found.name));
      }),
    groupPupils: (id) =>
      once(`members:${id}`, async () => {
        const answer = await ask<{ group: { members: PupilNode[] | null } | null }>(`query ($id: ID!) { group(id: $id) { members { ${PUPIL_FIELDS} } } }`, {
          id,
        });
        const members = answer.data?.group?.members;
        if (!members) return null;
        // A group's members include its teachers: pupils are those with a class.
        return members.filter((node) => (node.classes ?? []).length > 0).map((node) => pupilOf(node, null));
      }),
    establishmentClassIds: (id) =>
      once(`establishment:${id}`, async () => {
        const answer = await ask<{ establishment: { classes: Array<{ id: string }> } | null }>(
          'query ($id: ID!) { establishment(id: $id) { classes { id } } }',
          { id },
        );
        return (answer.data?.establishment?.classes ?? []).map((node) => node.id);
      }),
  };
}
