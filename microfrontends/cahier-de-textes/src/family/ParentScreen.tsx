import { EmptyState, ErrorState, Link, Loading, Page, PageHeading, Section, useQuery, type Viewer, type ViewerChild } from '@ent/ui-kit';
import { useEffect, useMemo } from 'react';
import { chooseChild, moduleOpenFor, pupilMode } from '../logic/audience.js';
import { longDate, longDay, parisDate, parisTime, weekOf } from '../logic/dates.js';
import { hrefOf, type Place } from '../logic/place.js';
import { CLASS_LESSONS, type LessonItem } from '../queries.js';
import { CalendarFeeds } from '../pupil/CalendarFeeds.js';
import { ClassDay } from '../pupil/PupilScreen.js';
import { TodoList } from '../pupil/TodoList.js';
import { text } from '../text.js';
import { RichText } from '../widgets.js';

/** A parent's page, one child at a time (the child's name in every heading), with a switcher. */
export function ParentScreen({ viewer, place }: { viewer: Viewer; place: Place }) {
  const child = chooseChild(viewer.children, place.childId);
  const title = child ? text('section.family', { name: child.firstName }) : text('title');
  useEffect(() => {
    document.title = text('pageTitle', { section: title });
  }, [title]);

  return (
    <Page className="cahier">
      <PageHeading title={title} subtitle={child?.classes[0] ? text('family.childOf', { name: child.displayName, className: child.classes[0].name }) : undefined} />
      {viewer.children.length > 1 ? (
        <nav aria-label={text('family.childrenNav')} className="cahier-tabs">
          <ul>
            {viewer.children.map((entry) => (
              <li key={entry.id}>
                <Link href={hrefOf({ childId: entry.id, family: place.family })} aria-current={entry.id === child?.id ? 'page' : undefined}>
                  {text('section.family', { name: entry.firstName })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {child ? <ChildView key={child.id} child={child} week={place.week} /> : <EmptyState title={text('family.noChildren')} />}
    </Page>
  );
}

function ChildView({ child, week: wanted }: { child: ViewerChild; week: string | null }) {
  const schoolClass = child.classes[0] ?? null;
  if (!schoolClass) return <EmptyState title={text('family.noClass', { name: child.firstName })} />;
  if (!moduleOpenFor(child)) {
    return <EmptyState title={text('family.moduleDisabled', { name: child.firstName, establishment: schoolClass.establishment.name })} />;
  }
  const today = parisDate(new Date());
  const mode = pupilMode(schoolClass.cycle);
  return (
    <>
      {mode === 'today' ? (
        <Section title={`${text('today.heading')} — ${child.firstName}`}>
          <p>{text('today.intro')}</p>
          <ClassDay classId={schoolClass.id} date={today} headingLevel={3} />
        </Section>
      ) : null}
      <Section title={text('family.todoHeading', { name: child.firstName })}>
        <TodoList pupilId={child.id} variant="family" childName={child.firstName} headingLevel={3} />
      </Section>
      <ChildWeek child={child} classId={schoolClass.id} week={wanted ?? today} />
      <CalendarFeeds pupils={[{ id: child.id, name: child.firstName }]} />
    </>
  );
}

function ChildWeek({ child, classId, week: day }: { child: ViewerChild; classId: string; week: string }) {
  const week = weekOf(day);
  const variables = useMemo(() => ({ classId, from: week.monday, to: week.sunday }), [classId, week.monday, week.sunday]);
  const lessons = useQuery<{ lessons: LessonItem[] }>(CLASS_LESSONS, variables);
  const list = [...(lessons.data?.lessons ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <Section title={text('family.weekHeadingOf', { name: child.firstName, from: longDay(week.monday), to: longDate(week.sunday) })}>
      <nav aria-label={text('week.nav')} className="cahier-week-nav">
        <ul className="cahier-inline">
          <li>
            <Link href={hrefOf({ childId: child.id, week: week.previous })}>{`${text('week.previous')} (${child.firstName})`}</Link>
          </li>
          <li>
            <Link href={hrefOf({ childId: child.id, week: week.next })}>{`${text('week.next')} (${child.firstName})`}</Link>
          </li>
        </ul>
      </nav>
      {lessons.error ? (
        <ErrorState error={lessons.error} onRetry={() => void lessons.refetch()} headingLevel={3} />
      ) : lessons.loading && !lessons.data ? (
        <Loading label={text('loading')} />
      ) : list.length === 0 ? (
        <p className="cahier-muted">{text('direction.noLessons')}</p>
      ) : (
        <ul className="cahier-list">
          {list.map((lesson) => (
            <li key={lesson.id} className="ent-card cahier-lesson">
              <h3 className="cahier-lesson__title">
                {longDay(parisDate(new Date(lesson.startsAt)))} — {lesson.subject} : {lesson.title}
              </h3>
              <p className="cahier-lesson__meta">{text('lesson.time', { start: parisTime(new Date(lesson.startsAt)), end: parisTime(new Date(lesson.endsAt)) })}</p>
              {lesson.content ? <RichText html={lesson.content} /> : null}
              {lesson.homework.length > 0 ? (
                <ul className="cahier-list">
                  {lesson.homework.map((homework) => (
                    <li key={homework.id}>
                      <strong>{text('homework.due', { date: longDay(homework.dueDate) })}</strong> · {text(`kind.${homework.kind}`)}
                      <RichText html={homework.instructions} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
