import { type AnnuaireGraphQLAnswer, type AnnuaireGraphQLOptions, createAnnuaireGraphQL, refusedByAnnuaire } from '@ent/kit';

/**
 * What the cahier de textes asks the annuaire (a teacher's subjects per class, a class's establishment, a
 * child's classes), through the kit's createAnnuaireGraphQL: with the caller's own bearer token, each
 * question at most once per request.
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

type PlacementNode = { id: string; establishment: { id: string } } | null;
const placement = (node: PlacementNode): Placement | null => (node ? { id: node.id, establishmentId: node.establishment.id } : null);

/** The annuaire answers null for an unknown id and FORBIDDEN for one the caller may not see. */
const lookedUp = (answer: AnnuaireGraphQLAnswer<Record<string, PlacementNode>>, field: string): Placement | 'hidden' | null =>
  refusedByAnnuaire(answer) ? 'hidden' : placement(answer.data?.[field] ?? null);

export function createAnnuaireClient(options: AnnuaireGraphQLOptions): AnnuaireClient {
  const { ask, once } = createAnnuaireGraphQL(options);
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
