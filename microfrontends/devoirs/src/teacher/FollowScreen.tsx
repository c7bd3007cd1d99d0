import { Button, ErrorState, graphql, Link, Loading, navigate, Page, PageHeading, Section, showToast, Table, useMutation, useQuery } from '@ent/ui-kit';
import { type ReactNode, useEffect, useState } from 'react';
import { frenchDateTime, frenchTime } from '../logic/dates.js';
import { hrefOf } from '../logic/place.js';
import { frenchNumber } from '../logic/rubric.js';
import { ARCHIVE_URL, FOLLOW, type FollowData, PUBLISH_ASSIGNMENT, RETURN_WORK, type WorkView } from '../queries.js';
import { Attachments } from '../shared/Attachments.js';
import { Instructions, StatusBadge } from '../shared/widgets.js';
import { text } from '../text.js';

/** Every 30 s while the page is open: pupils hand in during the evening, the teacher sees it come. */
const REFRESH_MS = 30_000;

/** Following an assignment: the pupils and where their work stands, marking links, return all, the archive. */
export function FollowScreen({ assignmentId, classes }: { assignmentId: string; classes: Map<string, string> }) {
  const { data, error, loading, refetch } = useQuery<FollowData>(FOLLOW, { id: assignmentId });
  const [returnAll, returning] = useMutation<{ returnWork: unknown[] }>(RETURN_WORK);
  const [publish, publishing] = useMutation(PUBLISH_ASSIGNMENT);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const assignment = data?.assignment;

  useEffect(() => {
    if (assignment) document.title = text('pageTitle', { section: assignment.title });
  }, [assignment]);
  useEffect(() => {
    const timer = setInterval(() => {
      void refetch().then(() => setUpdatedAt(frenchTime(new Date())));
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetch]);

  if (loading && !data) return frame(<Loading label={text('loading')} />);
  if (error) return frame(<ErrorState error={error} onRetry={() => void refetch()} />);
  if (!assignment) return frame(<ErrorState error={text('noProfile')} />);
  const works = assignment.works;
  const progress = assignment.progress;

  return (
    <Page className="devoirs">
      <p>
        <Link href={hrefOf({})}>{text('back')}</Link>
      </p>
      <PageHeading
        title={assignment.title}
        subtitle={`${assignment.class ? `${classes.get(assignment.class.id) ?? ''} — ` : ''}${text('dueOn', { date: frenchDateTime(assignment.dueAt) })}`}
      />
      {assignment.state === 'DRAFT' ? (
        <p>
          <Button
            busy={publishing.loading}
            onClick={async () => {
              await publish({ id: assignment.id });
              showToast(text('teacher.published.toast', { title: assignment.title }), { tone: 'success' });
              await refetch();
            }}
          >
            {text('teacher.publish')}
          </Button>
        </p>
      ) : null}
      <Section title={text('follow.instructions')} level={2}>
        <Instructions html={assignment.instructions} />
      </Section>
      <Attachments assignmentId={assignment.id} files={assignment.attachments} editable onChange={() => void refetch()} />
      <Section
        title={text('follow.caption')}
        actions={
          <div className="ent-cluster ent-cluster--small">
            <Button
              variant="secondary"
              onClick={async () => {
                await refetch();
                setUpdatedAt(frenchTime(new Date()));
              }}
            >
              {text('follow.refresh')}
            </Button>
            <Button
              variant="secondary"
              onClick={async () => {
                const answer = await graphql<{ assignment: { archiveUrl: string | null } }>(ARCHIVE_URL, { id: assignment.id });
                if (answer.assignment.archiveUrl) window.location.assign(answer.assignment.archiveUrl);
              }}
            >
              {text('follow.download')}
            </Button>
            <Button
              busy={returning.loading}
              onClick={async () => {
                const result = await returnAll({ a: assignment.id });
                showToast(text('follow.returnedAll', { count: result.returnWork.length }), { tone: 'success' });
                await refetch();
              }}
            >
              {text('follow.returnAll')}
            </Button>
          </div>
        }
      >
        {progress ? <p>{text('teacher.progress', progress)}</p> : null}
        <p className="ent-visually-hidden" aria-live="polite">
          {updatedAt ? text('follow.updated', { time: updatedAt }) : ''}
        </p>
        <Table<WorkView>
          caption={text('follow.caption')}
          captionHidden
          rows={works}
          rowKey={(row) => row.pupil.id}
          columns={[
            { key: 'pupil', header: text('follow.column.pupil'), rowHeader: true, render: (row) => row.pupilName },
            { key: 'status', header: text('follow.column.status'), render: (row) => <StatusBadge status={row.status} /> },
            { key: 'submitted', header: text('follow.column.submitted'), render: (row) => (row.submittedAt ? frenchDateTime(row.submittedAt) : '—') },
            {
              key: 'score',
              header: text('follow.column.score'),
              render: (row) => (row.mark ? text('score', { score: frenchNumber(row.mark.score), max: frenchNumber(row.mark.maxScore) }) : '—'),
            },
            {
              key: 'action',
              header: text('follow.column.action'),
              render: (row) => (
                <Link href={hrefOf({ assignmentId: assignment.id, pupilId: row.pupil.id })} aria-label={text('follow.markLabel', { name: row.pupilName })}>
                  {text('follow.mark')}
                </Link>
              ),
            },
          ]}
        />
      </Section>
    </Page>
  );
}

function frame(content: ReactNode) {
  return (
    <Page className="devoirs">
      <p>
        <Link href={hrefOf({})} onClick={() => navigate(hrefOf({}))}>
          {text('back')}
        </Link>
      </p>
      <PageHeading title={text('title')} />
      {content}
    </Page>
  );
}
