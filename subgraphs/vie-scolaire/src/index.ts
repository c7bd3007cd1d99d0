export { createJwksVerifier, type JwksVerifier, type Viewer } from './auth.js';
export type { Database } from './db/database.js';
export { migrations } from './db/migrations/index.js';
export { MODULE_ID } from './resolvers/index.js';
export { createVieScolaireServer, typeDefs, type VieScolaireServer, type VieScolaireServerOptions } from './server.js';
