import type { GraphQLResolverMap } from '@ent/kit';
import type { AnnuaireContext } from '../context.js';
import { directoryImportMutationResolvers, directoryImportQueryResolvers } from './directoryImport.js';
import { moduleMutationResolvers, moduleQueryResolvers, moduleTypeResolvers } from './modules.js';
import { mutationResolvers } from './mutations.js';
import { accessEventResolvers, queryResolvers } from './queries.js';
import { typeResolvers } from './types.js';

export const resolvers = {
  Query: { ...queryResolvers, ...moduleQueryResolvers, ...directoryImportQueryResolvers },
  Mutation: { ...mutationResolvers, ...moduleMutationResolvers, ...directoryImportMutationResolvers },
  ...typeResolvers,
  User: { ...typeResolvers.User, ...moduleTypeResolvers.User },
  Establishment: { ...typeResolvers.Establishment, ...moduleTypeResolvers.Establishment },
  ...accessEventResolvers,
} as unknown as GraphQLResolverMap<AnnuaireContext>;
