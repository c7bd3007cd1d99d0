import { EmptyState, ErrorState, Link, Loading, navigate, Page, PageHeading, Section, Select, Table, useQuery, type Viewer, type ViewerChild } from '@ent/ui-kit';
import { useEffect } from 'react';
import { chooseChild } from '../logic/audience.js';
import { frenchDateTime } from '../logic/dates.js';
import { hrefOf, type Place } from '../logic/place.js';
import { frenchNumber } from '../logic/rubric.js';
import { PUPIL_ASSIGNMENT, PUPIL_ASSIGNMENTS, type PupilAssignmentData, type PupilAssignmentsData } from '../queries.js';
import { Attachments } from '../shared/Attachments.js';
import { Instructions, MarkResult, StatusBadge } from '../shared/widgets.js';
import { text } from '../text.js';

/** Whether the child's establishment has opened the module (what the annuaire told the portal). */
function moduleOpenFor(child: ViewerChild): boolean {
  return child.classes.some((schoolClass) => schoolClass.establishment.modules.some((module) => module.moduleId === 'devoirs' && module.enabled));
}

/** A parent's view, per child: each assignment's status and, once returned, the result and the teacher's words. */
export function ParentScreen({ viewer, place }: { viewer: Viewer; place: Place }) {
  const child = chooseChild(viewer.children, place.childId);
  useEffect(() => {
    if (child) document.title = text('pageTitle', { section: text('parent.section', { name: child.firstName }) });
  }, [child]);
  if (!child) {
    return (
      <Page className="devoirs">
        <PageHeading title={text('title')} />
        <EmptyState title={text('noProfile')} />
      </Page>
    );
  }
  return (
    <Page className="devoirs">
      <PageHeading title={text('title')} subtitle={text('parent.section', { name: child.firstName })} />
      {viewer.children.length > 1 ? (
        <Select
          id="devoirs-child"
          label={text('parent.child')}
          options={viewer.children.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
          value={child.id}
          onChange={(event) => navigate(hrefOf({ childId: event.target.value }))}
        />
      ) : null}
      {!moduleOpenFor(child) ? (
        <EmptyState title={text('parent.notAvailable', { name: child.firstName })} />
      ) : place.assignmentId ? (
        <ChildAssignment child={child} assignmentId={place.assignmentId} />
      ) : (
        <ChildAssignments child={child} />
      )}
    </Page>
  );
}

type Item = PupilAssignmentsData['pupilAssignments'][number];

function ChildAssignments({ child }: { child: ViewerChild }) {
  const { data, error, loading, refetch } = useQuery<PupilAssignmentsData>(PUPIL_ASSIGNMENTS, { p: child.id });
  if (loading && !data) return <Loading label={text('loading')} />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data || data.pupilAssignments.length === 0) return <EmptyState title={text('parent.empty', { name: child.firstName })} />;
  return (
    <Section title={text('parent.section', { name: child.firstName })} titleHidden>
      <Table<Item>
        caption={text('parent.caption', { name: child.firstName })}
        rows={data.pupilAssignments}
        rowKey={(row) => row.id}
        columns={[
          {
            key: 'title',
            header: text('parent.column.title'),
            rowHeader: true,
            render: (row) => <Link href={hrefOf({ childId: child.id, assignmentId: row.id })}>{row.title}</Link>,
          },
          { key: 'due', header: text('parent.column.due'), render: (row) => frenchDateTime(row.dueAt) },
          { key: 'status', header: text('parent.column.status'), render: (row) => (row.work ? <StatusBadge status={row.work.status} /> : '—') },
          {
            key: 'result',
            header: text('parent.column.result'),
            render: (row) =>
              row.work?.mark?.returnedAt ? text('score', { score: frenchNumber(row.work.mark.score), max: frenchNumber(row.work.mark.maxScore) }) : '—',
          },
        ]}
      />
    </Section>
  );
}

function ChildAssignment({ child, assignmentId }: { child: ViewerChild; assignmentId: string }) {
  const { data, error, loading, refetch } = useQuery<PupilAssignmentData>(PUPIL_ASSIGNMENT, { id: assignmentId, p: child.id });
  if (loading && !data) return <Loading label={text('loading')} />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const assignment = data?.assignment;
  if (!assignment?.work) return <EmptyState title={text('parent.empty', { name: child.firstName })} />;
  return (
    <>
      <p>
        <Link href={hrefOf({ childId: child.id })}>{text('back')}</Link>
      </p>
      <Section title={assignment.title}>
        <p>{text('dueOn', { date: frenchDateTime(assignment.dueAt) })}</p>
        <p>
          <StatusBadge status={assignment.work.status} />
          {assignment.work.submittedAt ? ` — ${text('submittedOn', { date: frenchDateTime(assignment.work.submittedAt) })}` : ''}
        </p>
        <Instructions html={assignment.instructions} />
      </Section>
      <Attachments assignmentId={assignment.id} files={assignment.attachments} editable={false} />
      {assignment.work.mark ? (
        <Section title={text('parent.feedbackOf', { title: assignment.title, name: child.firstName })}>
          <MarkResult mark={assignment.work.mark} rubric={assignment.rubric} files={assignment.work.feedbackFiles} />
        </Section>
      ) : null}
    </>
  );
}
