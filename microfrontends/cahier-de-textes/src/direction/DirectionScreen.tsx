import {
  Button,
  EmptyState,
  ErrorState,
  Form,
  type FormError,
  graphql,
  isApiError,
  Loading,
  navigate,
  Page,
  PageHeading,
  Section,
  Select,
  Stack,
  Table,
  TextField,
  useQuery,
  useToast,
} from '@ent/ui-kit';
import { useEffect, useMemo, useState } from 'react';
import { isDate, longDate, longDateTime, longDay, parisDate, parisTime, weekOf } from '../logic/dates.js';
import { hrefOf, type Place } from '../logic/place.js';
import { CLASS_LESSONS, ESTABLISHMENT_CLASSES, type LessonItem, SIGN, VISAS, type VisaItem } from '../queries.js';
import { text } from '../text.js';
import { RichText } from '../widgets.js';

/** The head of the establishment: any class's log over a period, and the visa of that period. */
export function DirectionScreen({ establishmentId, place }: { establishmentId: string | null; place: Place }) {
  const classes = useQuery<{ establishment: { id: string; name: string; classes: Array<{ id: string; name: string }> } | null }>(
    ESTABLISHMENT_CLASSES,
    { id: establishmentId ?? '' },
    { skip: !establishmentId },
  );
  const week = weekOf(parisDate(new Date()));
  const from = place.from ?? week.monday;
  const to = place.to ?? week.sunday;
  const list = [...(classes.data?.establishment?.classes ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'fr', { numeric: true }));
  const selected = list.find((entry) => entry.id === place.classId) ?? null;
  const [formFrom, setFormFrom] = useState(from);
  const [formTo, setFormTo] = useState(to);
  const [formClass, setFormClass] = useState(place.classId ?? '');
  useEffect(() => {
    document.title = text('pageTitle', { section: text('section.direction') });
  }, []);

  return (
    <Page className="cahier">
      <PageHeading title={text('title')} subtitle={classes.data?.establishment?.name} />
      {classes.error ? (
        <ErrorState error={classes.error} onRetry={() => void classes.refetch()} />
      ) : classes.loading && !classes.data ? (
        <Loading label={text('loading')} />
      ) : list.length === 0 ? (
        <EmptyState title={text('direction.noClasses')} />
      ) : (
        <Form
          onSubmit={() => navigate(hrefOf({ classId: formClass || null, from: isDate(formFrom) ? formFrom : null, to: isDate(formTo) ? formTo : null }))}
          className="cahier-form-grid"
        >
          <Select id="cahier-direction-class" label={text('direction.class')} placeholder={text('direction.pickClass')} value={formClass} options={list.map((entry) => ({ value: entry.id, label: entry.name }))} onChange={(event) => setFormClass(event.target.value)} />
          <TextField id="cahier-direction-from" type="date" label={text('direction.from')} value={formFrom} onChange={(event) => setFormFrom(event.target.value)} />
          <TextField id="cahier-direction-to" type="date" label={text('direction.to')} value={formTo} onChange={(event) => setFormTo(event.target.value)} />
          <div className="cahier-form-submit">
            <Button type="submit">{text('direction.show')}</Button>
          </div>
        </Form>
      )}
      {selected ? <ClassLog key={`${selected.id}:${from}:${to}`} classId={selected.id} className={selected.name} from={from} to={to} /> : null}
    </Page>
  );
}

function ClassLog({ classId, className, from, to }: { classId: string; className: string; from: string; to: string }) {
  const toast = useToast();
  const variables = useMemo(() => ({ classId, from, to }), [classId, from, to]);
  const lessons = useQuery<{ lessons: LessonItem[] }>(CLASS_LESSONS, variables);
  const visas = useQuery<{ visas: VisaItem[] }>(VISAS, { classId }, { partial: true });
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const period = { from: longDate(from), to: longDate(to) };
  const list = [...(lessons.data?.lessons ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  const sign = async () => {
    setBusy(true);
    try {
      await graphql(SIGN, { classId, from, to, comment: comment.trim() || null });
      toast.success(text('direction.signed', { className, ...period }));
      setComment('');
      setErrors([]);
      await visas.refetch();
    } catch (error) {
      setErrors([{ fieldId: 'cahier-visa-comment', message: isApiError(error) ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Section title={text('direction.lessonsHeading', { className, ...period })}>
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
                {lesson.homework.map((homework) => (
                  <p key={homework.id}>
                    <strong>{text('homework.due', { date: longDay(homework.dueDate) })}</strong> · {text(`kind.${homework.kind}`)} · {text('homework.minutes', { count: homework.estimatedMinutes })}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        )}
        <Form onSubmit={sign} errors={errors}>
          <Stack gap="small">
            <TextField id="cahier-visa-comment" label={text('direction.signComment')} value={comment} error={errors[0]?.message ?? null} onChange={(event) => setComment(event.target.value)} />
            <div>
              <Button type="submit" busy={busy}>
                {text('direction.sign')}
              </Button>
            </div>
          </Stack>
        </Form>
      </Section>
      <Section title={text('direction.visasHeading', { className })}>
        {visas.error ? (
          <ErrorState error={visas.error} onRetry={() => void visas.refetch()} headingLevel={3} />
        ) : (
          <Table<VisaItem>
            caption={text('direction.visaCaption', { className })}
            captionHidden
            rowKey={(visa) => visa.id}
            rows={visas.data?.visas ?? []}
            empty={text('direction.noVisas')}
            columns={[
              { key: 'period', header: text('direction.visaPeriod'), rowHeader: true, render: (visa) => text('direction.period', { from: longDate(visa.from), to: longDate(visa.to) }) },
              { key: 'by', header: text('direction.visaBy'), render: (visa) => visa.signedBy?.displayName ?? '' },
              { key: 'at', header: text('direction.visaAt'), render: (visa) => longDateTime(new Date(visa.signedAt)) },
              { key: 'comment', header: text('direction.visaComment'), render: (visa) => visa.comment ?? '' },
            ]}
          />
        )}
      </Section>
    </>
  );
}
