import { Button, EmptyState, ErrorState, Link, Loading, navigate, Section, Table, useQuery, useViewer } from '@ent/ui-kit';
import { type FormStatus, HOME_QUERY } from '../api.js';
import { hrefOf } from '../paths.js';
import { frenchDateTime, text } from '../text.js';

interface HomeData {
  formsToAnswer: Array<{ form: { id: string; title: string; deadline: string; description: string | null }; child: { id: string } | null; childName: string | null }>;
  myForms: Array<{ id: string; title: string; status: FormStatus; deadline: string; responseCount: number | null; expectedCount: number | null; canSeeResults: boolean }>;
  formTemplates: Array<{ key: string; title: string; description: string }>;
}

const STAFF = ['ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL'];

/** What to answer (per child for parents), the forms one wrote, the library, the bookings. */
export function HomeScreen() {
  const viewer = useViewer();
  const staff = viewer?.profiles.some((grant) => STAFF.includes(grant.profile)) ?? false;
  const { data, error, loading, refetch } = useQuery<HomeData>(HOME_QUERY);
  if (loading && !data) return <Loading label={text('loading')} />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const toAnswer = data?.formsToAnswer ?? [];
  return (
    <>
      <Section title={text('home.toAnswer')}>
        {toAnswer.length === 0 ? (
          <EmptyState title={text('home.toAnswerEmpty')} headingLevel={3} />
        ) : (
          <ul className="formulaires-cards">
            {toAnswer.map((item) => (
              <li key={`${item.form.id}/${item.child?.id ?? ''}`} className="formulaires-card">
                <h3>
                  {item.form.title}
                  {item.childName ? <span className="formulaires-child"> — {text('home.forChild', { child: item.childName })}</span> : null}
                </h3>
                <p>{text('home.deadline', { date: frenchDateTime(item.form.deadline) })}</p>
                <Link
                  className="ent-button ent-button--primary"
                  href={hrefOf({ view: 'respond', formId: item.form.id, childId: item.child?.id ?? null })}
                >
                  {item.childName ? text('home.answerFor', { child: item.childName }) : text('home.answer')}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {staff ? (
        <>
          <Section
            title={text('home.mine')}
            actions={
              <Button variant="secondary" onClick={() => navigate(hrefOf({ view: 'new', template: null }))}>
                {text('home.new')}
              </Button>
            }
          >
            <Table
              caption={text('home.mine')}
              captionHidden
              rows={data?.myForms ?? []}
              rowKey={(row) => row.id}
              empty={text('home.mineEmpty')}
              columns={[
                { key: 'title', header: text('home.column.title'), rowHeader: true },
                { key: 'status', header: text('home.column.status'), render: (row) => text(`status.${row.status}`) },
                { key: 'deadline', header: text('home.column.deadline'), render: (row) => frenchDateTime(row.deadline) },
                {
                  key: 'responses',
                  header: text('home.column.responses'),
                  render: (row) => (row.responseCount === null ? '' : text('home.responses', { count: row.responseCount, expected: row.expectedCount ?? 0 })),
                },
                {
                  key: 'actions',
                  header: text('home.column.actions'),
                  render: (row) =>
                    row.status === 'DRAFT' ? (
                      <Link href={hrefOf({ view: 'edit', formId: row.id })} aria-label={`${text('home.edit')} « ${row.title} »`}>
                        {text('home.edit')}
                      </Link>
                    ) : row.canSeeResults ? (
                      <Link href={hrefOf({ view: 'results', formId: row.id })} aria-label={`${text('home.results')} « ${row.title} »`}>
                        {text('home.results')}
                      </Link>
                    ) : null,
                },
              ]}
            />
          </Section>
          <Section title={text('home.templates')}>
            <ul className="formulaires-cards">
              {(data?.formTemplates ?? []).map((template) => (
                <li key={template.key} className="formulaires-card">
                  <h3>{template.title}</h3>
                  <p>{template.description}</p>
                  <Link className="ent-button ent-button--secondary" href={hrefOf({ view: 'new', template: template.key })}>
                    {text('home.fromTemplate', { title: template.title })}
                  </Link>
                </li>
              ))}
            </ul>
          </Section>
          <p>
            <Link href={hrefOf({ view: 'bookings' })}>{text('home.bookings')}</Link>
          </p>
        </>
      ) : null}
    </>
  );
}
