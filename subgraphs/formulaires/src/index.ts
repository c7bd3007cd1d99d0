export type { FormulairesContext } from './context.js';
export type * from './db/database.js';
export { migrations } from './db/migrations/index.js';
export { createFormulairesServer, type FormulairesServerOptions, typeDefs } from './server.js';
export { EXPORTS_PATH } from './forms/exportRoutes.js';
export { registerFormJobs, runRetention, sendReminders, REMINDER_JOB, RETENTION_JOB } from './forms/jobs.js';
export { seedDemoForms } from './demo/seedDemo.js';
