import type { CahierMessage } from '../messages.js';
import { daysBetween, longDateTime, longDay, parisDate } from './dates.js';

export type HomeworkKind = 'EXERCISE' | 'LESSON_TO_LEARN' | 'EVALUATION' | 'TO_BRING';
export type PublicationState = 'DRAFT' | 'SCHEDULED' | 'PUBLISHED';
export const HOMEWORK_KINDS: readonly HomeworkKind[] = ['EXERCISE', 'LESSON_TO_LEARN', 'EVALUATION', 'TO_BRING'];

/** Homework as the screens query it (fields beyond these are optional per screen). */
export interface HomeworkItem {
  id: string;
  subject: string;
  dueDate: string;
  kind: HomeworkKind;
  estimatedMinutes: number;
  instructions: string;
  state: PublicationState;
  publishAt: string | null;
  done?: boolean | null;
  doneCount?: number | null;
  class?: { id: string } | null;
  lesson?: { id: string; title: string } | null;
}

export interface DueGroup<T extends { dueDate: string }> {
  dueDate: string;
  label: CahierMessage;
  items: T[];
}

/** « Pour aujourd’hui », « Pour demain », « Pour jeudi 3 décembre ». */
export function dueLabel(dueDate: string, today: string): CahierMessage {
  const days = daysBetween(today, dueDate);
  if (days === 0) return { key: 'todo.today' };
  if (days === 1) return { key: 'todo.tomorrow' };
  return { key: 'todo.on', params: { day: longDay(dueDate) } };
}

/** « demain », « aujourd’hui » or « jeudi 3 décembre », inside a sentence. */
export function dueWords(dueDate: string, today: string): string {
  const days = daysBetween(today, dueDate);
  if (days === 0) return 'aujourd’hui';
  if (days === 1) return 'demain';
  return `le ${longDay(dueDate)}`;
}

/** Homework grouped by due date, soonest first; within a day, by subject then id (a stable order). */
export function groupByDueDate<T extends { dueDate: string; subject: string; id: string }>(items: readonly T[], today: string): DueGroup<T>[] {
  const byDate = new Map<string, T[]>();
  for (const item of items) {
    const list = byDate.get(item.dueDate) ?? [];
    list.push(item);
    byDate.set(item.dueDate, list);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dueDate, list]) => ({
      dueDate,
      label: dueLabel(dueDate, today),
      items: [...list].sort((a, b) => a.subject.localeCompare(b.subject, 'fr') || a.id.localeCompare(b.id)),
    }));
}

/** Rich text (sanitised by the server) as plain words: for accessible names and reading aloud. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/h3|\/h4|\/tr)\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, '’')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain text typed in a form, as the HTML the server accepts: paragraphs and line breaks, escaped. */
export function textToHtml(value: string): string {
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The kit pictogram shown beside each kind in the cycle 2 list (with its words, never alone). */
export function pictogramOfKind(kind: HomeworkKind): 'pencil' | 'book' | 'star' | 'school' {
  switch (kind) {
    case 'EXERCISE':
      return 'pencil';
    case 'LESSON_TO_LEARN':
      return 'book';
    case 'EVALUATION':
      return 'star';
    case 'TO_BRING':
      return 'school';
  }
}

/** The publication state in words (the scheduled time included). */
export function stateLabel(state: PublicationState, publishAt: string | null): CahierMessage {
  if (state === 'SCHEDULED' && publishAt) return { key: 'state.SCHEDULED', params: { date: longDateTime(new Date(publishAt)) } };
  if (state === 'SCHEDULED') return { key: 'state.DRAFT' };
  return { key: `state.${state}` };
}

/** « 3 élèves sur 27 l’ont fait » (the class size from the annuaire when known). */
export function doneCountLabel(doneCount: number, total: number | null): CahierMessage {
  return total === null
    ? { key: 'homework.doneCountNoTotal', params: { count: doneCount } }
    : { key: 'homework.doneCount', params: { count: doneCount, total } };
}

/** Applies the pupil's optimistic ticks over what the server said. */
export function withPendingTicks<T extends { id: string; done?: boolean | null }>(items: readonly T[], pending: ReadonlyMap<string, boolean>): T[] {
  return items.map((item) => (pending.has(item.id) ? { ...item, done: pending.get(item.id) ?? false } : item));
}

/** Today in Paris, injectable for tests. */
export function today(now: Date = new Date()): string {
  return parisDate(now);
}
