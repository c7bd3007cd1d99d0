import { Link, Loading, Page, PageHeading, useCurrentEstablishmentId, useLocation, useViewer } from '@ent/ui-kit';
import { AdminScreen } from './admin/AdminScreen.js';
import { Gallery } from './gallery/Gallery.js';
import { administers } from './logic/filters.js';
import { text } from './text.js';
import './ressources-gar.css';

/** Ressources numériques: the gallery, or (`?vue=admin`) the administration. */
export default function Root() {
  const viewer = useViewer();
  const establishmentId = useCurrentEstablishmentId();
  const location = useLocation();
  const adminView = new URLSearchParams(location.search).get('vue') === 'admin';
  if (!viewer) {
    return (
      <Page className="ressources-gar-page">
        <PageHeading title={text('title')} />
        <Loading label={text('loading')} />
      </Page>
    );
  }
  const canAdminister = administers(viewer, establishmentId);
  return (
    <Page className="ressources-gar-page">
      <PageHeading
        title={adminView ? text('admin.title') : text('title')}
        subtitle={adminView ? undefined : text('subtitle')}
        actions={
          adminView ? (
            <Link href="/ressources-gar">{text('admin.back')}</Link>
          ) : canAdminister ? (
            <Link href="/ressources-gar?vue=admin">{text('admin.link')}</Link>
          ) : undefined
        }
      />
      {adminView ? <AdminScreen viewer={viewer} establishmentId={establishmentId} /> : <Gallery viewer={viewer} establishmentId={establishmentId} />}
    </Page>
  );
}
