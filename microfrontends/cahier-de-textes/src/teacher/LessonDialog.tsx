import {
  type ApiError,
  Button,
  Cluster,
  Dialog,
  Form,
  type FormError,
  graphql,
  isApiError,
  Select,
  Stack,
  TextField,
  useQuery,
  useToast,
} from '@ent/ui-kit';
import { useMemo, useRef, useState } from 'react';
import type { TaughtClass } from '../logic/audience.js';
import { isDate, longDay } from '../logic/dates.js';
import { HOMEWORK_KINDS, type HomeworkItem, type HomeworkKind } from '../logic/homework.js';
import {
  checkDraft,
  FIELD_IDS,
  homeworkInputOf,
  htmlToEditable,
  type LessonDraft,
  lessonInputOf,
  type Publication,
  plannedMinutes,
  publishAtOf,
} from '../logic/lessonForm.js';
import {
  CREATE_HOMEWORK,
  CREATE_LESSON,
  type HomeworkResult,
  type LessonItem,
  TEMPLATES,
  type TemplateItem,
  UPDATE_HOMEWORK,
  UPDATE_LESSON,
  WORKLOAD,
  type WorkloadDay,
} from '../queries.js';
import { say, text } from '../text.js';
import { RadioGroup, TextArea } from '../widgets.js';

export interface LessonDialogProps {
  classes: readonly TaughtClass[];
  initial: LessonDraft;
  /** Editing: the séance and (optionally) the homework edited with it. */
  lesson: LessonItem | null;
  homework: HomeworkItem | null;
  onClose(): void;
  onSaved(): void;
}

function problemOf(error: ApiError): FormError {
  const fieldId = (error.field && FIELD_IDS[error.field]) || 'cahier-title';
  return { fieldId, message: error.message };
}

/** Create or edit a séance and its travail à faire in one form, the class's workload on the due date beside it. */
export function LessonDialog({ classes, initial, lesson, homework, onClose, onSaved }: LessonDialogProps) {
  const toast = useToast();
  const [draft, setDraft] = useState<LessonDraft>(initial);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  // A séance created before its homework failed: retrying must not create it twice.
  const created = useRef<string | null>(null);
  const firstField = useRef<HTMLSelectElement>(null);
  const set = <K extends keyof LessonDraft>(key: K, value: LessonDraft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const errorOf = (fieldId: string) => errors.find((error) => error.fieldId === fieldId)?.message ?? null;

  const schoolClass = classes.find((entry) => entry.id === draft.classId);
  const subjects = schoolClass?.subjects ?? [];
  const templates = useQuery<{ lessonTemplates: TemplateItem[] }>(TEMPLATES, undefined, { skip: lesson !== null });
  const withHomework = draft.instructions.trim() !== '' || homework !== null;

  const save = async () => {
    const problems = checkDraft(draft, { withHomework });
    if (problems.length > 0) {
      setErrors(problems.map((problem) => ({ fieldId: problem.fieldId, message: say(problem.message) })));
      return;
    }
    setErrors([]);
    setBusy(true);
    const now = new Date();
    const publishAt = publishAtOf(draft, now, lesson?.publishAt ?? null);
    try {
      let lessonId = lesson?.id ?? created.current;
      const input = lessonInputOf(draft, publishAt);
      if (lessonId) await graphql(UPDATE_LESSON, { id: lessonId, input });
      else {
        const answer = await graphql<{ createLesson: { id: string } }>(CREATE_LESSON, { input });
        lessonId = answer.createLesson.id;
        created.current = lessonId;
      }
      let result: HomeworkResult | null = null;
      if (withHomework && lessonId) {
        const homeworkInput = homeworkInputOf(draft, lessonId, publishAtOf(draft, now, homework?.publishAt ?? null));
        result = homework
          ? (await graphql<{ updateHomework: HomeworkResult }>(UPDATE_HOMEWORK, { id: homework.id, input: homeworkInput })).updateHomework
          : (await graphql<{ createHomework: HomeworkResult }>(CREATE_HOMEWORK, { input: homeworkInput })).createHomework;
      }
      toast.success(text(lesson ? 'lesson.updated' : 'lesson.created', { title: draft.title.trim() }));
      if (result) toast.success(text('lesson.homeworkSaved', { date: longDay(result.homework.dueDate) }));
      if (result?.warning) toast.show(result.warning, { tone: 'info', durationMs: 12_000 });
      onSaved();
    } catch (error) {
      if (isApiError(error)) setErrors([problemOf(error)]);
      else setErrors([{ fieldId: 'cahier-title', message: String(error) }]);
    } finally {
      setBusy(false);
    }
  };

  const applyTemplate = (id: string) => {
    const template = templates.data?.lessonTemplates.find((entry) => entry.id === id);
    if (!template) return;
    setDraft((previous) => ({
      ...previous,
      subject: subjects.includes(template.subject) ? template.subject : previous.subject,
      title: template.title,
      content: htmlToEditable(template.content),
      objectives: template.objectives ?? '',
    }));
  };

  const title = homework && lesson ? text('form.titleHomework', { title: lesson.title }) : lesson ? text('form.titleEdit') : text('form.titleCreate');
  const templateOptions = templates.data?.lessonTemplates ?? [];

  return (
    <Dialog open onClose={onClose} title={title} initialFocusRef={firstField} className="cahier-dialog">
      <Form onSubmit={save} errors={errors}>
        <Stack gap="medium">
          <div className="cahier-form-grid">
            <Select
              ref={firstField}
              id="cahier-class"
              label={text('form.class')}
              required
              value={draft.classId}
              error={errorOf('cahier-class')}
              options={classes.map((entry) => ({ value: entry.id, label: entry.name }))}
              onChange={(event) => {
                const next = classes.find((entry) => entry.id === event.target.value);
                setDraft((previous) => ({
                  ...previous,
                  classId: event.target.value,
                  subject: next?.subjects.includes(previous.subject) ? previous.subject : (next?.subjects[0] ?? ''),
                }));
              }}
            />
            <Select
              id="cahier-subject"
              label={text('form.subject')}
              required
              value={draft.subject}
              error={errorOf('cahier-subject')}
              options={subjects.map((subject) => ({ value: subject, label: subject }))}
              onChange={(event) => set('subject', event.target.value)}
            />
            {templateOptions.length > 0 ? (
              <Select
                id="cahier-template"
                label={text('form.template')}
                hint={text('form.templateHint')}
                placeholder={text('form.templateNone')}
                value=""
                options={templateOptions.map((entry) => ({ value: entry.id, label: `${entry.subject} — ${entry.title}` }))}
                onChange={(event) => applyTemplate(event.target.value)}
              />
            ) : null}
          </div>
          <div className="cahier-form-grid">
            <TextField id="cahier-date" type="date" label={text('form.date')} required value={draft.date} error={errorOf('cahier-date')} onChange={(event) => set('date', event.target.value)} />
            <TextField id="cahier-start" type="time" label={text('form.start')} required value={draft.start} error={errorOf('cahier-start')} onChange={(event) => set('start', event.target.value)} />
            <TextField id="cahier-end" type="time" label={text('form.end')} required value={draft.end} error={errorOf('cahier-end')} onChange={(event) => set('end', event.target.value)} />
          </div>
          <TextField id="cahier-title" label={text('form.lessonTitle')} required value={draft.title} error={errorOf('cahier-title')} onChange={(event) => set('title', event.target.value)} />
          <TextArea id="cahier-content" label={text('form.content')} hint={text('form.contentHint')} value={draft.content} error={errorOf('cahier-content')} onChange={(value) => set('content', value)} />
          <TextField id="cahier-objectives" label={text('form.objectives')} value={draft.objectives} error={errorOf('cahier-objectives')} onChange={(event) => set('objectives', event.target.value)} />

          <fieldset className="cahier-fieldset">
            <legend className="ent-field__label">{text('form.homeworkLegend')}</legend>
            <p className="ent-field__hint">{text('form.homeworkHint')}</p>
            <TextArea id="cahier-instructions" label={text('form.instructions')} rows={3} value={draft.instructions} error={errorOf('cahier-instructions')} onChange={(value) => set('instructions', value)} />
            <div className="cahier-form-grid">
              <TextField id="cahier-due" type="date" label={text('form.dueDate')} value={draft.dueDate} error={errorOf('cahier-due')} onChange={(event) => set('dueDate', event.target.value)} />
              <Select
                id="cahier-kind"
                label={text('form.kind')}
                value={draft.kind}
                options={HOMEWORK_KINDS.map((kind) => ({ value: kind, label: text(`kind.${kind}`) }))}
                onChange={(event) => set('kind', event.target.value as HomeworkKind)}
              />
              <TextField
                id="cahier-minutes"
                type="number"
                inputMode="numeric"
                min={0}
                max={600}
                step={5}
                label={text('form.minutes')}
                value={draft.minutes}
                error={errorOf('cahier-minutes')}
                onChange={(event) => set('minutes', event.target.value)}
              />
            </div>
            <WorkloadBar
              classId={draft.classId}
              dueDate={draft.dueDate}
              minutes={Number(draft.minutes)}
              original={homework ? { dueDate: homework.dueDate, minutes: homework.estimatedMinutes } : null}
            />
          </fieldset>

          <RadioGroup<Publication>
            name="cahier-publication"
            legend={text('form.publicationLegend')}
            value={draft.publication}
            options={[
              { value: 'now', label: text('form.publishNow') },
              { value: 'schedule', label: text('form.schedule') },
              { value: 'draft', label: text('form.draft') },
            ]}
            onChange={(value) => set('publication', value)}
          >
            {draft.publication === 'schedule' ? (
              <div className="cahier-form-grid">
                <TextField id="cahier-publish-date" type="date" label={text('form.publishDate')} value={draft.publishDate} error={errorOf('cahier-publish-date')} onChange={(event) => set('publishDate', event.target.value)} />
                <TextField id="cahier-publish-time" type="time" label={text('form.publishTime')} value={draft.publishTime} error={errorOf('cahier-publish-time')} onChange={(event) => set('publishTime', event.target.value)} />
              </div>
            ) : null}
          </RadioGroup>

          <Cluster>
            <Button type="submit" busy={busy}>
              {text('form.saveLesson')}
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

/** The class's homework minutes on the due date, this homework included: a bar and, above all, words. */
function WorkloadBar({ classId, dueDate, minutes, original }: { classId: string; dueDate: string; minutes: number; original: { dueDate: string; minutes: number } | null }) {
  const ready = classId !== '' && isDate(dueDate);
  const variables = useMemo(() => ({ classId, from: dueDate, to: dueDate }), [classId, dueDate]);
  const workload = useQuery<{ workload: WorkloadDay[] }>(WORKLOAD, variables, { skip: !ready });
  const day = workload.data?.workload.find((entry) => entry.date === dueDate);
  const threshold = day?.thresholdMinutes ?? workload.data?.workload[0]?.thresholdMinutes ?? null;
  const total = plannedMinutes(day?.totalMinutes ?? 0, minutes, original, dueDate);

  let content: string;
  if (!ready) content = text('workload.pick');
  else if (workload.loading && !workload.data) content = text('workload.loading');
  else if (workload.error) content = workload.error.message;
  else if (threshold === null) content = text('workload.summary', { date: longDay(dueDate), total, threshold: '—' });
  else content = text('workload.summary', { date: longDay(dueDate), total, threshold });
  const exceeded = threshold !== null && total > threshold;
  const ratio = threshold ? Math.min(1, total / Math.max(threshold, 1) / 1.5) : 0;

  return (
    <div className="cahier-workload">
      <p className="ent-field__label">{text('workload.heading')}</p>
      {ready && threshold !== null ? (
        <div className="cahier-workload__track" aria-hidden="true">
          <div className={exceeded ? 'cahier-workload__fill cahier-workload__fill--over' : 'cahier-workload__fill'} style={{ width: `${Math.round(ratio * 100)}%` }} />
          <div className="cahier-workload__threshold" style={{ left: `${Math.round((1 / 1.5) * 100)}%` }} />
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="cahier-workload__text">
        {content}
        {ready && threshold !== null ? (
          <>
            {' '}
            <strong className={exceeded ? 'cahier-warning' : undefined}>
              {exceeded ? (
                <>
                  <span aria-hidden="true">⚠ </span>
                  {text('workload.exceeded')}
                </>
              ) : (
                text('workload.ok')
              )}
            </strong>
          </>
        ) : null}
      </p>
    </div>
  );
}
