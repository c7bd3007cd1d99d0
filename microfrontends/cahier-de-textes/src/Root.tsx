import { EmptyState, Loading, Page, PageHeading, useCurrentEstablishmentId, useLocation, useViewer } from '@ent/ui-kit';
import { DirectionScreen } from './direction/DirectionScreen.js';
import { ParentScreen } from './family/ParentScreen.js';
import { audienceOf } from './logic/audience.js';
import { placeOf } from './logic/place.js';
import { PupilScreen } from './pupil/PupilScreen.js';
import { TeacherScreen } from './teacher/TeacherScreen.js';
import { text } from './text.js';
import './cahier-de-textes.css';

/** The cahier de textes: one screen per audience (teacher, direction, pupil, parent), its state in the URL. */
export default function Root() {
  const viewer = useViewer();
  const establishmentId = useCurrentEstablishmentId();
  const location = useLocation();
  const place = placeOf(location.search);

  if (!viewer) {
    return (
      <Page className="cahier">
        <PageHeading title={text('title')} />
        <Loading label={text('loading')} />
      </Page>
    );
  }
  const audience = audienceOf(viewer, establishmentId, place.family);
  switch (audience) {
    case 'teacher':
      return <TeacherScreen viewer={viewer} place={place} />;
    case 'direction':
      return <DirectionScreen establishmentId={establishmentId} place={place} />;
    case 'pupil':
      return <PupilScreen viewer={viewer} establishmentId={establishmentId} />;
    case 'parent':
      return <ParentScreen viewer={viewer} place={place} />;
    default:
      return (
        <Page className="cahier">
          <PageHeading title={text('title')} />
          <EmptyState title={text('noProfile')} />
        </Page>
      );
  }
}
