export * from './auth/index.js';
export type { AnnuaireContext } from './context.js';
export type * from './db/database.js';
export * from './export/index.js';
export { migrations } from './db/migrations/index.js';
export * from './seed/index.js';
export { type AnnuaireServer, type AnnuaireServerOptions, createAnnuaireServer, typeDefs } from './server.js';
