import type { Selectable } from 'kysely';
import type { GarContext } from '../context.js';
import type { GarExportsTable } from '../db/database.js';
import type { ExportReport } from '../gar/runExport.js';
import { NEW_RESOURCE_DAYS } from '../resources/resourceService.js';

type ExportRow = Selectable<GarExportsTable>;
const reportOf = (row: ExportRow) => row.report as unknown as ExportReport;

export const typeResolvers = {
  User: {
    /** Batched per request by the database (one query per table for the whole page). Own summary only. */
    async resourceSummary(user: { id: string }, _: unknown, ctx: GarContext) {
      if (!ctx.viewer || ctx.viewer.userId !== user.id) return null;
      const since = new Date(ctx.clock.now().getTime() - NEW_RESOURCE_DAYS * 86_400_000);
      const [favourites, fresh, lists] = await Promise.all([
        ctx.db.selectFrom('favourites').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', user.id).executeTakeFirst(),
        ctx.db
          .selectFrom('resource_sightings')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('user_id', '=', user.id)
          .where('first_seen_at', '>=', since)
          .executeTakeFirst(),
        ctx.db.selectFrom('resource_lists').select('resources').where('user_id', '=', user.id).execute(),
      ]);
      const total = new Set(lists.flatMap((row) => (row.resources as { id: string }[]).map((resource) => resource.id))).size;
      return { favourites: Number(favourites?.n ?? 0), newlyAssigned: Number(fresh?.n ?? 0), total };
    },
  },
  GarExport: {
    startedAt: (row: ExportRow) => row.started_at.toISOString(),
    finishedAt: (row: ExportRow) => row.finished_at.toISOString(),
    files: (row: ExportRow) => reportOf(row).files ?? [],
    problems: (row: ExportRow) => reportOf(row).problems ?? [],
    problemCount: (row: ExportRow) => reportOf(row).problemCount ?? 0,
    establishmentCount: (row: ExportRow) => reportOf(row).establishments?.length ?? 0,
  },
};
