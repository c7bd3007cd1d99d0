import { EmptyState, establishmentsOf, Link, Page, PageHeading, t, useViewer } from '@ent/ui-kit';
import type { ManifestEntry } from '../manifest/manifest.js';
import { usePageTitle } from '../portal/usePageTitle.js';

export function NotFoundPage() {
  usePageTitle(t('shell.pages.notFound.title'));
  return (
    <Page>
      <PageHeading title={t('shell.pages.notFound.title')} />
      <p>{t('shell.pages.notFound.body')}</p>
      <p>
        <Link href="/">{t('shell.pages.notFound.home')}</Link>
      </p>
    </Page>
  );
}

/** A module's route when the module is not open for the person here (or not for their profile). */
export function ModuleUnavailablePage({ entry }: { entry: ManifestEntry }) {
  usePageTitle(t('shell.pages.unavailable.title'));
  const viewer = useViewer();
  const several = viewer ? establishmentsOf(viewer).length > 1 : false;
  const name = entry.tile ? t(`modules.${entry.id}.label`) : entry.id;
  return (
    <Page>
      <PageHeading title={t('shell.pages.unavailable.title')} />
      <EmptyState title={t('shell.pages.unavailable.body', { name })} pictogram="lock">
        {several ? <p>{t('shell.pages.unavailable.bodyOther')}</p> : null}
        <p>
          <Link href="/">{t('shell.pages.unavailable.home')}</Link>
        </p>
      </EmptyState>
    </Page>
  );
}
