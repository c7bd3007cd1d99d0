import { Button, EmptyState, ErrorState, Link, Loading, navigate, Page, PageHeading, Section, Table, useQuery, type Viewer } from '@ent/ui-kit';
import { type ReactNode, useEffect } from 'react';
import { frenchDateTime } from '../logic/dates.js';
import { hrefOf, type Place } from '../logic/place.js';
import { TEACHER_ASSIGNMENTS, type TeacherAssignmentsData } from '../queries.js';
import { text } from '../text.js';
import { AssignmentForm } from './AssignmentForm.js';
import { FollowScreen } from './FollowScreen.js';
import { MarkingScreen } from './MarkingScreen.js';

/** The classes a teacher teaches in the current establishment (from the portal's `me`), by id. */
export function taughtClasses(viewer: Viewer): Map<string, string> {
  const classes = new Map<string, string>();
  for (const teaching of viewer.teachings) if (teaching.class) classes.set(teaching.class.id, teaching.class.name);
  return classes;
}

export function TeacherScreen({ viewer, place }: { viewer: Viewer; establishmentId: string | null; place: Place }) {
  const classes = taughtClasses(viewer);
  if (place.creating) return <AssignmentForm classes={classes} />;
  if (place.assignmentId && place.pupilId) return <MarkingScreen assignmentId={place.assignmentId} pupilId={place.pupilId} />;
  if (place.assignmentId) return <FollowScreen assignmentId={place.assignmentId} classes={classes} />;
  return <AssignmentList classes={classes} />;
}

function AssignmentList({ classes }: { classes: Map<string, string> }) {
  const { data, error, loading, refetch } = useQuery<TeacherAssignmentsData>(TEACHER_ASSIGNMENTS);
  useEffect(() => {
    document.title = text('pageTitle', { section: text('teacher.section') });
  }, []);
  type Row = TeacherAssignmentsData['teacherAssignments'][number];
  let content: ReactNode;
  if (loading && !data) content = <Loading label={text('loading')} />;
  else if (error) content = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (!data || data.teacherAssignments.length === 0) content = <EmptyState title={text('teacher.empty')} />;
  else {
    content = (
      <Table<Row>
        caption={text('teacher.caption')}
        rows={data.teacherAssignments}
        rowKey={(row) => row.id}
        columns={[
          { key: 'title', header: text('teacher.column.title'), rowHeader: true, render: (row) => <Link href={hrefOf({ assignmentId: row.id })}>{row.title}</Link> },
          { key: 'class', header: text('teacher.column.class'), render: (row) => (row.class ? (classes.get(row.class.id) ?? '') : '') },
          { key: 'due', header: text('teacher.column.due'), render: (row) => frenchDateTime(row.dueAt) },
          {
            key: 'progress',
            header: text('teacher.column.progress'),
            render: (row) =>
              row.progress ? (
                <>
                  <span aria-hidden="true">{text('teacher.progressShort', row.progress)}</span>
                  <span className="ent-visually-hidden">{text('teacher.progress', row.progress)}</span>
                </>
              ) : (
                '—'
              ),
          },
          { key: 'state', header: text('teacher.column.state'), render: (row) => text(row.state === 'DRAFT' ? 'teacher.draft' : 'teacher.published') },
        ]}
      />
    );
  }
  return (
    <Page className="devoirs">
      <PageHeading
        title={text('title')}
        subtitle={text('teacher.section')}
        actions={
          <Button variant="primary" onClick={() => navigate(hrefOf({ creating: true }))}>
            {text('teacher.new')}
          </Button>
        }
      />
      <Section title={text('teacher.section')} titleHidden>
        {content}
      </Section>
    </Page>
  );
}
