export {
  type DuplicateCandidate,
  type DuplicatePerson,
  type DuplicateReason,
  dismissDuplicateCandidate,
  listDuplicateCandidates,
  type MergeResult,
  mergeUsers,
} from './duplicates.js';
export { describeProblem, FeedFileError, type FeedProblem } from './feedProblem.js';
export { FEED_TYPES, type FeedFile, type FeedMode, type FeedType, listFeedFiles } from './feedFiles.js';
export { type FeedRequest, FeedFileWriter, feedFileName, feedXml } from './feedWriter.js';
export { type GenerateFeedOptions, type GeneratedFeed, generateFeed } from './generateFeed.js';
export {
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  importDirectory,
  type RunStatus,
} from './importDirectory.js';
export { type EstablishmentReport, type FileReport, formatReport, type ImportSummary } from './importReport.js';
export {
  type ImportRun,
  type ImportRunReport,
  importHistoryOfUser,
  type JournalEntry,
  lastImportReport,
  listImportRuns,
} from './importRuns.repository.js';
export { type AafRecord, readAafRecords } from './readAafRecords.js';
export { type PurgeResult, purgeExpiredPersonalData } from './retention.js';
