import { EmptyState, ErrorState, Link, Loading, Page, PageHeading, Section, useQuery } from '@ent/ui-kit';
import { type ReactNode, useEffect } from 'react';
import { frenchDateTime } from '../logic/dates.js';
import { partitionForPupil } from '../logic/lists.js';
import { hrefOf, type Place } from '../logic/place.js';
import { frenchNumber } from '../logic/rubric.js';
import { PUPIL_ASSIGNMENTS, type PupilAssignmentsData } from '../queries.js';
import { StatusBadge } from '../shared/widgets.js';
import { text } from '../text.js';
import { SubmissionScreen } from './SubmissionScreen.js';

/** A pupil's devoirs: what to hand in (soonest first), then what is done; one assignment opens its own screen. */
export function PupilScreen({ place }: { place: Place }) {
  if (place.assignmentId) return <SubmissionScreen assignmentId={place.assignmentId} />;
  return <PupilList />;
}

type Item = PupilAssignmentsData['pupilAssignments'][number];

function PupilList() {
  const { data, error, loading, refetch } = useQuery<PupilAssignmentsData>(PUPIL_ASSIGNMENTS, {});
  useEffect(() => {
    document.title = text('pageTitle', { section: text('pupil.section') });
  }, []);
  let content: ReactNode;
  if (loading && !data) content = <Loading label={text('loading')} />;
  else if (error) content = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (!data || data.pupilAssignments.length === 0) content = <EmptyState title={text('pupil.empty')} />;
  else {
    const { todo, done, missed } = partitionForPupil(data.pupilAssignments);
    content = (
      <>
        <Section title={text('pupil.todo')}>{todo.length === 0 ? <p>{text('pupil.empty')}</p> : <AssignmentCards items={todo} />}</Section>
        {done.length > 0 ? (
          <Section title={text('pupil.done')}>
            <AssignmentCards items={done} />
          </Section>
        ) : null}
        {missed.length > 0 ? (
          <Section title={text('pupil.missed')}>
            <AssignmentCards items={missed} />
          </Section>
        ) : null}
      </>
    );
  }
  return (
    <Page className="devoirs">
      <PageHeading title={text('title')} subtitle={text('pupil.section')} />
      {content}
    </Page>
  );
}

function AssignmentCards({ items }: { items: readonly Item[] }) {
  return (
    <ul className="devoirs-cards">
      {items.map((item) => (
        <li key={item.id} className="ent-card devoirs-card">
          <h3 className="devoirs-card__title">
            <Link href={hrefOf({ assignmentId: item.id })}>{item.title}</Link>
          </h3>
          <p>{text('dueOn', { date: frenchDateTime(item.dueAt) })}</p>
          {item.work ? (
            <p>
              <StatusBadge status={item.work.status} />
              {item.work.mark?.returnedAt ? ` ${text('score', { score: frenchNumber(item.work.mark.score), max: frenchNumber(item.work.mark.maxScore) })}` : ''}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
