import { EmptyState, ErrorState, Link, Loading, Page, PageHeading, useCurrentEstablishmentId } from '@ent/ui-kit';
import { type ReactNode, useEffect } from 'react';
import { type AdminSection, hrefOf } from './adminPaths.js';
import { DirectoryScreen } from './directory/DirectoryScreen.js';
import { chooseEstablishment } from './establishments/administeredEstablishments.js';
import { EstablishmentPicker } from './establishments/EstablishmentPicker.js';
import { useAdministeredEstablishments } from './establishments/useAdministeredEstablishments.js';
import { ModulesScreen } from './modules/ModulesScreen.js';
import { text } from './text.js';
import { useAdminPlace } from './useAdminPlace.js';
import './admin.css';

const SECTIONS: ReadonlyArray<{ section: AdminSection; label: 'nav.modules' | 'nav.directory' }> = [
  { section: 'modules', label: 'nav.modules' },
  { section: 'directory', label: 'nav.directory' },
];

/** The admin micro-frontend's page: its sections as links (each has a URL), then the section. */
export default function Root() {
  const [place, go] = useAdminPlace();
  const establishments = useAdministeredEstablishments();
  const selected = chooseEstablishment(establishments.list, place.establishmentId, useCurrentEstablishmentId());
  const sectionLabel = text(SECTIONS.find((entry) => entry.section === place.section)!.label);

  useEffect(() => {
    document.title = text('pageTitle', { section: sectionLabel });
  }, [sectionLabel]);

  let content: ReactNode;
  if (establishments.loading && establishments.list.length === 0) content = <Loading label={text('loading')} />;
  else if (establishments.error) content = <ErrorState error={establishments.error} onRetry={() => void establishments.refetch()} />;
  else if (!selected) content = <EmptyState title={text('establishment.none')} />;
  else {
    content = (
      <>
        <EstablishmentPicker
          establishments={establishments.list}
          selected={selected}
          onSelect={(establishmentId) => go({ ...place, establishmentId, classId: null }, { replace: true })}
        />
        {place.section === 'modules' ? (
          <ModulesScreen key={selected.id} establishment={selected} />
        ) : (
          <DirectoryScreen key={selected.id} establishment={selected} classId={place.classId} />
        )}
      </>
    );
  }

  return (
    <Page className="ent-admin">
      <PageHeading title={text('title')} subtitle={sectionLabel} />
      <nav aria-label={text('nav.label')} className="ent-admin__nav">
        <ul>
          {SECTIONS.map(({ section, label }) => (
            <li key={section}>
              <Link
                href={hrefOf({ section, establishmentId: selected?.id ?? null })}
                aria-current={section === place.section ? 'page' : undefined}
              >
                {text(label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {content}
    </Page>
  );
}
