import {
  Button,
  Cluster,
  Dialog,
  EmptyState,
  ErrorState,
  Form,
  type FormError,
  graphql,
  isApiError,
  Link,
  Loading,
  Page,
  PageHeading,
  Section,
  Select,
  Stack,
  TextField,
  useQuery,
  useToast,
  type Viewer,
} from '@ent/ui-kit';
import { useEffect, useMemo, useState } from 'react';
import { type TaughtClass, taughtClasses } from '../logic/audience.js';
import { addDays, isDate, longDate, longDay, parisDate, parisInstant, parisTime, visibleDays, weekOf } from '../logic/dates.js';
import { doneCountLabel, type HomeworkItem, stateLabel } from '../logic/homework.js';
import { htmlToEditable, type LessonDraft, newDraft, publicationOf } from '../logic/lessonForm.js';
import { hrefOf, type Place } from '../logic/place.js';
import { CLASS_LESSONS, DELETE_LESSON, DUPLICATE_LESSON, DUPLICATE_WEEK, type LessonItem, MY_LESSONS, SAVE_TEMPLATE } from '../queries.js';
import { say, text } from '../text.js';
import { RichText } from '../widgets.js';
import { LessonDialog } from './LessonDialog.js';

type Editing = { draft: LessonDraft; lesson: LessonItem | null; homework: HomeworkItem | null };

function draftOf(lesson: LessonItem, homework: HomeworkItem | null, classes: readonly TaughtClass[]): LessonDraft {
  const starts = new Date(lesson.startsAt);
  const base = newDraft({ classId: lesson.class?.id ?? classes[0]?.id ?? '', subject: lesson.subject, date: parisDate(starts) });
  return {
    ...base,
    start: parisTime(starts),
    end: parisTime(new Date(lesson.endsAt)),
    title: lesson.title,
    content: htmlToEditable(lesson.content),
    objectives: lesson.objectives ?? '',
    ...(homework
      ? {
          instructions: htmlToEditable(homework.instructions),
          dueDate: homework.dueDate,
          kind: homework.kind,
          minutes: String(homework.estimatedMinutes),
        }
      : {}),
    ...publicationOf(lesson.state, lesson.publishAt),
  };
}

/** Ignore the shortcut while the person types, or with a modifier (the browser's own shortcuts). */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  if (!target) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('dialog[open]') !== null;
}

/** The teacher's week: one section per day, séances with their homework, quick creation (N), duplication and templates. */
export function TeacherScreen({ viewer, place }: { viewer: Viewer; place: Place }) {
  const toast = useToast();
  const classes = useMemo(() => taughtClasses(viewer.teachings), [viewer.teachings]);
  const today = parisDate(new Date());
  const week = weekOf(place.week ?? today);
  const selected = classes.find((entry) => entry.id === place.classId) ?? null;
  const variables = useMemo(
    () => (selected ? { classId: selected.id, from: week.monday, to: week.sunday } : { from: week.monday, to: week.sunday }),
    [selected, week.monday, week.sunday],
  );
  const lessons = useQuery<{ myLessons?: LessonItem[]; lessons?: LessonItem[] }>(selected ? CLASS_LESSONS : MY_LESSONS, variables);
  const list = lessons.data?.myLessons ?? lessons.data?.lessons ?? [];
  const [editing, setEditing] = useState<Editing | null>(null);
  const [duplicating, setDuplicating] = useState<LessonItem | null>(null);
  const [copyingWeek, setCopyingWeek] = useState(false);
  const [deleting, setDeleting] = useState<LessonItem | null>(null);

  const weekTitle = text('week.heading', { from: longDay(week.monday), to: longDate(week.sunday) });
  useEffect(() => {
    document.title = text('pageTitle', { section: text('section.week') });
  }, []);

  const openNew = () => {
    const first = selected ?? classes[0];
    const date = today >= week.monday && today <= week.sunday ? today : week.monday;
    setEditing({ draft: newDraft({ classId: first?.id ?? '', subject: first?.subjects[0] ?? '', date }), lesson: null, homework: null });
  };

  // « N »: a new séance from anywhere on the page (announced by aria-keyshortcuts on the button).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.key === 'n' || event.key === 'N') && !isTyping(event) && !editing && !duplicating && !copyingWeek && !deleting) {
        event.preventDefault();
        openNew();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const byDay = new Map<string, LessonItem[]>();
  for (const lesson of [...list].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = parisDate(new Date(lesson.startsAt));
    byDay.set(day, [...(byDay.get(day) ?? []), lesson]);
  }
  const days = visibleDays(week.monday, [...byDay.keys(), today]);
  const classNames = new Map(classes.map((entry) => [entry.id, entry]));
  const link = (changes: Partial<Place>) => hrefOf({ week: place.week, classId: place.classId, ...changes });

  const saveTemplate = async (lesson: LessonItem) => {
    try {
      await graphql(SAVE_TEMPLATE, { lessonId: lesson.id, shared: false });
      toast.success(text('lesson.templateSaved', { title: lesson.title }));
    } catch (error) {
      toast.error(isApiError(error) ? error.message : String(error));
    }
  };

  return (
    <Page className="cahier">
      <PageHeading
        title={text('title')}
        subtitle={weekTitle}
        actions={
          <Cluster gap="small">
            <Button onClick={openNew} aria-keyshortcuts="n" aria-describedby="cahier-new-shortcut">
              {text('lesson.new')}
            </Button>
            {list.some((lesson) => lesson.author.id === viewer.id) ? (
              <Button variant="secondary" onClick={() => setCopyingWeek(true)}>
                {text('copyWeek.open')}
              </Button>
            ) : null}
          </Cluster>
        }
      />
      <p id="cahier-new-shortcut" className="ent-field__hint">
        {text('lesson.newShortcut')}
      </p>
      <nav aria-label={text('week.class')} className="cahier-tabs">
        <ul>
          <li>
            <Link href={link({ classId: null })} aria-current={selected ? undefined : 'page'}>
              {text('week.allClasses')}
            </Link>
          </li>
          {classes.map((entry) => (
            <li key={entry.id}>
              <Link href={link({ classId: entry.id })} aria-current={selected?.id === entry.id ? 'page' : undefined}>
                {entry.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="ent-field__hint">{text('week.classHint')}</p>
      <nav aria-label={text('week.nav')}>
        <Cluster gap="small">
          <Link className="ent-button ent-button--secondary" href={link({ week: week.previous })}>
            <span aria-hidden="true">← </span>
            {text('week.previous')}
          </Link>
          <Link className="ent-button ent-button--secondary" href={link({ week: null })} aria-current={place.week && weekOf(place.week).monday !== weekOf(today).monday ? undefined : 'page'}>
            {text('week.current')}
          </Link>
          <Link className="ent-button ent-button--secondary" href={link({ week: week.next })}>
            {text('week.next')}
            <span aria-hidden="true"> →</span>
          </Link>
        </Cluster>
      </nav>

      {lessons.error ? (
        <ErrorState error={lessons.error} onRetry={() => void lessons.refetch()} />
      ) : lessons.loading && !lessons.data ? (
        <Loading label={text('loading')} />
      ) : (
        <div className="cahier-week">
          {days.map((day) => {
            const entries = byDay.get(day) ?? [];
            return (
              <Section
                key={day}
                className="cahier-day"
                title={
                  <>
                    {longDay(day)}
                    {day === today ? <span className="cahier-today"> {text('week.today')}</span> : null}
                  </>
                }
              >
                {entries.length === 0 ? (
                  <p className="cahier-muted">{text('week.emptyDay')}</p>
                ) : (
                  <ul className="cahier-list">
                    {entries.map((lesson) => (
                      <li key={lesson.id}>
                        <LessonCard
                          lesson={lesson}
                          mine={lesson.author.id === viewer.id}
                          schoolClass={lesson.class ? (classNames.get(lesson.class.id) ?? null) : null}
                          onEdit={(homework) => setEditing({ draft: draftOf(lesson, homework, classes), lesson, homework })}
                          onDuplicate={() => setDuplicating(lesson)}
                          onTemplate={() => void saveTemplate(lesson)}
                          onDelete={() => setDeleting(lesson)}
                        />
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
            );
          })}
        </div>
      )}

      {editing ? (
        <LessonDialog
          classes={classes}
          initial={editing.draft}
          lesson={editing.lesson}
          homework={editing.homework}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void lessons.refetch();
          }}
        />
      ) : null}
      {duplicating ? (
        <DuplicateDialog
          lesson={duplicating}
          classes={classes}
          onClose={() => setDuplicating(null)}
          onDone={() => {
            setDuplicating(null);
            void lessons.refetch();
          }}
        />
      ) : null}
      {copyingWeek ? (
        <CopyWeekDialog
          monday={week.monday}
          schoolClass={selected}
          onClose={() => setCopyingWeek(false)}
          onDone={() => {
            setCopyingWeek(false);
            void lessons.refetch();
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteDialog
          lesson={deleting}
          onClose={() => setDeleting(null)}
          onDone={() => {
            setDeleting(null);
            void lessons.refetch();
          }}
        />
      ) : null}
      {classes.length === 0 ? <EmptyState title={text('noProfile')} /> : null}
    </Page>
  );
}

function LessonCard({
  lesson,
  mine,
  schoolClass,
  onEdit,
  onDuplicate,
  onTemplate,
  onDelete,
}: {
  lesson: LessonItem;
  mine: boolean;
  schoolClass: TaughtClass | null;
  onEdit(homework: HomeworkItem | null): void;
  onDuplicate(): void;
  onTemplate(): void;
  onDelete(): void;
}) {
  const time = text('lesson.time', { start: parisTime(new Date(lesson.startsAt)), end: parisTime(new Date(lesson.endsAt)) });
  return (
    <article className="ent-card cahier-lesson" aria-labelledby={`lesson-${lesson.id}`}>
      <h3 id={`lesson-${lesson.id}`} className="cahier-lesson__title">
        {lesson.title}
      </h3>
      <p className="cahier-lesson__meta">
        {time} · {schoolClass?.name ?? ''} · {lesson.subject} · <span className={`cahier-state cahier-state--${lesson.state.toLowerCase()}`}>{say(stateLabel(lesson.state, lesson.publishAt))}</span>
      </p>
      {lesson.content ? <RichText html={lesson.content} /> : null}
      {lesson.objectives ? <p>{text('lesson.objectives', { objectives: lesson.objectives })}</p> : null}
      {lesson.homework.length > 0 ? (
        <div className="cahier-homework">
          <h4 className="cahier-homework__title">{text('lesson.homework')}</h4>
          <ul className="cahier-list">
            {lesson.homework.map((homework) => (
              <li key={homework.id} className="cahier-homework__item">
                <p className="cahier-homework__meta">
                  <strong>{text('homework.due', { date: longDay(homework.dueDate) })}</strong> · {text(`kind.${homework.kind}`)} ·{' '}
                  {text('homework.minutes', { count: homework.estimatedMinutes })}
                  {homework.state !== 'PUBLISHED' ? ` · ${say(stateLabel(homework.state, homework.publishAt))}` : ''}
                </p>
                <RichText html={homework.instructions} />
                {mine && typeof homework.doneCount === 'number' ? (
                  <p className="cahier-done-count">{say(doneCountLabel(homework.doneCount, schoolClass?.pupilCount ?? null))}</p>
                ) : null}
                {mine ? (
                  <Button variant="quiet" size="small" onClick={() => onEdit(homework)} aria-label={text('lesson.editHomeworkLabel', { title: lesson.title })}>
                    {text('lesson.edit')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {mine ? (
        <Cluster gap="small">
          <Button variant="secondary" size="small" onClick={() => onEdit(lesson.homework[0] ?? null)} aria-label={text('lesson.editLabel', { title: lesson.title })}>
            {text('lesson.edit')}
          </Button>
          <Button variant="secondary" size="small" onClick={onDuplicate} aria-label={text('lesson.duplicateLabel', { title: lesson.title })}>
            {text('lesson.duplicate')}
          </Button>
          <Button variant="quiet" size="small" onClick={onTemplate} aria-label={text('lesson.saveTemplateLabel', { title: lesson.title })}>
            {text('lesson.saveTemplate')}
          </Button>
          {lesson.state !== 'PUBLISHED' && lesson.homework.every((homework) => homework.state !== 'PUBLISHED') ? (
            <Button variant="quiet" size="small" onClick={onDelete} aria-label={text('lesson.deleteLabel', { title: lesson.title })}>
              {text('lesson.delete')}
            </Button>
          ) : null}
        </Cluster>
      ) : null}
    </article>
  );
}

/** A copy as a draft at another date (default: a week later, same hour) and class. */
function DuplicateDialog({ lesson, classes, onClose, onDone }: { lesson: LessonItem; classes: readonly TaughtClass[]; onClose(): void; onDone(): void }) {
  const toast = useToast();
  const starts = new Date(lesson.startsAt);
  const [classId, setClassId] = useState(lesson.class?.id ?? classes[0]?.id ?? '');
  const [date, setDate] = useState(addDays(parisDate(starts), 7));
  const [time, setTime] = useState(parisTime(starts));
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!isDate(date)) {
      setErrors([{ fieldId: 'cahier-dup-date', message: text('form.required', { field: 'date' }) }]);
      return;
    }
    setBusy(true);
    try {
      await graphql(DUPLICATE_LESSON, { id: lesson.id, classId, startsAt: parisInstant(date, time).toISOString() });
      toast.success(text('lesson.duplicated', { date: longDay(date) }));
      onDone();
    } catch (error) {
      setErrors([{ fieldId: 'cahier-dup-date', message: isApiError(error) ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} title={text('duplicate.title', { title: lesson.title })}>
      <Form onSubmit={submit} errors={errors}>
        <Stack>
          <p>{text('duplicate.intro')}</p>
          <Select id="cahier-dup-class" label={text('form.class')} value={classId} options={classes.map((entry) => ({ value: entry.id, label: entry.name }))} onChange={(event) => setClassId(event.target.value)} />
          <TextField id="cahier-dup-date" type="date" label={text('form.date')} value={date} error={errors[0]?.message ?? null} onChange={(event) => setDate(event.target.value)} />
          <TextField id="cahier-dup-time" type="time" label={text('form.start')} value={time} onChange={(event) => setTime(event.target.value)} />
          <Cluster>
            <Button type="submit" busy={busy}>
              {text('duplicate.submit')}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              {text('cancel')}
            </Button>
          </Cluster>
        </Stack>
      </Form>
    </Dialog>
  );
}

/** The teacher's séances of the week shown (of the class selected, or all), copied as drafts into another week. */
function CopyWeekDialog({ monday, schoolClass, onClose, onDone }: { monday: string; schoolClass: TaughtClass | null; onClose(): void; onDone(): void }) {
  const toast = useToast();
  const [target, setTarget] = useState(addDays(monday, 7));
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!isDate(target)) {
      setErrors([{ fieldId: 'cahier-copy-week', message: text('form.required', { field: text('copyWeek.target') }) }]);
      return;
    }
    setBusy(true);
    try {
      const input = { fromWeek: monday, toWeek: target, ...(schoolClass ? { sourceClassId: schoolClass.id } : {}) };
      const answer = await graphql<{ duplicateWeek: Array<{ id: string }> }>(DUPLICATE_WEEK, { input });
      toast.success(text('copyWeek.done', { count: answer.duplicateWeek.length, date: longDay(weekOf(target).monday) }));
      onDone();
    } catch (error) {
      setErrors([{ fieldId: 'cahier-copy-week', message: isApiError(error) ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} title={text('copyWeek.title', { from: longDay(monday) })}>
      <Form onSubmit={submit} errors={errors}>
        <Stack>
          <p>{text('copyWeek.intro', { scope: schoolClass ? text('copyWeek.scopeClass', { name: schoolClass.name }) : '' })}</p>
          <TextField
            id="cahier-copy-week"
            type="date"
            label={text('copyWeek.target')}
            hint={text('copyWeek.targetHint')}
            value={target}
            error={errors[0]?.message ?? null}
            onChange={(event) => setTarget(event.target.value)}
          />
          <Cluster>
            <Button type="submit" busy={busy}>
              {text('copyWeek.submit')}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              {text('cancel')}
            </Button>
          </Cluster>
        </Stack>
      </Form>
    </Dialog>
  );
}

/** Confirmation before deleting a draft or scheduled séance (the server refuses what families may have seen). */
function DeleteDialog({ lesson, onClose, onDone }: { lesson: LessonItem; onClose(): void; onDone(): void }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    try {
      await graphql(DELETE_LESSON, { id: lesson.id });
      toast.success(text('delete.done', { title: lesson.title }));
      onDone();
    } catch (failure) {
      setError(isApiError(failure) ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} title={text('delete.title', { title: lesson.title })}>
      <Stack>
        <p>{text('delete.intro')}</p>
        {error ? (
          <p role="alert" className="ent-field__error">
            {error}
          </p>
        ) : null}
        <Cluster>
          <Button variant="danger" busy={busy} onClick={() => void confirm()}>
            {text('delete.confirm')}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {text('cancel')}
          </Button>
        </Cluster>
      </Stack>
    </Dialog>
  );
}
