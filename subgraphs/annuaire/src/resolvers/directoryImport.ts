import { forbidden, isDepartementAdmin, requireViewer } from '@ent/kit';
import {
  type DuplicateCandidate,
  dismissDuplicateCandidate,
  type ImportRun,
  lastImportReport,
  listDuplicateCandidates,
  listImportRuns,
  mergeUsers,
} from '../aaf/index.js';
import type { AnnuaireContext } from '../context.js';
import type { DuplicateStatus } from '../db/importTables.js';
import * as validate from '../directory/validate.js';
import { messages } from '../messages.js';

/** The département's directory feed is the département administrator's business. */
function requireDepartementAdmin(ctx: AnnuaireContext) {
  const viewer = requireViewer(ctx);
  if (!isDepartementAdmin(viewer)) throw forbidden(messages.notDepartementAdministrator);
  return viewer;
}

const SUMMARY_FIELDS = [
  'created',
  'updated',
  'moved',
  'deactivated',
  'reactivated',
  'structuresChanged',
  'duplicatesReported',
  'records',
  'filesApplied',
  'filesRejected',
  'warnings',
] as const;

function runView(run: ImportRun & { files?: unknown; establishments?: unknown }) {
  return {
    ...run,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    summary: Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, Number(run.summary[field] ?? 0)])),
    files: run.files ?? null,
    establishments: run.establishments ?? null,
  };
}

const candidateView = (candidate: DuplicateCandidate) => ({ ...candidate, detectedAt: candidate.detectedAt.toISOString() });

export const directoryImportQueryResolvers = {
  directoryImportRuns: async (
    _: unknown,
    args: { first?: number | null; offset?: number | null; includeDryRuns?: boolean | null },
    ctx: AnnuaireContext,
  ) => {
    requireDepartementAdmin(ctx);
    const runs = await listImportRuns(ctx.db, {
      limit: validate.first('first', args.first, 200, 20),
      offset: Math.max(0, args.offset ?? 0),
      includeDryRuns: args.includeDryRuns ?? false,
    });
    return runs.map(runView);
  },
  lastDirectoryImport: async (_: unknown, args: { includeDryRuns?: boolean | null }, ctx: AnnuaireContext) => {
    requireDepartementAdmin(ctx);
    const report = await lastImportReport(ctx.db, { includeDryRuns: args.includeDryRuns ?? false });
    return report ? runView(report) : null;
  },
  directoryDuplicateCandidates: async (
    _: unknown,
    args: { status?: DuplicateStatus | null; first?: number | null; offset?: number | null },
    ctx: AnnuaireContext,
  ) => {
    requireDepartementAdmin(ctx);
    const candidates = await listDuplicateCandidates(ctx.db, {
      status: args.status ?? 'OPEN',
      limit: validate.first('first', args.first, 500, 50),
      offset: Math.max(0, args.offset ?? 0),
    });
    return candidates.map(candidateView);
  },
};

export const directoryImportMutationResolvers = {
  mergeUsers: async (_: unknown, args: { keepUserId: string; mergedUserId: string }, ctx: AnnuaireContext) => {
    const viewer = requireDepartementAdmin(ctx);
    const actor = `admin:${viewer.userId}`;
    // mergeUsers is one transaction of its own.
    await mergeUsers(ctx.db, { keepUserId: args.keepUserId, mergedUserId: args.mergedUserId, actor, clock: ctx.clock });
    ctx.logger.info({ keepUserId: args.keepUserId, mergedUserId: args.mergedUserId }, 'accounts merged');
    ctx.loaders.user.clear(args.keepUserId);
    return ctx.loaders.user.load(args.keepUserId);
  },
  dismissDuplicateCandidate: async (_: unknown, args: { id: string }, ctx: AnnuaireContext) => {
    const viewer = requireDepartementAdmin(ctx);
    await dismissDuplicateCandidate(ctx.db, { candidateId: args.id, actor: `admin:${viewer.userId}`, clock: ctx.clock });
    return true;
  },
};
