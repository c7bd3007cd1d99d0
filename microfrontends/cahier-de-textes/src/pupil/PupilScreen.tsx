import { EmptyState, ErrorState, Loading, Page, PageHeading, Section, useQuery, type Viewer } from '@ent/ui-kit';
import { useEffect, useMemo } from 'react';
import { pupilCycle, pupilMode } from '../logic/audience.js';
import { longDay, parisDate, parisTime } from '../logic/dates.js';
import { CLASS_LESSONS, type LessonItem } from '../queries.js';
import { text } from '../text.js';
import { RichText } from '../widgets.js';
import { CalendarFeeds } from './CalendarFeeds.js';
import { TodoList } from './TodoList.js';

/** The pupil's page: « À faire » (simplified in cycle 2), or the day in class for cycle 1. */
export function PupilScreen({ viewer, establishmentId }: { viewer: Viewer; establishmentId: string | null }) {
  const mode = pupilMode(pupilCycle(viewer, establishmentId));
  const schoolClass = viewer.classes.find((entry) => entry.establishment.id === establishmentId) ?? viewer.classes[0] ?? null;
  useEffect(() => {
    document.title = text('pageTitle', { section: text(mode === 'today' ? 'section.today' : 'section.todo') });
  }, [mode]);

  if (mode === 'today') {
    return (
      <Page className="cahier cahier--young">
        <PageHeading title={text('today.heading')} subtitle={longDay(parisDate(new Date()))} />
        <p>{text('today.intro')}</p>
        {schoolClass ? <ClassDay classId={schoolClass.id} date={parisDate(new Date())} /> : <EmptyState title={text('today.empty')} />}
      </Page>
    );
  }
  return (
    <Page className={mode === 'simple' ? 'cahier cahier--young' : 'cahier'}>
      <PageHeading title={text('todo.heading')} subtitle={schoolClass?.name} />
      <TodoList pupilId={null} variant={mode === 'simple' ? 'simple' : 'standard'} />
      {mode === 'standard' ? <CalendarFeeds pupils={[{ id: viewer.id, name: null }]} /> : null}
    </Page>
  );
}

/** What a class did on a day (cycle 1: written for the family, read at home). */
export function ClassDay({ classId, date, headingLevel = 2 }: { classId: string; date: string; headingLevel?: 2 | 3 }) {
  const variables = useMemo(() => ({ classId, from: date, to: date }), [classId, date]);
  const lessons = useQuery<{ lessons: LessonItem[] }>(CLASS_LESSONS, variables);
  if (lessons.error) return <ErrorState error={lessons.error} onRetry={() => void lessons.refetch()} />;
  if (lessons.loading && !lessons.data) return <Loading label={text('loading')} />;
  const list = [...(lessons.data?.lessons ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (list.length === 0) return <EmptyState title={text('today.empty')} headingLevel={headingLevel} />;
  return (
    <ul className="cahier-list">
      {list.map((lesson) => (
        <li key={lesson.id}>
          <Section title={lesson.title} level={headingLevel} className="ent-card cahier-lesson">
            <p className="cahier-lesson__meta">
              {text('lesson.time', { start: parisTime(new Date(lesson.startsAt)), end: parisTime(new Date(lesson.endsAt)) })} · {lesson.subject}
            </p>
            {lesson.content ? <RichText html={lesson.content} /> : null}
          </Section>
        </li>
      ))}
    </ul>
  );
}
