import { Button, Cluster, ErrorState, graphql, isApiError, Section, TextField, useQuery, useToast } from '@ent/ui-kit';
import { useState } from 'react';
import { longDateTime } from '../logic/dates.js';
import { CREATE_FEED, type FeedItem, FEEDS, REVOKE_FEED } from '../queries.js';
import { text } from '../text.js';

/**
 * The private iCalendar address of homework due dates: created here (shown once: only its hash is
 * stored), listed, revoked. A pupil has their own; a parent one per child (`name` set).
 */
export function CalendarFeeds({ pupils }: { pupils: ReadonlyArray<{ id: string; name: string | null }> }) {
  const toast = useToast();
  const feeds = useQuery<{ calendarFeeds: FeedItem[] }>(FEEDS);
  const [created, setCreated] = useState<{ pupilId: string; url: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (pupilId: string, asParent: boolean) => {
    setBusy(true);
    try {
      const answer = await graphql<{ createCalendarFeed: { url: string } }>(CREATE_FEED, asParent ? { pupilId } : {});
      setCreated({ pupilId, url: answer.createCalendarFeed.url });
      toast.success(text('feed.createdToast'));
      await feeds.refetch();
    } catch (error) {
      toast.error(isApiError(error) ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    try {
      await graphql(REVOKE_FEED, { id });
      toast.success(text('feed.revoked'));
      setCreated(null);
      await feeds.refetch();
    } catch (error) {
      toast.error(isApiError(error) ? error.message : String(error));
    }
  };

  return (
    <>
      {pupils.map((pupil) => {
        const active = (feeds.data?.calendarFeeds ?? []).filter((feed) => feed.pupil.id === pupil.id && !feed.revokedAt);
        return (
          <Section key={pupil.id} title={pupil.name ? text('feed.headingFor', { name: pupil.name }) : text('feed.heading')} className="cahier-feeds">
            <p>{text('feed.intro')}</p>
            {feeds.error ? <ErrorState error={feeds.error} onRetry={() => void feeds.refetch()} headingLevel={3} /> : null}
            <p>{text('feed.active', { count: active.length })}</p>
            {active.length > 0 ? (
              <ul className="cahier-list">
                {active.map((feed) => {
                  const date = longDateTime(new Date(feed.createdAt));
                  return (
                    <li key={feed.id}>
                      <Cluster gap="small">
                        <span>{text('feed.createdAt', { date })}</span>
                        <Button variant="danger" size="small" onClick={() => void revoke(feed.id)} aria-label={text('feed.revokeLabel', { date })}>
                          {text('feed.revoke')}
                        </Button>
                      </Cluster>
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {created?.pupilId === pupil.id ? (
              <TextField id={`cahier-feed-${pupil.id}`} label={text('feed.created')} value={created.url} readOnly onFocus={(event) => event.target.select()} />
            ) : null}
            <Button variant="secondary" busy={busy} onClick={() => void create(pupil.id, pupil.name !== null)}>
              {pupil.name ? text('feed.createFor', { name: pupil.name }) : text('feed.create')}
            </Button>
          </Section>
        );
      })}
    </>
  );
}
