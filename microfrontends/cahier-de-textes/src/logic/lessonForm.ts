import type { CahierMessage } from '../messages.js';
import { addDays, isDate, parisDate, parisInstant, parisTime } from './dates.js';
import { type HomeworkKind, type PublicationState, textToHtml } from './homework.js';

export type Publication = 'now' | 'schedule' | 'draft';

/** The séance-and-homework form, as typed (strings), before it is checked. */
export interface LessonDraft {
  classId: string;
  subject: string;
  date: string;
  start: string;
  end: string;
  title: string;
  content: string;
  objectives: string;
  instructions: string;
  dueDate: string;
  kind: HomeworkKind;
  minutes: string;
  publication: Publication;
  publishDate: string;
  publishTime: string;
}

/** Form field ids (`cahier-<name>`) by the names the subgraph gives in `extensions.field`. */
export const FIELD_IDS: Readonly<Record<string, string>> = {
  classId: 'cahier-class',
  subject: 'cahier-subject',
  startsAt: 'cahier-start',
  endsAt: 'cahier-end',
  title: 'cahier-title',
  content: 'cahier-content',
  objectives: 'cahier-objectives',
  publishAt: 'cahier-publish-date',
  dueDate: 'cahier-due',
  kind: 'cahier-kind',
  estimatedMinutes: 'cahier-minutes',
  instructions: 'cahier-instructions',
};

export interface FieldProblem {
  fieldId: string;
  message: CahierMessage;
}

/** A quick start: the day shown, 8 h–9 h, homework for the next day, published now. */
export function newDraft(options: { classId: string; subject: string; date: string }): LessonDraft {
  return {
    classId: options.classId,
    subject: options.subject,
    date: options.date,
    start: '08:00',
    end: '09:00',
    title: '',
    content: '',
    objectives: '',
    instructions: '',
    dueDate: addDays(options.date, 1),
    kind: 'EXERCISE',
    minutes: '20',
    publication: 'now',
    publishDate: options.date,
    publishTime: '18:00',
  };
}

/** Stored HTML shown for editing: plain paragraphs become text; richer HTML is kept as typed (the hint says tags are accepted). */
export function htmlToEditable(html: string): string {
  const plain = html.replace(/<\/p>\s*<p>/gi, '\n\n').replace(/<br\s*\/?>/gi, '\n').replace(/^<p>|<\/p>$/gi, '');
  if (/<[a-z/]/i.test(plain)) return html;
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '’').replace(/&amp;/g, '&');
}

/** What the teacher typed, as HTML for the server: HTML as is, plain text in paragraphs. */
export function editableToHtml(value: string): string {
  return /<[a-z][a-z0-9]*[\s>/]/i.test(value) ? value.trim() : textToHtml(value);
}

export function publicationOf(state: PublicationState, publishAt: string | null): { publication: Publication; publishDate: string; publishTime: string } {
  if (state === 'DRAFT' || !publishAt) return { publication: 'draft', publishDate: '', publishTime: '18:00' };
  const instant = new Date(publishAt);
  return { publication: state === 'SCHEDULED' ? 'schedule' : 'now', publishDate: parisDate(instant), publishTime: parisTime(instant) };
}

const TIME = /^\d{2}:\d{2}$/;

/** The problems the form can see by itself (the server checks again, and more). */
export function checkDraft(draft: LessonDraft, options: { withHomework: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const required = (fieldId: string, value: string, field: string) => {
    if (value.trim() === '') problems.push({ fieldId, message: { key: 'form.required', params: { field } } });
  };
  required('cahier-class', draft.classId, 'classe');
  required('cahier-subject', draft.subject, 'matière');
  if (!isDate(draft.date)) problems.push({ fieldId: 'cahier-date', message: { key: 'form.required', params: { field: 'date' } } });
  if (!TIME.test(draft.start)) problems.push({ fieldId: 'cahier-start', message: { key: 'form.required', params: { field: 'début' } } });
  if (!TIME.test(draft.end)) problems.push({ fieldId: 'cahier-end', message: { key: 'form.required', params: { field: 'fin' } } });
  else if (TIME.test(draft.start) && draft.end <= draft.start) problems.push({ fieldId: 'cahier-end', message: { key: 'form.endBeforeStart' } });
  required('cahier-title', draft.title, 'titre de la séance');
  if (options.withHomework) {
    if (!isDate(draft.dueDate)) problems.push({ fieldId: 'cahier-due', message: { key: 'form.required', params: { field: 'pour le' } } });
    else if (isDate(draft.date) && draft.dueDate < draft.date) problems.push({ fieldId: 'cahier-due', message: { key: 'form.dueBeforeLesson' } });
    const minutes = Number(draft.minutes);
    if (draft.minutes.trim() === '' || !Number.isInteger(minutes) || minutes < 0 || minutes > 600) {
      problems.push({ fieldId: 'cahier-minutes', message: { key: 'form.minutesRange' } });
    }
  }
  if (draft.publication === 'schedule') {
    if (!isDate(draft.publishDate)) problems.push({ fieldId: 'cahier-publish-date', message: { key: 'form.required', params: { field: 'date de publication' } } });
    if (!TIME.test(draft.publishTime)) problems.push({ fieldId: 'cahier-publish-time', message: { key: 'form.required', params: { field: 'heure de publication' } } });
  }
  return problems;
}

/**
 * When the entry becomes visible: « now » is a minute ago (a browser clock a little ahead of the
 * server's must not turn it into a scheduled entry); an entry already published keeps its time.
 */
export function publishAtOf(draft: LessonDraft, now: Date, alreadyPublishedAt: string | null): string | null {
  if (draft.publication === 'draft') return null;
  if (draft.publication === 'schedule') return parisInstant(draft.publishDate, draft.publishTime).toISOString();
  if (alreadyPublishedAt && new Date(alreadyPublishedAt).getTime() <= now.getTime()) return alreadyPublishedAt;
  return new Date(now.getTime() - 60_000).toISOString();
}

export function lessonInputOf(draft: LessonDraft, publishAt: string | null) {
  return {
    classId: draft.classId,
    subject: draft.subject,
    startsAt: parisInstant(draft.date, draft.start).toISOString(),
    endsAt: parisInstant(draft.date, draft.end).toISOString(),
    title: draft.title.trim(),
    content: editableToHtml(draft.content),
    objectives: draft.objectives.trim() || null,
    publishAt,
  };
}

export function homeworkInputOf(draft: LessonDraft, lessonId: string, publishAt: string | null) {
  return {
    lessonId,
    dueDate: draft.dueDate,
    kind: draft.kind,
    estimatedMinutes: Number(draft.minutes),
    instructions: editableToHtml(draft.instructions),
    publishAt,
  };
}

/**
 * The class's planned total on the due date once this homework is counted: the server's total already
 * holds the homework being edited (when it was on that day), so its old minutes are taken out first.
 */
export function plannedMinutes(serverTotal: number, minutes: number, original: { dueDate: string; minutes: number } | null, dueDate: string): number {
  const already = original && original.dueDate === dueDate ? original.minutes : 0;
  return Math.max(0, serverTotal - already) + (Number.isFinite(minutes) ? Math.max(0, minutes) : 0);
}
