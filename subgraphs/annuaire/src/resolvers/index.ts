import type { GraphQLResolverMap } from '@ent/kit';
import type { AnnuaireContext } from '../context.js';
import { mutationResolvers } from './mutations.js';
import { accessEventResolvers, queryResolvers } from './queries.js';
import { typeResolvers } from './types.js';

export const resolvers = {
  Query: queryResolvers,
  Mutation: mutationResolvers,
  ...typeResolvers,
  ...accessEventResolvers,
} as unknown as GraphQLResolverMap<AnnuaireContext>;
