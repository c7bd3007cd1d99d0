import { ErrorState, Link, Loading, Section, Table, type TableColumn, useQuery } from '@ent/ui-kit';
import type { ReactNode } from 'react';
import { hrefOf } from '../adminPaths.js';
import type { AdminEstablishment } from '../establishments/administeredEstablishments.js';
import { ESTABLISHMENT_CLASSES, type EstablishmentClassesData } from '../queries.js';
import { say, text } from '../text.js';
import { ClassPupils } from './ClassPupils.js';
import { type ClassRow, classRows } from './classRows.js';
import { PeopleSearch } from './PeopleSearch.js';

/** « Annuaire », read-only: the establishment's classes (or one class's pupils), and a search over people. */
export function DirectoryScreen({ establishment, classId }: { establishment: AdminEstablishment; classId: string | null }) {
  return (
    <Section title={text('directory.heading')} className="ent-admin__section">
      <p className="ent-admin__intro">{text('directory.intro')}</p>
      {classId ? <ClassPupils establishmentId={establishment.id} classId={classId} /> : <ClassList establishment={establishment} />}
      <PeopleSearch establishment={establishment} />
    </Section>
  );
}

function ClassList({ establishment }: { establishment: AdminEstablishment }) {
  const { data, error, loading, refetch } = useQuery<EstablishmentClassesData>(ESTABLISHMENT_CLASSES, { id: establishment.id });

  const columns: TableColumn<ClassRow>[] = [
    {
      key: 'name',
      header: text('directory.classes.column.name'),
      rowHeader: true,
      render: (row) => (
        <Link
          href={hrefOf({ section: 'directory', establishmentId: establishment.id, classId: row.id })}
          aria-label={text('directory.classes.showPupils', { name: row.name })}
        >
          {row.name}
        </Link>
      ),
    },
    { key: 'level', header: text('directory.classes.column.level'), render: (row) => say(row.level) },
    { key: 'cycle', header: text('directory.classes.column.cycle'), render: (row) => say(row.cycle) },
    { key: 'pupils', header: text('directory.classes.column.pupils'), align: 'end', render: (row) => row.pupilCount.toLocaleString('fr-FR') },
    {
      key: 'teachers',
      header: text('directory.classes.column.teachers'),
      render: (row) =>
        row.teachers.length === 0 ? (
          text('directory.classes.noTeacher')
        ) : (
          <ul className="ent-admin__inline-list">
            {row.teachers.map((teacher) => (
              <li key={String(teacher.params?.['name'])}>{say(teacher)}</li>
            ))}
          </ul>
        ),
    },
  ];

  let body: ReactNode;
  if (error) body = <ErrorState error={error} onRetry={() => void refetch()} headingLevel={4} />;
  else if (loading && !data) body = <Loading label={text('loading')} />;
  else {
    body = (
      <Table
        caption={text('directory.classes.caption', { establishment: establishment.name })}
        captionHidden
        columns={columns}
        rows={classRows(data?.establishment?.classes ?? [])}
        rowKey={(row) => row.id}
        empty={text('directory.classes.empty')}
      />
    );
  }
  return (
    <Section title={text('directory.classes.heading')} level={3}>
      {body}
    </Section>
  );
}
