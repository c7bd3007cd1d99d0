import { badUserInput, conflict, format, forbidden, moduleDisabled, notFound, unauthenticated } from '@ent/kit';
import { followUpEstablishments, hasProfile, type Viewer } from '../auth.js';
import type { AttendanceRow } from '../attendance/repository.js';
import {
  existingOnSlot,
  followUpList,
  insertRecords,
  justify,
  listRecords,
  markHandled,
  recordById,
  recordForUpdate,
  toFollowUpCount,
  unjustifiedCounts,
} from '../attendance/repository.js';
import type { VieScolaireContext } from '../context.js';
import type { AttendanceKind, JustificationReason } from '../db/database.js';
import { messages } from '../messages.js';

export const MODULE_ID = 'vie-scolaire';
const MAX_ENTRIES = 40;
const MAX_COMMENT = 500;
const MAX_FIRST = 200;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SLOT = /^([01]\d|2[0-3]):[0-5]\d$/;
const REASONS: readonly JustificationReason[] = ['ILLNESS', 'MEDICAL_APPOINTMENT', 'FAMILY', 'TRANSPORT', 'OTHER'];

function requireViewer(ctx: VieScolaireContext): Viewer {
  if (ctx.viewer) return ctx.viewer;
  throw ctx.authFailure ?? unauthenticated();
}

function checkFirst(first: number | null | undefined, fallback: number): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_FIRST) throw badUserInput('first', format(messages.firstRange, { max: MAX_FIRST }));
  return value;
}

/** Teachers see the classes they teach: an ENSEIGNANT grant and the class in the token's `cls`. */
function teachesClass(viewer: Viewer, classId: string): boolean {
  return hasProfile(viewer, 'ENSEIGNANT') && viewer.classIds.includes(classId);
}

/** Who may read one record: the pupil, their parents, a teacher of the class, the establishment's follow-up staff. */
function maySee(viewer: Viewer, row: AttendanceRow): boolean {
  return (
    row.pupil_id === viewer.userId ||
    viewer.childIds.includes(row.pupil_id) ||
    teachesClass(viewer, row.class_id) ||
    followUpEstablishments(viewer).includes(row.establishment_id)
  );
}

/** Keeps the records of establishments where the module is enabled; none enabled at all: MODULE_DISABLED. */
async function gated(ctx: VieScolaireContext, viewer: Viewer, rows: AttendanceRow[]): Promise<AttendanceRow[]> {
  await ctx.gate.assertEnabledForViewer(viewer);
  const enabled = new Set(await ctx.gate.enabledEstablishments(rows.map((row) => row.establishment_id)));
  return rows.filter((row) => enabled.has(row.establishment_id));
}

interface RecordAttendanceInput {
  classId: string;
  date: string;
  slot: string;
  entries: Array<{ pupilId: string; kind: AttendanceKind; minutesLate?: number | null }>;
}

export const resolvers = {
  Query: {
    attendanceRecords: async (
      _: unknown,
      args: { pupilId?: string | null; classId?: string | null; first?: number | null },
      ctx: VieScolaireContext,
    ) => {
      const viewer = requireViewer(ctx);
      const first = checkFirst(args.first, 50);
      if (args.pupilId && args.pupilId !== viewer.userId && !viewer.childIds.includes(args.pupilId) && !hasProfile(viewer, 'ENSEIGNANT') && followUpEstablishments(viewer).length === 0)
        throw forbidden(messages.cannotSeePupil);
      if (args.classId && !teachesClass(viewer, args.classId) && followUpEstablishments(viewer).length === 0)
        throw forbidden(messages.cannotSeeClass);
      const rows = await listRecords(ctx.db, {
        pupilIds: [viewer.userId, ...viewer.childIds],
        classIds: hasProfile(viewer, 'ENSEIGNANT') ? viewer.classIds : [],
        establishmentIds: followUpEstablishments(viewer),
        pupilId: args.pupilId ?? undefined,
        classId: args.classId ?? undefined,
        first,
      });
      return gated(ctx, viewer, rows.filter((row) => maySee(viewer, row)));
    },

    attendanceFollowUp: async (
      _: unknown,
      args: { establishmentId: string; includeHandled?: boolean | null; first?: number | null },
      ctx: VieScolaireContext,
    ) => {
      const viewer = requireViewer(ctx);
      const first = checkFirst(args.first, 100);
      if (!followUpEstablishments(viewer).includes(args.establishmentId)) throw forbidden(messages.notFollowUpStaff);
      await ctx.gate.assertEnabled(args.establishmentId);
      return followUpList(ctx.db, args.establishmentId, args.includeHandled ?? false, first);
    },
  },

  Mutation: {
    recordAttendance: async (_: unknown, { input }: { input: RecordAttendanceInput }, ctx: VieScolaireContext) => {
      const viewer = requireViewer(ctx);
      if (!DATE.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) throw badUserInput('date', messages.dateFormat);
      if (!SLOT.test(input.slot)) throw badUserInput('slot', messages.slotFormat);
      if (input.entries.length === 0) throw badUserInput('entries', messages.entriesEmpty);
      if (input.entries.length > MAX_ENTRIES) throw badUserInput('entries', format(messages.entriesTooMany, { max: MAX_ENTRIES }));
      const seen = new Set<string>();
      for (const entry of input.entries) {
        if (seen.has(entry.pupilId)) throw badUserInput('entries', format(messages.duplicatePupil, { pupilId: entry.pupilId }));
        seen.add(entry.pupilId);
        const minutes = entry.minutesLate ?? null;
        if (entry.kind === 'LATENESS' && (minutes === null || !Number.isInteger(minutes) || minutes < 1 || minutes > 240))
          throw badUserInput('minutesLate', messages.minutesLateRequired);
        if (entry.kind === 'ABSENCE' && minutes !== null) throw badUserInput('minutesLate', messages.minutesLateForbidden);
      }
      if (!teachesClass(viewer, input.classId)) throw forbidden(messages.notTeacherOfClass);
      const klass = await ctx.annuaire.classById(input.classId);
      if (!klass) throw notFound(messages.classUnknown);
      if (!hasProfile(viewer, 'ENSEIGNANT', klass.establishmentId)) throw forbidden(messages.notTeacherOfClass);
      await ctx.gate.assertEnabled(klass.establishmentId);
      for (const entry of input.entries) {
        if (!klass.pupilIds.includes(entry.pupilId))
          throw badUserInput('pupilId', format(messages.notPupilOfClass, { pupilId: entry.pupilId }));
      }
      const now = ctx.clock.now();
      const rows = await ctx.db.transaction().execute(async (trx) => {
        const taken = await existingOnSlot(trx, [...seen], input.date, input.slot);
        if (taken.length > 0) throw conflict(messages.alreadyRecorded);
        return insertRecords(
          trx,
          input.entries.map((entry) => ({
            pupilId: entry.pupilId,
            classId: klass.id,
            establishmentId: klass.establishmentId,
            kind: entry.kind,
            date: input.date,
            slot: input.slot,
            minutesLate: entry.minutesLate ?? null,
            recordedBy: viewer.userId,
            recordedAt: now,
          })),
        );
      });
      ctx.logger.info({ classId: klass.id, date: input.date, slot: input.slot, count: rows.length }, 'attendance recorded');
      return rows;
    },

    justifyAttendance: async (
      _: unknown,
      args: { id: string; reason: JustificationReason; comment?: string | null },
      ctx: VieScolaireContext,
    ) => {
      const viewer = requireViewer(ctx);
      // The enum is checked by GraphQL already; this guards direct calls.
      if (!REASONS.includes(args.reason)) throw badUserInput('reason', messages.reasonUnknown);
      const comment = args.comment?.trim() || null;
      if (comment && comment.length > MAX_COMMENT) throw badUserInput('comment', format(messages.commentTooLong, { max: MAX_COMMENT }));
      const row = await recordById(ctx.db, args.id);
      if (!row || !maySee(viewer, row)) throw notFound(messages.record);
      if (!viewer.childIds.includes(row.pupil_id)) throw forbidden(messages.notParentOfPupil);
      await ctx.gate.assertEnabled(row.establishment_id);
      return ctx.db.transaction().execute(async (trx) => {
        const locked = await recordForUpdate(trx, args.id);
        if (!locked) throw notFound(messages.record);
        if (locked.handled_at) throw conflict(messages.alreadyHandled);
        return justify(trx, args.id, { reason: args.reason, comment, by: viewer.userId, at: ctx.clock.now() });
      });
    },

    markAttendanceHandled: async (_: unknown, args: { id: string }, ctx: VieScolaireContext) => {
      const viewer = requireViewer(ctx);
      const row = await recordById(ctx.db, args.id);
      if (!row || !maySee(viewer, row)) throw notFound(messages.record);
      if (!followUpEstablishments(viewer).includes(row.establishment_id)) throw forbidden(messages.notFollowUpStaff);
      await ctx.gate.assertEnabled(row.establishment_id);
      return ctx.db.transaction().execute(async (trx) => {
        const locked = await recordForUpdate(trx, args.id);
        if (!locked) throw notFound(messages.record);
        if (locked.handled_at) throw conflict(messages.alreadyHandled);
        return markHandled(trx, args.id, viewer.userId, ctx.clock.now());
      });
    },
  },

  AttendanceRecord: {
    pupil: (row: AttendanceRow) => ({ __typename: 'User', id: row.pupil_id }),
    classId: (row: AttendanceRow) => row.class_id,
    establishmentId: (row: AttendanceRow) => row.establishment_id,
    date: (row: AttendanceRow) => row.lesson_date,
    minutesLate: (row: AttendanceRow) => row.minutes_late,
    recordedBy: (row: AttendanceRow) => ({ __typename: 'User', id: row.recorded_by }),
    recordedAt: (row: AttendanceRow) => new Date(row.recorded_at).toISOString(),
    handledAt: (row: AttendanceRow) => (row.handled_at ? new Date(row.handled_at).toISOString() : null),
    justification: (row: AttendanceRow) =>
      row.justification_reason && row.justified_at && row.justified_by
        ? {
            reason: row.justification_reason,
            comment: row.justification_comment,
            justifiedAt: new Date(row.justified_at).toISOString(),
            justifiedBy: { __typename: 'User', id: row.justified_by },
          }
        : null,
  },

  User: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
  },
};

/**
 * `User.attendanceSummary`, batched with Mercurius's loaders: one query for every User the home page
 * asks about (the viewer and each child). Asked on someone else: FORBIDDEN for that field only.
 */
export const loaders = {
  User: {
    attendanceSummary: async (queries: Array<{ obj: { id: string } }>, ctx: VieScolaireContext) => {
      const viewer = ctx.viewer;
      if (!viewer) {
        const error = ctx.authFailure ?? unauthenticated();
        return queries.map(() => error);
      }
      const pupilIds = queries.map((q) => q.obj.id).filter((id) => id === viewer.userId || viewer.childIds.includes(id));
      const counts = await unjustifiedCounts(ctx.db, pupilIds);
      const own = viewer.profiles.flatMap((g) => (g.establishmentId ? [g.establishmentId] : []));
      const enabled = new Set(await ctx.gate.enabledEstablishments([...own, ...counts.map((c) => c.establishmentId)]));
      const followUp = followUpEstablishments(viewer).filter((id) => enabled.has(id));
      const toFollowUp = followUp.length > 0 ? await toFollowUpCount(ctx.db, followUp) : 0;
      return queries.map(({ obj }) => {
        if (obj.id !== viewer.userId && !viewer.childIds.includes(obj.id)) return forbidden(messages.cannotSeePupil);
        if (!own.some((id) => enabled.has(id))) return moduleDisabled(messages.moduleLabel);
        const unjustified = counts
          .filter((c) => c.pupilId === obj.id && enabled.has(c.establishmentId))
          .reduce((sum, c) => sum + c.count, 0);
        return { unjustified, toFollowUp: obj.id === viewer.userId ? toFollowUp : 0 };
      });
    },
  },
};
