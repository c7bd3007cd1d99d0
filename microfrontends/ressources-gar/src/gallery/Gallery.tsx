import {
  Button,
  Checkbox,
  EmptyState,
  ErrorState,
  Loading,
  Pictogram,
  Section,
  Select,
  showToast,
  TextField,
  useMutation,
  useQuery,
  type Viewer,
} from '@ent/ui-kit';
import { useMemo, useState } from 'react';
import { applyFilters, choicesOf, type Filters, NO_FILTERS, type ResourceItem, wantsLargeTiles } from '../logic/filters.js';
import { LAUNCH_TOOL, OPEN, RECOMMEND, RESOURCES, SET_FAVOURITE, SET_PINNED, TOOLS } from '../queries.js';
import { text } from '../text.js';

interface ListData {
  myResources: { establishmentId: string; stale: boolean; fetchedAt: string | null; notice: string | null; resources: ResourceItem[] };
}

const frenchDateTime = (iso: string) => new Date(iso).toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** The person's GAR resources: filters, cards (or large tiles for cycles 1–2), favourites, opening through GAR. */
export function Gallery({ viewer, establishmentId }: { viewer: Viewer; establishmentId: string | null }) {
  const variables = establishmentId ? { establishmentId } : {};
  const list = useQuery<ListData>(RESOURCES, variables);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [setFavourite] = useMutation<unknown>(SET_FAVOURITE);
  const [setPinned] = useMutation<unknown>(SET_PINNED);
  const [open, openState] = useMutation<{ openResource: { url: string } }>(OPEN);
  const resources = list.data?.myResources.resources ?? [];
  const choices = useMemo(() => choicesOf(resources), [resources]);
  const shown = applyFilters(resources, filters);
  const large = wantsLargeTiles(viewer);

  if (list.loading && !list.data) return <Loading label={text('loading')} />;
  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={() => void list.refetch()} retryLabel={text('retry')} />;
  const data = list.data!.myResources;

  const toggle = async (run: () => Promise<unknown>) => {
    try {
      await run();
      await list.refetch();
    } catch (error) {
      showToast((error as Error).message, { tone: 'error' });
    }
  };
  const openResource = async (resource: ResourceItem) => {
    try {
      const answer = await open({ resourceId: resource.id, ...(establishmentId ? { establishmentId } : {}) });
      window.location.assign(answer.openResource.url);
    } catch (error) {
      showToast((error as Error).message, { tone: 'error' });
    }
  };

  return (
    <>
      {data.stale ? (
        <div className="gar-stale" role="status">
          <strong>{text('stale.title')}</strong>
          <p>{data.notice}</p>
          <p>{data.fetchedAt ? text('stale.since', { date: frenchDateTime(data.fetchedAt) }) : text('stale.never')}</p>
        </div>
      ) : data.notice ? (
        <p role="status">{data.notice}</p>
      ) : null}
      {openState.loading ? <p role="status">{text('resource.opening')}</p> : null}

      {large ? (
        <ul className="gar-tiles" aria-label={text('title')}>
          {resources.map((resource) => (
            <li key={resource.id}>
              <button type="button" className="gar-tile" onClick={() => void openResource(resource)} aria-label={text('resource.openLabel', { title: resource.title })}>
                {resource.thumbnailUrl ? <img src={resource.thumbnailUrl} alt="" width={160} height={160} /> : <Pictogram name="books" />}
                <span className="gar-tile__title">{resource.title}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <Section title={text('filters.heading')} level={2} className="gar-filters">
            <div className="gar-filters__grid">
              <TextField
                label={text('filters.search')}
                hint={text('filters.searchHint')}
                type="search"
                value={filters.search}
                onChange={(event) => setFilters({ ...filters, search: event.currentTarget.value })}
              />
              <Select
                label={text('filters.subject')}
                options={[{ value: '', label: text('filters.all') }, ...choices.subjects]}
                value={filters.subject}
                onChange={(event) => setFilters({ ...filters, subject: event.currentTarget.value })}
              />
              <Select
                label={text('filters.level')}
                options={[{ value: '', label: text('filters.all') }, ...choices.levels]}
                value={filters.level}
                onChange={(event) => setFilters({ ...filters, level: event.currentTarget.value })}
              />
              <Select
                label={text('filters.type')}
                options={[{ value: '', label: text('filters.all') }, ...choices.types]}
                value={filters.type}
                onChange={(event) => setFilters({ ...filters, type: event.currentTarget.value })}
              />
              <Checkbox
                label={text('filters.favourites')}
                checked={filters.favouritesOnly}
                onChange={(event) => setFilters({ ...filters, favouritesOnly: event.currentTarget.checked })}
              />
            </div>
          </Section>
          <p role="status" aria-live="polite" className="gar-count">
            {text('results.count', { count: shown.length })}
          </p>
          {resources.length === 0 ? (
            <EmptyState title={text('results.none')} />
          ) : shown.length === 0 ? (
            <EmptyState title={text('results.empty')} />
          ) : (
            <ul className="gar-gallery" aria-label={text('title')}>
              {shown.map((resource) => (
                <li key={resource.id} className="gar-card">
                  {resource.thumbnailUrl ? <img className="gar-card__vignette" src={resource.thumbnailUrl} alt="" width={96} height={96} /> : null}
                  <div className="gar-card__body">
                    <h3 className="gar-card__title">
                      {resource.title} {resource.isNew ? <span className="gar-badge">{text('resource.new')}</span> : null}
                      {resource.pinned ? <span className="gar-badge gar-badge--pin">{text('resource.pinned')}</span> : null}
                    </h3>
                    <p>{text('resource.publisher', { publisher: resource.publisher })}</p>
                    <p>{text('resource.type', { type: resource.typeLabel || resource.typeCode })}</p>
                    {resource.recommendations.length > 0 ? (
                      <p>{text('resource.recommendedBy', { names: [...new Set(resource.recommendations.map((r) => r.teacherName))].join(', ') })}</p>
                    ) : null}
                    <div className="gar-card__actions">
                      <Button onClick={() => void openResource(resource)} aria-label={text('resource.openLabel', { title: resource.title })}>
                        {text('resource.open')}
                      </Button>
                      <Button
                        variant="secondary"
                        aria-pressed={resource.favourite}
                        aria-label={text(resource.favourite ? 'resource.unfavourite' : 'resource.favourite', { title: resource.title })}
                        onClick={() =>
                          void toggle(() => setFavourite({ resourceId: resource.id, favourite: !resource.favourite, ...(establishmentId ? { establishmentId } : {}) }))
                        }
                      >
                        <Pictogram name="star" />
                      </Button>
                      <Button
                        variant="secondary"
                        aria-pressed={resource.pinned}
                        aria-label={text(resource.pinned ? 'resource.unpin' : 'resource.pin', { title: resource.title })}
                        onClick={() => void toggle(() => setPinned({ resourceId: resource.id, pinned: !resource.pinned, ...(establishmentId ? { establishmentId } : {}) }))}
                      >
                        <Pictogram name="check" />
                      </Button>
                    </div>
                    <Recommend viewer={viewer} resource={resource} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {establishmentId ? <Tools establishmentId={establishmentId} /> : null}
    </>
  );
}

/** The LTI tools of the establishment, launched through the ENT (LTI 1.3); nothing shown when there are none. */
function Tools({ establishmentId }: { establishmentId: string }) {
  const tools = useQuery<{ ltiTools: { id: string; name: string }[] }>(TOOLS, { establishmentId });
  const [launch, state] = useMutation<{ launchLtiTool: { url: string } }>(LAUNCH_TOOL);
  const list = tools.data?.ltiTools ?? [];
  if (list.length === 0) return null;
  return (
    <Section title={text('tools.own')}>
      {state.loading ? <p role="status">{text('tools.opening')}</p> : null}
      <ul className="gar-tools">
        {list.map((tool) => (
          <li key={tool.id}>
            <Button
              variant="secondary"
              onClick={async () => {
                try {
                  const answer = await launch({ toolId: tool.id });
                  window.location.assign(answer.launchLtiTool.url);
                } catch (error) {
                  showToast((error as Error).message, { tone: 'error' });
                }
              }}
            >
              {text('tools.launch', { name: tool.name })}
            </Button>
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** A teacher recommends the resource to one of the classes they teach in this establishment. */
function Recommend({ viewer, resource }: { viewer: Viewer; resource: ResourceItem }) {
  const classes = viewer.teachings
    .map((teaching) => teaching.class)
    .filter((schoolClass): schoolClass is NonNullable<typeof schoolClass> => schoolClass !== null)
    .filter((schoolClass, index, all) => all.findIndex((other) => other.id === schoolClass.id) === index);
  const [classId, setClassId] = useState('');
  const [recommend, state] = useMutation<unknown>(RECOMMEND);
  if (classes.length === 0) return null;
  return (
    <div className="gar-recommend">
      <Select
        label={text('resource.recommendLabel', { title: resource.title })}
        options={classes.map((schoolClass) => ({ value: schoolClass.id, label: schoolClass.name }))}
        placeholder={text('filters.all')}
        value={classId}
        onChange={(event) => setClassId(event.currentTarget.value)}
      />
      <Button
        variant="secondary"
        busy={state.loading}
        disabled={!classId}
        onClick={async () => {
          try {
            await recommend({ classId, resourceId: resource.id });
            showToast(text('resource.recommended', { title: resource.title }), { tone: 'success' });
          } catch (error) {
            showToast((error as Error).message, { tone: 'error' });
          }
        }}
      >
        {text('resource.recommend')}
      </Button>
    </div>
  );
}
