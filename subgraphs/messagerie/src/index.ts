export type { Database } from './db/database.js';
export { migrations } from './db/migrations/index.js';
export { createFolderMailer, createSmtpMailer, type Mailer } from './mail/mailer.js';
export { NOTIFY_JOB, registerNotifications } from './mail/notifications.js';
export { isQuiet, releaseTime } from './mail/rules.js';
export { createMessagerieServer, type MessagerieServerOptions, typeDefs } from './server.js';
export { FILES_PATH, UPLOAD_PATH } from './mail/attachments.js';
export type { SendingLimits } from './context.js';
