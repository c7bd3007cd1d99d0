import { EmptyState, ErrorState, Loading, Page, PageHeading, Section, Table, useQuery } from '@ent/ui-kit';
import { type ReactNode, useEffect } from 'react';
import { text } from '../text.js';

const INDICATORS = `query ($e: ID!) { assignmentIndicators(establishmentId: $e) {
  classSubmissionRates { class { id name } assignments targeted submitted rate }
  markingDelays { teacher { id displayName } class { id name } returned averageHours } } }`;

interface IndicatorsData {
  assignmentIndicators: {
    classSubmissionRates: Array<{ class: { id: string; name: string } | null; assignments: number; targeted: number; submitted: number; rate: number }>;
    markingDelays: Array<{ teacher: { id: string; displayName: string }; class: { id: string; name: string } | null; returned: number; averageHours: number }>;
  };
}

/** « 1 j 5 h » from hours, rounded to the hour. */
export function delayLabel(hours: number): string {
  const rounded = Math.round(hours);
  if (rounded < 24) return text('direction.delay', { hours: rounded });
  return text('direction.delayDays', { days: Math.floor(rounded / 24), hours: rounded % 24 });
}

/** The direction's view: the establishment's indicators (computed in SQL by the subgraph), for pilotage. */
export function DirectionScreen({ establishmentId }: { establishmentId: string | null }) {
  const { data, error, loading, refetch } = useQuery<IndicatorsData>(INDICATORS, { e: establishmentId }, { skip: !establishmentId });
  useEffect(() => {
    document.title = text('pageTitle', { section: text('direction.section') });
  }, []);
  let content: ReactNode;
  if (!establishmentId) content = <EmptyState title={text('direction.noEstablishment')} />;
  else if (loading && !data) content = <Loading label={text('loading')} />;
  else if (error) content = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (!data || data.assignmentIndicators.classSubmissionRates.length === 0) content = <EmptyState title={text('direction.empty')} />;
  else {
    type ClassRow = IndicatorsData['assignmentIndicators']['classSubmissionRates'][number];
    type DelayRow = IndicatorsData['assignmentIndicators']['markingDelays'][number];
    content = (
      <>
        <Section title={text('direction.classCaption')}>
          <Table<ClassRow>
            caption={text('direction.classCaption')}
            captionHidden
            rows={data.assignmentIndicators.classSubmissionRates}
            rowKey={(row) => row.class?.id ?? 'none'}
            columns={[
              { key: 'class', header: text('direction.column.class'), rowHeader: true, render: (row) => row.class?.name ?? '—' },
              { key: 'assignments', header: text('direction.column.assignments'), align: 'end', render: (row) => row.assignments },
              {
                key: 'rate',
                header: text('direction.column.rate'),
                align: 'end',
                render: (row) => text('direction.rate', { percent: Math.round(row.rate * 100), submitted: row.submitted, targeted: row.targeted }),
              },
            ]}
          />
        </Section>
        <Section title={text('direction.delayCaption')}>
          <Table<DelayRow>
            caption={text('direction.delayCaption')}
            captionHidden
            rows={data.assignmentIndicators.markingDelays}
            rowKey={(row) => `${row.teacher.id}-${row.class?.id ?? 'none'}`}
            columns={[
              { key: 'teacher', header: text('direction.column.teacher'), rowHeader: true, render: (row) => row.teacher.displayName },
              { key: 'class', header: text('direction.column.class'), render: (row) => row.class?.name ?? '—' },
              { key: 'returned', header: text('direction.column.returned'), align: 'end', render: (row) => row.returned },
              { key: 'delay', header: text('direction.column.delay'), align: 'end', render: (row) => delayLabel(row.averageHours) },
            ]}
          />
        </Section>
      </>
    );
  }
  return (
    <Page className="devoirs">
      <PageHeading title={text('title')} subtitle={text('direction.section')} />
      {content}
    </Page>
  );
}
