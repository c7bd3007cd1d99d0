import { describe, expect, it } from 'vitest';
import { checkDraft, editableToHtml, htmlToEditable, lessonInputOf, newDraft, plannedMinutes, publicationOf, publishAtOf } from '../src/logic/lessonForm.js';

const base = () => ({ ...newDraft({ classId: 'c1', subject: 'Mathématiques', date: '2026-12-01' }), title: 'Fractions' });

describe('the séance form', () => {
  it('starts quick: 8 h – 9 h, homework for the next day, 20 minutes, published now', () => {
    const draft = newDraft({ classId: 'c1', subject: 'Mathématiques', date: '2026-12-04' });
    expect(draft).toMatchObject({ start: '08:00', end: '09:00', dueDate: '2026-12-05', minutes: '20', publication: 'now', kind: 'EXERCISE' });
  });

  it('accepts a complete form, and names each problem of a wrong one by its field', () => {
    expect(checkDraft(base(), { withHomework: true })).toEqual([]);
    const problems = checkDraft({ ...base(), title: ' ', end: '07:00', dueDate: '2026-11-30', minutes: '700' }, { withHomework: true });
    expect(problems.map((problem) => problem.fieldId)).toEqual(['cahier-end', 'cahier-title', 'cahier-due', 'cahier-minutes']);
    expect(problems[0]?.message).toEqual({ key: 'form.endBeforeStart' });
    // Without homework, its fields are not checked.
    expect(checkDraft({ ...base(), minutes: '' }, { withHomework: false })).toEqual([]);
    expect(checkDraft({ ...base(), publication: 'schedule', publishDate: '' }, { withHomework: false }).map((problem) => problem.fieldId)).toEqual(['cahier-publish-date']);
  });

  it('publishes « now » a minute ago, keeps an earlier publication, schedules in Paris time, drafts with null', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(publishAtOf(base(), now, null)).toBe('2026-12-01T09:59:00.000Z');
    expect(publishAtOf(base(), now, '2026-11-30T08:00:00.000Z')).toBe('2026-11-30T08:00:00.000Z');
    expect(publishAtOf({ ...base(), publication: 'schedule', publishDate: '2026-12-02', publishTime: '18:00' }, now, null)).toBe('2026-12-02T17:00:00.000Z');
    expect(publishAtOf({ ...base(), publication: 'draft' }, now, null)).toBeNull();
  });

  it('sends the séance’s times as instants of the Paris wall clock', () => {
    expect(lessonInputOf(base(), null)).toMatchObject({ startsAt: '2026-12-01T07:00:00.000Z', endsAt: '2026-12-01T08:00:00.000Z', title: 'Fractions', content: '' });
  });

  it('reads the publication state back into the form', () => {
    expect(publicationOf('DRAFT', null).publication).toBe('draft');
    expect(publicationOf('SCHEDULED', '2026-12-02T17:00:00.000Z')).toEqual({ publication: 'schedule', publishDate: '2026-12-02', publishTime: '18:00' });
    expect(publicationOf('PUBLISHED', '2026-12-01T07:00:00.000Z').publication).toBe('now');
  });

  it('edits plain paragraphs as text and richer HTML as HTML', () => {
    expect(htmlToEditable('<p>Un</p><p>Deux<br>trois &amp; quatre</p>')).toBe('Un\n\nDeux\ntrois & quatre');
    expect(htmlToEditable('<ul><li>Un</li></ul>')).toBe('<ul><li>Un</li></ul>');
    expect(editableToHtml('Un\n\nDeux')).toBe('<p>Un</p><p>Deux</p>');
    expect(editableToHtml('<ul><li>Un</li></ul>')).toBe('<ul><li>Un</li></ul>');
  });
});

describe('the workload while planning', () => {
  it('adds the homework being planned to the class’s day, without counting an edited one twice', () => {
    expect(plannedMinutes(30, 20, null, '2026-12-02')).toBe(50);
    expect(plannedMinutes(50, 25, { dueDate: '2026-12-02', minutes: 20 }, '2026-12-02')).toBe(55);
    expect(plannedMinutes(30, 20, { dueDate: '2026-12-03', minutes: 20 }, '2026-12-02')).toBe(50);
    expect(plannedMinutes(30, Number.NaN, null, '2026-12-02')).toBe(30);
  });
});
