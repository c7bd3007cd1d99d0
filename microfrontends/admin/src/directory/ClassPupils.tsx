import { ErrorState, Link, Loading, useQuery } from '@ent/ui-kit';
import { useEffect, useId, useRef } from 'react';
import { hrefOf } from '../adminPaths.js';
import { CLASS_PUPILS, type ClassPupilsData } from '../queries.js';
import { text } from '../text.js';

/** One class's pupils, by name. The heading takes the focus, so the keyboard and screen readers land on the list. */
export function ClassPupils({ establishmentId, classId }: { establishmentId: string; classId: string }) {
  const { data, error, loading, refetch } = useQuery<ClassPupilsData>(CLASS_PUPILS, { id: classId });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const schoolClass = data?.class;

  useEffect(() => {
    if (schoolClass) headingRef.current?.focus();
  }, [schoolClass]);

  const back = (
    <p>
      <Link href={hrefOf({ section: 'directory', establishmentId, classId: null })}>
        <span aria-hidden="true">← </span>
        {text('directory.pupils.back')}
      </Link>
    </p>
  );

  if (error) {
    return (
      <>
        <ErrorState error={error} onRetry={() => void refetch()} headingLevel={3} />
        {back}
      </>
    );
  }
  if (loading || !schoolClass) return <Loading label={text('loading')} />;

  const pupils = [...(schoolClass.pupils ?? [])].sort(
    (a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'),
  );
  return (
    <section aria-labelledby={headingId} className="ent-section">
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className="ent-section__title">
        {text('directory.pupils.heading', { name: schoolClass.name })}
      </h3>
      {back}
      <p>{text('directory.pupils.count', { count: pupils.length })}</p>
      {pupils.length === 0 ? (
        <p>{text('directory.pupils.empty')}</p>
      ) : (
        <ol className="ent-admin__pupils">
          {pupils.map((pupil) => (
            <li key={pupil.id}>{pupil.displayName}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
