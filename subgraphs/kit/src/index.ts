export { DEFAULT_AUDIENCE, DEFAULT_ISSUER, type AccessTokenClaims, claimsOfViewer, viewerOfClaims } from './auth/claims.js';
export {
  ACCESS_TOKEN_ALGORITHMS,
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './auth/tokenVerifier.js';
export {
  type Authentication,
  assertAllowed,
  canAdministerEstablishment,
  establishmentsWith,
  hasProfile,
  isDepartementAdmin,
  isParentOf,
  isStaff,
  isStaffOf,
  type ProfileGrant,
  requireViewer,
  type Viewer,
} from './auth/viewer.js';
export { blobDownloadHandler, type BlobDownloadHandlerOptions } from './blobs/blobDownloadHandler.js';
export {
  assertBlobKey,
  BLOB_KEY_PATTERN,
  type BlobMetadata,
  type BlobRead,
  type BlobStore,
  isBlobKey,
  newBlobKey,
  type PutOptions,
  type StoredBlob,
  UploadInspector,
} from './blobs/blobStore.js';
export { blobUploadHandler, type BlobUploadHandlerOptions, FILE_NAME_HEADER, receiveBlob, type ReceiveBlobOptions } from './blobs/blobUploadHandler.js';
export {
  contentDisposition,
  createDownloadLinks,
  type DownloadGrant,
  type DownloadLinks,
  type DownloadLinksOptions,
  type LinkCheck,
  safeFilename,
} from './blobs/createDownloadLinks.js';
export { createLocalBlobStore, type LocalBlobStoreOptions } from './blobs/createLocalBlobStore.js';
export { ATTACHMENT_TYPES, describeTypes, FILE_TYPES, type FileType, sniffFileType } from './blobs/fileTypes.js';
export { blobMessages, frenchSize } from './blobs/messages.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export { integerFromEnv, readSubgraphConfig, type SubgraphConfig } from './config.js';
export { acquireDirectoryLock, type DirectoryLock, DirectoryLockedError } from './database/directoryLock.js';
export {
  type Database,
  type DatabaseOptions,
  type Migrations,
  migrateToLatest,
  openDatabase,
  schemaNameOf,
} from './database/openDatabase.js';
export {
  type AnnuaireGraphQL,
  type AnnuaireGraphQLAnswer,
  type AnnuaireGraphQLOptions,
  createAnnuaireGraphQL,
  refusedByAnnuaire,
} from './directory/annuaireGraphQL.js';
export * from './domain.js';
export {
  badUserInput,
  conflict,
  ERROR_CODES,
  EntError,
  type ErrorCode,
  forbidden,
  httpStatusOf,
  isEntError,
  moduleDisabled,
  notFound,
  rateLimited,
  unauthenticated,
} from './errors.js';
export { createErrorFormatter, frenchGraphQLMessage } from './formatError.js';
export {
  createJobQueue,
  type JobContext,
  type JobHandler,
  type JobOutcome,
  type JobQueue,
  type JobQueueOptions,
  type JobResult,
  type Recurrence,
  recurringDedupeKey,
  type ScheduleOptions,
} from './jobs/createJobQueue.js';
export { JOB_STATUSES, type JobRow, type JobStatus, type JobsDatabase, type JobsTable } from './jobs/jobs.table.js';
export { JOBS_MIGRATION_NAME, jobsMigration } from './jobs/jobsMigration.js';
export { nextDailyOccurrence } from './jobs/nextDailyOccurrence.js';
export { createBatchLoader, createGroupedLoader } from './loaders.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export {
  type ActivationChange,
  type ActivationState,
  activationStateAt,
  createModuleGate,
  knownModules,
  MODULE_ID_PATTERN,
  MODULES,
  type ModuleInfo,
  registeredModules,
  type ModuleGate,
  type ModuleGateOptions,
} from './modules.js';
export { type Catalogue, defineCatalogue, format, kitMessages } from './messages.js';
export {
  createSubgraphServer,
  type GraphQLResolverMap,
  type RequestContext,
  type SubgraphServer,
  type SubgraphServerOptions,
} from './server/createSubgraphServer.js';
export {
  bodyErrorHandler,
  clientIp,
  listenOn,
  REQUEST_ID_HEADER,
  requestId,
  requestIdOf,
  securityHeaders,
  sendError,
} from './server/http.js';
export { type AnnuaireBacked, annuaireBacked, type AnnuaireBackedOptions } from './server/annuaireBacked.js';
export { type RunSubgraphOptions, runSubgraph, type SubgraphMainContext } from './server/runSubgraph.js';
export { EXIT_CONFIG, guardProcess, shutdownOnSignals } from './server/shutdown.js';
export { createRichTextSanitizer, escapeHtml, isHostileHtml, RICH_TEXT_TAGS, type RichTextPolicy, textOfHtml } from './text/richText.js';
