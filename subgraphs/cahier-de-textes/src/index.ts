export type { CahierContext } from './context.js';
export type * from './db/database.js';
export { migrations } from './db/migrations/index.js';
export { type CahierServerOptions, createCahierServer, DEFAULT_WORKLOAD_THRESHOLD_MINUTES, typeDefs } from './server.js';
export { ATTACHMENT_MAX_BYTES, type AttachmentStorage, FILES_PATH, UPLOAD_PATH } from './cahier/attachments.js';
