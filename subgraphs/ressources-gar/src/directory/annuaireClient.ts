import { type AnnuaireGraphQLOptions, createAnnuaireGraphQL } from '@ent/kit';

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

export function createAnnuaireClient(options: AnnuaireGraphQLOptions): AnnuaireClient {
  const client = createAnnuaireGraphQL(options);
  // Each distinct question once per request.
  const ask = <T>(query: string, variables: Record<string, unknown>) =>
    client.once(JSON.stringify([query, variables]), () => client.ask<T>(query, variables));
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
