import { describe, expect, it } from 'vitest';
import { addDays, longDay, mondayOf, parisDate, parisInstant, parisTime, visibleDays, weekOf } from '../src/logic/dates.js';

describe('weeks', () => {
  it('starts a week on Monday, whatever the day given, and links the neighbours', () => {
    // Tuesday 1 December 2026.
    expect(mondayOf('2026-12-01')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(weekOf('2026-12-03')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06', previous: '2026-11-23', next: '2026-12-07' });
  });

  it('crosses months, years and the clock change without losing a day', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(weekOf('2027-01-01').monday).toBe('2026-12-28');
  });

  it('shows Monday to Friday, and the weekend days only when something is on them', () => {
    expect(visibleDays('2026-11-30', [])).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(visibleDays('2026-11-30', ['2026-12-05'])).toContain('2026-12-05');
    expect(visibleDays('2026-11-30', ['2026-12-05'])).not.toContain('2026-12-06');
  });
});

describe('Paris time', () => {
  it('reads a wall-clock time in Paris as UTC+1 in winter and UTC+2 in summer', () => {
    expect(parisInstant('2026-12-01', '08:30').toISOString()).toBe('2026-12-01T07:30:00.000Z');
    expect(parisInstant('2027-06-14', '08:00').toISOString()).toBe('2027-06-14T06:00:00.000Z');
    expect(parisInstant('2027-10-31', '04:00').toISOString()).toBe('2027-10-31T03:00:00.000Z');
  });

  it('gives the Paris day and time of an instant (late evening UTC is already tomorrow in Paris)', () => {
    const instant = new Date('2026-12-01T23:30:00Z');
    expect(parisDate(instant)).toBe('2026-12-02');
    expect(parisTime(instant)).toBe('00:30');
  });

  it('says the day in French', () => {
    expect(longDay('2026-12-03')).toBe('jeudi 3 décembre');
  });
});
