import { requireViewer, type Viewer } from '@ent/kit';
import type { GarContext } from '../context.js';
import type { GarResource } from '../resources/garClient.js';
import { NEW_RESOURCE_DAYS, type ResourceListResult } from '../resources/resourceService.js';

export interface ResourceView extends GarResource {
  favourite: boolean;
  pinned: boolean;
  isNew: boolean;
  recommendations: RecommendationView[];
}

export interface RecommendationView {
  id: string;
  classId: string;
  resourceId: string;
  resourceTitle: string;
  teacherName: string;
  createdAt: string;
}

export function recommendationView(row: {
  id: string;
  class_id: string;
  resource_id: string;
  resource_title: string;
  teacher_name: string;
  created_at: Date;
}): RecommendationView {
  return {
    id: row.id,
    classId: row.class_id,
    resourceId: row.resource_id,
    resourceTitle: row.resource_title,
    teacherName: row.teacher_name,
    createdAt: row.created_at.toISOString(),
  };
}

/** Adds the viewer's own choices (favourites, pins), novelty and recommendations; pinned first, then favourites, then by title. */
export async function decorate(ctx: GarContext, viewer: Viewer, resources: readonly GarResource[]): Promise<ResourceView[]> {
  if (resources.length === 0) return [];
  const ids = resources.map((resource) => resource.id);
  const [favourites, sightings, recommendations] = await Promise.all([
    ctx.db.selectFrom('favourites').select(['resource_id', 'pinned']).where('user_id', '=', viewer.userId).where('resource_id', 'in', ids).execute(),
    ctx.db.selectFrom('resource_sightings').select(['resource_id', 'first_seen_at']).where('user_id', '=', viewer.userId).where('resource_id', 'in', ids).execute(),
    ctx.db
      .selectFrom('recommendations')
      .selectAll()
      .where('resource_id', 'in', ids)
      .where((eb) =>
        eb.or([
          eb('teacher_id', '=', viewer.userId),
          ...(viewer.classIds.length > 0 ? [eb('class_id', 'in', viewer.classIds)] : []),
        ]),
      )
      .orderBy('created_at', 'desc')
      .execute(),
  ]);
  const favourite = new Map(favourites.map((row) => [row.resource_id, row.pinned]));
  const seen = new Map(sightings.map((row) => [row.resource_id, row.first_seen_at]));
  const since = ctx.clock.now().getTime() - NEW_RESOURCE_DAYS * 86_400_000;
  const views = resources.map((resource) => ({
    ...resource,
    favourite: favourite.has(resource.id),
    pinned: favourite.get(resource.id) === true,
    isNew: (seen.get(resource.id)?.getTime() ?? 0) >= since,
    recommendations: recommendations.filter((row) => row.resource_id === resource.id).map(recommendationView),
  }));
  const rank = (view: ResourceView) => (view.pinned ? 0 : view.favourite ? 1 : 2);
  return views.sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title, 'fr'));
}

export async function listView(ctx: GarContext, result: ResourceListResult) {
  const viewer = requireViewer(ctx);
  return {
    establishmentId: result.establishmentId,
    resources: await decorate(ctx, viewer, result.resources),
    stale: result.stale,
    fetchedAt: result.fetchedAt?.toISOString() ?? null,
    notice: result.notice,
  };
}
