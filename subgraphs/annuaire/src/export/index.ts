export { createDirectoryExportRoutes, DIRECTORY_EXPORT_PATH, type DirectoryExportOptions, type ExportRecord } from './directoryExport.js';
export {
  DEMO_SERVICE_SECRET,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_ISSUER,
  serviceSecretFromEnv,
  signServiceToken,
  verifyServiceToken,
} from './serviceToken.js';
