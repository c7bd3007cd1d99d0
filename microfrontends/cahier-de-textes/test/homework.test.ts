import { describe, expect, it } from 'vitest';
import { doneCountLabel, dueLabel, dueWords, groupByDueDate, htmlToText, pictogramOfKind, stateLabel, textToHtml, withPendingTicks } from '../src/logic/homework.js';
import { cahierMessages } from '../src/messages.js';

const item = (id: string, dueDate: string, subject: string) => ({ id, dueDate, subject });

describe('« À faire » grouped by due date', () => {
  const today = '2026-12-01';

  it('labels tomorrow « Pour demain », today « Pour aujourd’hui », later days by name', () => {
    expect(dueLabel('2026-12-01', today)).toEqual({ key: 'todo.today' });
    expect(dueLabel('2026-12-02', today)).toEqual({ key: 'todo.tomorrow' });
    expect(dueLabel('2026-12-03', today)).toEqual({ key: 'todo.on', params: { day: 'jeudi 3 décembre' } });
    expect(cahierMessages['todo.on'].replace('{day}', 'jeudi 3 décembre')).toBe('Pour jeudi 3 décembre');
    expect(dueWords('2026-12-02', today)).toBe('demain');
    expect(dueWords('2026-12-07', today)).toBe('le lundi 7 décembre');
  });

  it('orders the days soonest first and, within a day, by subject', () => {
    const groups = groupByDueDate(
      [item('a', '2026-12-03', 'Mathématiques'), item('b', '2026-12-02', 'Histoire'), item('c', '2026-12-03', 'Anglais'), item('d', '2026-12-02', 'Français')],
      today,
    );
    expect(groups.map((group) => group.dueDate)).toEqual(['2026-12-02', '2026-12-03']);
    expect(groups[0]?.label).toEqual({ key: 'todo.tomorrow' });
    expect(groups[0]?.items.map((entry) => entry.id)).toEqual(['d', 'b']);
    expect(groups[1]?.items.map((entry) => entry.id)).toEqual(['c', 'a']);
  });

  it('gives no group for an empty list', () => {
    expect(groupByDueDate([], today)).toEqual([]);
  });

  it('shows an optimistic tick over the server’s answer, and the server’s again once it is dropped', () => {
    const items = [{ id: 'a', done: false }, { id: 'b', done: true }];
    expect(withPendingTicks(items, new Map([['a', true]]))).toEqual([{ id: 'a', done: true }, { id: 'b', done: true }]);
    expect(withPendingTicks(items, new Map())).toEqual(items);
  });
});

describe('labels', () => {
  it('counts the pupils who ticked, with the class size when known', () => {
    expect(doneCountLabel(1, 27)).toEqual({ key: 'homework.doneCount', params: { count: 1, total: 27 } });
    expect(doneCountLabel(0, null)).toEqual({ key: 'homework.doneCountNoTotal', params: { count: 0 } });
    expect(cahierMessages['homework.doneCount'].one).toBe('{count} élève sur {total} l’a fait');
  });

  it('says a scheduled entry’s publication time in Paris', () => {
    expect(stateLabel('SCHEDULED', '2026-12-03T17:00:00.000Z')).toEqual({ key: 'state.SCHEDULED', params: { date: '3 décembre 2026 à 18:00' } });
    expect(stateLabel('DRAFT', null)).toEqual({ key: 'state.DRAFT' });
    expect(stateLabel('PUBLISHED', '2026-12-01T07:00:00.000Z')).toEqual({ key: 'state.PUBLISHED' });
  });

  it('has a pictogram for every kind of homework', () => {
    expect(['EXERCISE', 'LESSON_TO_LEARN', 'EVALUATION', 'TO_BRING'].map((kind) => pictogramOfKind(kind as 'EXERCISE'))).toEqual(['pencil', 'book', 'star', 'school']);
  });
});

describe('rich text', () => {
  it('reads sanitised HTML as plain words (for names and reading aloud)', () => {
    expect(htmlToText('<p>Exercice 3 &amp; 4</p><ul><li>page 12</li><li>page&nbsp;13</li></ul>')).toBe('Exercice 3 & 4 page 12 page 13');
  });

  it('turns typed text into paragraphs, escaped', () => {
    expect(textToHtml('Lire <p. 12>\n\nRéciter\nla poésie')).toBe('<p>Lire &lt;p. 12&gt;</p><p>Réciter<br>la poésie</p>');
  });
});
