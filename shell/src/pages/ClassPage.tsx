import { ErrorState, Loading, Page, PageHeading, Section, t, Table, useQuery } from '@ent/ui-kit';
import { usePageTitle } from '../portal/usePageTitle.js';

interface ClassData {
  class: {
    id: string;
    name: string;
    pupilCount: number;
    establishment: { id: string; name: string };
    teachings: { subject: string; headTeacher: boolean; teacher: { id: string; displayName: string } }[];
    /** Null (with a FORBIDDEN error) for those who may not list the pupils: a parent, say. */
    pupils: { id: string; displayName: string }[] | null;
  } | null;
}

const CLASS_QUERY = `query PortalClass($id: ID!) {
  class(id: $id) {
    id name pupilCount
    establishment { id name }
    teachings { subject headTeacher teacher { id displayName } }
    pupils { id displayName }
  }
}`;

/** A class: its teachers and, for those allowed, its pupils (the annuaire decides, not this page). */
export function ClassPage({ classId }: { classId: string }) {
  const { data, error, loading, refetch } = useQuery<ClassData>(CLASS_QUERY, { id: classId }, { partial: true });
  const schoolClass = data?.class ?? null;
  usePageTitle(schoolClass ? t('shell.pages.class.title', { name: schoolClass.name }) : t('shell.pages.class.loading'));

  if (loading && !data) return <Page><Loading label={t('shell.pages.class.loading')} /></Page>;
  if (error || !schoolClass) {
    return (
      <Page>
        <PageHeading title={t('shell.pages.notFound.title')} />
        <ErrorState error={error ?? t('kit.errors.notFound')} onRetry={() => void refetch()} />
      </Page>
    );
  }
  const teachings = [...schoolClass.teachings].sort((a, b) => Number(b.headTeacher) - Number(a.headTeacher) || a.subject.localeCompare(b.subject, 'fr'));
  const pupils = schoolClass.pupils ? [...schoolClass.pupils].sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr')) : null;
  return (
    <Page>
      <PageHeading
        title={t('shell.pages.class.title', { name: schoolClass.name })}
        subtitle={`${schoolClass.establishment.name} — ${t('shell.pages.class.pupilCount', { count: schoolClass.pupilCount })}`}
      />
      <Section title={t('shell.pages.class.teachers')}>
        <Table
          caption={t('shell.pages.class.teachersCaption', { name: schoolClass.name })}
          captionHidden
          rows={teachings}
          rowKey={(teaching) => `${teaching.teacher.id}:${teaching.subject}`}
          empty={t('shell.pages.class.noTeachers')}
          columns={[
            { key: 'teacher', header: t('shell.pages.class.teacher'), rowHeader: true, render: (teaching) => teaching.teacher.displayName },
            { key: 'subject', header: t('shell.pages.class.subject') },
            {
              key: 'role',
              header: t('shell.pages.class.role'),
              render: (teaching) => (teaching.headTeacher ? t('shell.pages.class.headTeacher') : ''),
            },
          ]}
        />
      </Section>
      {pupils ? (
        <Section title={t('shell.pages.class.pupils')}>
          <ul className="portal-columns">
            {pupils.map((pupil) => (
              <li key={pupil.id}>{pupil.displayName}</li>
            ))}
          </ul>
        </Section>
      ) : null}
    </Page>
  );
}
