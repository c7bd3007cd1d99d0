export { formatLogLine } from './logFormat.js';
export { localServices, type ServiceSpec } from './services.js';
export { Supervisor, type SupervisorOptions } from './supervise.js';
