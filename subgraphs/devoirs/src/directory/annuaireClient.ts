import { type AnnuaireGraphQLOptions, createAnnuaireGraphQL, refusedByAnnuaire } from '@ent/kit';

/**
 * The internal interface to the annuaire. Devoirs never reads the annuaire's tables: what the access
 * token does not say (a class's pupils and establishment, a group's members, a parent's children) is
 * asked of the annuaire's GraphQL API **with the caller's own bearer token**, so the annuaire applies
 * its own visibility rules. One client per request (the kit's createAnnuaireGraphQL): each question at most once per request.
 */
export interface RosterPupil {
  id: string;
  name: string;
  /** « nom prénom », for the register's order. */
  sortName: string;
  classId: string | null;
}

export interface Roster {
  id: string;
  establishmentId: string;
  pupils: RosterPupil[];
}

export interface Child {
  id: string;
  name: string;
  classIds: string[];
  establishmentIds: string[];
}

export interface AnnuaireClient {
  /** The class with its pupils; 'hidden' when the annuaire refuses them to the caller; null when unknown. */
  classRoster(id: string): Promise<Roster | 'hidden' | null>;
  groupRoster(id: string): Promise<Roster | 'hidden' | null>;
  myChildren(): Promise<Child[]>;
}

type PersonNode = { id: string; displayName: string; firstName: string; lastName: string; classes?: Array<{ id: string }> | null };

/** Without accents or case, so that the database's byte order is the register's (« Bénard » before « Bernard »). */
const sortNameOf = (person: PersonNode) =>
  `${person.lastName} ${person.firstName}`
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr');

export function createAnnuaireClient(options: AnnuaireGraphQLOptions): AnnuaireClient {
  const { ask, once } = createAnnuaireGraphQL(options);
  const hidden = refusedByAnnuaire;

  return {
    classRoster: (id) =>
      once(`class:${id}`, async () => {
        const answer = await ask<{ class: { id: string; establishment: { id: string }; pupils: PersonNode[] | null } | null }>(
          'query ($id: ID!) { class(id: $id) { id establishment { id } pupils { id displayName firstName lastName } } }',
          { id },
        );
        const found = answer.data?.class;
        if (hidden(answer) || (found && !found.pupils)) return 'hidden';
        if (!found) return null;
        return {
          id: found.id,
          establishmentId: found.establishment.id,
          pupils: (found.pupils ?? []).map((pupil) => ({ id: pupil.id, name: pupil.displayName, sortName: sortNameOf(pupil), classId: found.id })),
        };
      }),
    groupRoster: (id) =>
      once(`group:${id}`, async () => {
        const answer = await ask<{ group: { id: string; establishment: { id: string }; members: PersonNode[] | null } | null }>(
          'query ($id: ID!) { group(id: $id) { id establishment { id } members { id displayName firstName lastName classes { id } } } }',
          { id },
        );
        const found = answer.data?.group;
        if (!found) return hidden(answer) ? 'hidden' : null;
        if (!found.members) return 'hidden';
        return {
          id: found.id,
          establishmentId: found.establishment.id,
          pupils: found.members.map((member) => ({ id: member.id, name: member.displayName, sortName: sortNameOf(member), classId: member.classes?.[0]?.id ?? null })),
        };
      }),
    myChildren: () =>
      once('children', async () => {
        const answer = await ask<{
          me: { children: Array<{ id: string; displayName: string; classes: Array<{ id: string; establishment: { id: string } }> | null }> | null };
        }>('{ me { children { id displayName classes { id establishment { id } } } } }');
        return (answer.data?.me.children ?? []).map((child) => ({
          id: child.id,
          name: child.displayName,
          classIds: (child.classes ?? []).map((schoolClass) => schoolClass.id),
          establishmentIds: [...new Set((child.classes ?? []).map((schoolClass) => schoolClass.establishment.id))],
        }));
      }),
  };
}
