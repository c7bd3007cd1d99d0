import { type AnnuaireGraphQLOptions, createAnnuaireGraphQL, type Profile } from '@ent/kit';

/**
 * The messagerie's window on the directory. It never reads the annuaire's tables: recipient lists are
 * asked of the annuaire's GraphQL API **with the caller's own bearer token**, so the annuaire applies its
 * own visibility rules (a teacher lists the pupils of the classes they teach, a parent sees their
 * children's teachers…) and the messagerie can never reach further than its caller could.
 * One client per request (the kit's createAnnuaireGraphQL): each question at most once per request.
 */
export interface Named {
  id: string;
  displayName: string;
}

export interface ClassRef {
  id: string;
  name: string;
  level: string;
  establishmentId: string;
}

export interface EstablishmentRef {
  id: string;
  name: string;
  type: string;
}

export interface Me extends Named {
  profiles: Array<{ profile: Profile; functionLabel: string | null; establishment: EstablishmentRef | null }>;
  classes: ClassRef[];
  teachings: Array<{ subject: string; class: ClassRef | null }>;
  children: Array<Named & { classes: ClassRef[] }>;
}

export interface StaffMember {
  user: Named;
  profile: Profile;
  functionLabel: string | null;
}

export interface EstablishmentDirectory extends EstablishmentRef {
  staff: StaffMember[];
  classes: ClassRef[];
}

export interface ClassTeachers {
  id: string;
  name: string;
  teachings: Array<{ subject: string; teacher: Named }>;
}

export interface ClassPupils {
  id: string;
  name: string;
  pupils: Array<Named & { parents: Array<{ parent: Named & { status: string } }> | null }>;
}

export interface Person extends Named {
  profiles: Array<{ profile: Profile; functionLabel: string | null; establishment: { id: string } | null }> | null;
}

export interface AnnuaireClient {
  me(): Promise<Me>;
  establishment(id: string): Promise<EstablishmentDirectory | null>;
  classTeachers(ids: readonly string[]): Promise<Map<string, ClassTeachers>>;
  /** Pupils, with their parents when `withParents`: null when the annuaire refuses the list to the caller. */
  classPupils(id: string, withParents: boolean): Promise<ClassPupils | null>;
  /** A person the caller may see; null otherwise. */
  person(id: string): Promise<Person | null>;
  search(query: string, establishmentId: string): Promise<Person[]>;
}

type ClassNode = { id: string; name: string; level: string; establishment: { id: string } };
const classRef = (node: ClassNode): ClassRef => ({ id: node.id, name: node.name, level: node.level, establishmentId: node.establishment.id });
const CLASS_FIELDS = 'id name level establishment { id }';

export function createAnnuaireClient(options: AnnuaireGraphQLOptions): AnnuaireClient {
  // Lists of 600 parents take longer than one person's placements.
  const { ask, once } = createAnnuaireGraphQL({ timeoutMs: 10_000, ...options });

  return {
    me: () =>
      once('me', async () => {
        const answer = await ask<{
          me: Named & {
            profiles: Me['profiles'] | null;
            classes: ClassNode[] | null;
            teachings: Array<{ subject: string; class: ClassNode | null }> | null;
            children: Array<Named & { classes: ClassNode[] | null }> | null;
          };
        }>(`{ me { id displayName
              profiles { profile functionLabel establishment { id name type } }
              classes { ${CLASS_FIELDS} }
              teachings { subject class { ${CLASS_FIELDS} } }
              children { id displayName classes { ${CLASS_FIELDS} } } } }`);
        const me = answer.data?.me;
        if (!me) throw new Error(`annuaire: no answer for me (${answer.errors?.[0]?.message ?? 'unknown'})`);
        return {
          id: me.id,
          displayName: me.displayName,
          profiles: me.profiles ?? [],
          classes: (me.classes ?? []).map(classRef),
          teachings: (me.teachings ?? []).map((teaching) => ({ subject: teaching.subject, class: teaching.class ? classRef(teaching.class) : null })),
          children: (me.children ?? []).map((child) => ({ id: child.id, displayName: child.displayName, classes: (child.classes ?? []).map(classRef) })),
        };
      }),
    establishment: (id) =>
      once(`establishment:${id}`, async () => {
        const answer = await ask<{
          establishment: (EstablishmentRef & { staff: StaffMember[] | null; classes: ClassNode[] }) | null;
        }>(
          `query ($id: ID!) { establishment(id: $id) { id name type
              staff { profile functionLabel user { id displayName } }
              classes { ${CLASS_FIELDS} } } }`,
          { id },
        );
        const node = answer.data?.establishment;
        if (!node) return null;
        return { id: node.id, name: node.name, type: node.type, staff: node.staff ?? [], classes: node.classes.map(classRef) };
      }),
    classTeachers: (ids) =>
      once(`teachers:${[...ids].sort().join(',')}`, async () => {
        const result = new Map<string, ClassTeachers>();
        if (ids.length === 0) return result;
        // One request for all the classes, by aliases.
        const fields = ids.map((_, index) => `c${index}: class(id: $c${index}) { id name teachings { subject teacher { id displayName } } }`);
        const declarations = ids.map((_, index) => `$c${index}: ID!`).join(', ');
        const variables = Object.fromEntries(ids.map((id, index) => [`c${index}`, id]));
        const answer = await ask<Record<string, ClassTeachers | null>>(`query (${declarations}) { ${fields.join('\n')} }`, variables);
        for (const node of Object.values(answer.data ?? {})) if (node) result.set(node.id, node);
        return result;
      }),
    classPupils: (id, withParents) =>
      once(`pupils:${id}:${withParents}`, async () => {
        const parents = withParents ? 'parents { parent { id displayName status } }' : '';
        const answer = await ask<{ class: ClassPupils | null }>(
          `query ($id: ID!) { class(id: $id) { id name pupils { id displayName ${parents} } } }`,
          { id },
        );
        const node = answer.data?.class;
        if (!node?.pupils) return null;
        return { id: node.id, name: node.name, pupils: node.pupils.map((pupil) => ({ ...pupil, parents: pupil.parents ?? null })) };
      }),
    person: (id) =>
      once(`person:${id}`, async () => {
        const answer = await ask<{ user: Person | null }>(
          'query ($id: ID!) { user(id: $id) { id displayName profiles { profile functionLabel establishment { id } } } }',
          { id },
        );
        return answer.data?.user ?? null;
      }),
    search: (query, establishmentId) =>
      once(`search:${establishmentId}:${query}`, async () => {
        const answer = await ask<{ searchUsers: Person[] }>(
          'query ($q: String!, $e: ID) { searchUsers(query: $q, establishmentId: $e, first: 20) { id displayName profiles { profile functionLabel establishment { id } } } }',
          { q: query, e: establishmentId },
        );
        return answer.data?.searchUsers ?? [];
      }),
  };
}
