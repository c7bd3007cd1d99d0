import { Link, Page, PageHeading, useLocation, useViewer } from '@ent/ui-kit';
import { type ReactNode, useEffect } from 'react';
import { hrefOf, placeOf } from './paths.js';
import { BookingsScreen } from './screens/Bookings.js';
import { BuilderScreen } from './screens/Builder.js';
import { HomeScreen } from './screens/Home.js';
import { RespondScreen } from './screens/Respond.js';
import { ResultsScreen } from './screens/Results.js';
import { text } from './text.js';
import './formulaires.css';

/** The formulaires micro-frontend: one page per place (paths.ts), each with its own URL. */
export default function Root() {
  const location = useLocation();
  const place = placeOf(location.pathname, location.search);
  const viewer = useViewer();
  const section =
    place.view === 'home'
      ? text('home.section')
      : place.view === 'new'
        ? text('builder.section')
        : place.view === 'edit'
          ? text('builder.editSection')
          : place.view === 'respond'
            ? text('respond.section')
            : place.view === 'results'
              ? text('results.section')
              : text('bookings.section');

  useEffect(() => {
    document.title = text('pageTitle', { section });
  }, [section]);

  let content: ReactNode;
  switch (place.view) {
    case 'home':
      content = <HomeScreen />;
      break;
    case 'new':
      content = <BuilderScreen key={`new-${place.template ?? ''}`} formId={null} template={place.template} />;
      break;
    case 'edit':
      content = <BuilderScreen key={place.formId} formId={place.formId} template={null} />;
      break;
    case 'respond': {
      const child = viewer?.children.find((candidate) => candidate.id === place.childId);
      content = <RespondScreen key={`${place.formId}/${place.childId ?? ''}`} formId={place.formId} childId={place.childId} childName={child?.displayName ?? null} />;
      break;
    }
    case 'results':
      content = <ResultsScreen key={place.formId} formId={place.formId} />;
      break;
    case 'bookings':
      content = <BookingsScreen />;
      break;
  }

  return (
    <Page className="formulaires-page">
      <PageHeading title={text('title')} subtitle={section} />
      {place.view !== 'home' ? (
        <p className="formulaires-back">
          <Link href={hrefOf({ view: 'home' })}>{text('back')}</Link>
        </p>
      ) : null}
      {content}
    </Page>
  );
}
