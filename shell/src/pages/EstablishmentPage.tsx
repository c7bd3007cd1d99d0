import { ErrorState, Link, Loading, Page, PageHeading, Section, t, Table, useQuery } from '@ent/ui-kit';
import { usePageTitle } from '../portal/usePageTitle.js';

interface EstablishmentData {
  establishment: {
    id: string;
    name: string;
    city: string;
    classes: { id: string; name: string; level: string; pupilCount: number }[];
  } | null;
}

const ESTABLISHMENT_QUERY = `query PortalEstablishment($id: ID!) {
  establishment(id: $id) { id name city classes { id name level pupilCount } }
}`;

/** « Mon établissement »: its classes and how many pupils each has. */
export function EstablishmentPage({ establishmentId }: { establishmentId: string }) {
  const { data, error, loading, refetch } = useQuery<EstablishmentData>(ESTABLISHMENT_QUERY, { id: establishmentId });
  const establishment = data?.establishment ?? null;
  usePageTitle(establishment?.name ?? t('shell.pages.establishment.loading'));
  if (loading && !data) return <Page><Loading label={t('shell.pages.establishment.loading')} /></Page>;
  if (error || !establishment) {
    return (
      <Page>
        <PageHeading title={t('shell.pages.notFound.title')} />
        <ErrorState error={error ?? t('kit.errors.notFound')} onRetry={() => void refetch()} />
      </Page>
    );
  }
  const classes = [...establishment.classes].sort((a, b) => a.name.localeCompare(b.name, 'fr', { numeric: true }));
  return (
    <Page>
      <PageHeading title={establishment.name} subtitle={establishment.city} />
      <Section title={t('shell.pages.establishment.classes')}>
        <Table
          caption={t('shell.pages.establishment.classesCaption')}
          captionHidden
          rows={classes}
          rowKey={(schoolClass) => schoolClass.id}
          columns={[
            {
              key: 'name',
              header: t('shell.pages.establishment.className'),
              rowHeader: true,
              render: (schoolClass) => <Link href={`/classe/${encodeURIComponent(schoolClass.id)}`}>{schoolClass.name}</Link>,
            },
            { key: 'pupilCount', header: t('shell.pages.establishment.pupils'), align: 'end' },
          ]}
        />
      </Section>
    </Page>
  );
}
