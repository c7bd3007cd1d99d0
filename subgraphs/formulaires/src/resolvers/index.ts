import type { GraphQLResolverMap } from '@ent/kit';
import type { FormulairesContext } from '../context.js';
import { mutationResolvers } from './mutations.js';
import { queryResolvers } from './queries.js';
import { typeResolvers } from './types.js';

export const resolvers = {
  Query: queryResolvers,
  Mutation: mutationResolvers,
  ...typeResolvers,
} as unknown as GraphQLResolverMap<FormulairesContext>;
