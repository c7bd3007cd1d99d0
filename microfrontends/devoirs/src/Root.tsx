import { EmptyState, Loading, Page, PageHeading, useCurrentEstablishmentId, useLocation, useViewer } from '@ent/ui-kit';
import { audienceOf } from './logic/audience.js';
import { placeOf } from './logic/place.js';
import { DirectionScreen } from './direction/DirectionScreen.js';
import { ParentScreen } from './family/ParentScreen.js';
import { PupilScreen } from './pupil/PupilScreen.js';
import { TeacherScreen } from './teacher/TeacherScreen.js';
import { text } from './text.js';
import './devoirs.css';

/** Devoirs: one screen per audience (teacher, pupil, parent), its state in the URL. */
export default function Root() {
  const viewer = useViewer();
  const establishmentId = useCurrentEstablishmentId();
  const place = placeOf(useLocation().search);

  if (!viewer) {
    return (
      <Page className="devoirs">
        <PageHeading title={text('title')} />
        <Loading label={text('loading')} />
      </Page>
    );
  }
  switch (audienceOf(viewer, establishmentId, place.childId)) {
    case 'teacher':
      return <TeacherScreen viewer={viewer} establishmentId={establishmentId} place={place} />;
    case 'direction':
      return <DirectionScreen establishmentId={establishmentId} />;
    case 'pupil':
      return <PupilScreen place={place} />;
    case 'parent':
      return <ParentScreen viewer={viewer} place={place} />;
    default:
      return (
        <Page className="devoirs">
          <PageHeading title={text('title')} />
          <EmptyState title={text('noProfile')} />
        </Page>
      );
  }
}
