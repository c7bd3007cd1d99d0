export type { DevoirsContext } from './context.js';
export type * from './db/database.js';
export { migrations } from './db/migrations/index.js';
export { createDevoirsServer, type DevoirsServerOptions, typeDefs } from './server.js';
export { ARCHIVE_PATH, ATTACHMENT_PATH, createArchiveLinks, type DevoirsStorage, FILES_PATH, UPLOAD_PATH } from './devoirs/files.js';
export { seedDemoDevoirs } from './demo/seedDemo.js';
