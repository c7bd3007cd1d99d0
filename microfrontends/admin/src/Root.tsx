import { EmptyState, ErrorState, Link, Loading, Page, PageHeading, useCurrentEstablishmentId, useViewer } from '@ent/ui-kit';
import { type ReactNode, useEffect } from 'react';
import { type AdminSection, hrefOf } from './adminPaths.js';
import { DirectoryScreen } from './directory/DirectoryScreen.js';
import { chooseEstablishment } from './establishments/administeredEstablishments.js';
import { EstablishmentPicker } from './establishments/EstablishmentPicker.js';
import { useAdministeredEstablishments } from './establishments/useAdministeredEstablishments.js';
import { ImportsScreen } from './imports/ImportsScreen.js';
import { ModulesScreen } from './modules/ModulesScreen.js';
import { text } from './text.js';
import { useAdminPlace } from './useAdminPlace.js';
import './admin.css';

/** `departement`: only for the département administrator (the server refuses the others anyway). */
const SECTIONS: ReadonlyArray<{ section: AdminSection; label: 'nav.modules' | 'nav.directory' | 'nav.imports'; departement?: true }> = [
  { section: 'modules', label: 'nav.modules' },
  { section: 'directory', label: 'nav.directory' },
  { section: 'imports', label: 'nav.imports', departement: true },
];

/** The admin micro-frontend's page: its sections as links (each has a URL), then the section. */
export default function Root() {
  const [place, go] = useAdminPlace();
  const establishments = useAdministeredEstablishments();
  const selected = chooseEstablishment(establishments.list, place.establishmentId, useCurrentEstablishmentId());
  const viewer = useViewer();
  const departement = viewer?.profiles.some((grant) => grant.profile === 'ADMIN_DEPARTEMENT') ?? false;
  const sections = SECTIONS.filter((entry) => !entry.departement || departement);
  const sectionLabel = text(SECTIONS.find((entry) => entry.section === place.section)!.label);

  useEffect(() => {
    document.title = text('pageTitle', { section: sectionLabel });
  }, [sectionLabel]);

  let content: ReactNode;
  if (place.section === 'imports') {
    // Not about one establishment: no picker.
    if (!viewer) content = <Loading label={text('loading')} />;
    else if (!departement) content = <EmptyState title={text('imports.forbidden')} />;
    else content = <ImportsScreen />;
  } else if (establishments.loading && establishments.list.length === 0) content = <Loading label={text('loading')} />;
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
          {sections.map(({ section, label }) => (
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
