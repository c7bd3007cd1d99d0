import { describe, expect, it } from 'vitest';
import { formatSchoolDateTime, schoolDateOf, wallTimeToInstant } from '../src/schoolTime.js';

describe('wallTimeToInstant', () => {
  it('reads a winter time in Paris as UTC+1 and a summer time as UTC+2', () => {
    expect(wallTimeToInstant('2027-01-04', '08:00')?.toISOString()).toBe('2027-01-04T07:00:00.000Z');
    expect(wallTimeToInstant('2027-06-14', '08:00')?.toISOString()).toBe('2027-06-14T06:00:00.000Z');
  });

  it('is right on both sides of the clock changes', () => {
    // Spring forward on Sunday 28 March 2027 at 02:00 → 03:00; fall back on 31 October 2027 at 03:00 → 02:00.
    expect(wallTimeToInstant('2027-03-28', '01:59')?.toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(wallTimeToInstant('2027-03-28', '03:00')?.toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(wallTimeToInstant('2027-10-31', '04:00')?.toISOString()).toBe('2027-10-31T03:00:00.000Z');
    expect(wallTimeToInstant('2027-11-01', '00:00')?.toISOString()).toBe('2027-10-31T23:00:00.000Z');
  });

  it('gives an instant for a time the spring change skips, an hour on', () => {
    const skipped = wallTimeToInstant('2027-03-28', '02:30');
    expect(skipped).not.toBeNull();
    expect(formatSchoolDateTime(skipped!)).toContain('03:30');
  });

  it('refuses dates and times that do not exist', () => {
    expect(wallTimeToInstant('2027-02-30', '08:00')).toBeNull();
    expect(wallTimeToInstant('2027-13-01', '08:00')).toBeNull();
    expect(wallTimeToInstant('2027-01-04', '24:00')).toBeNull();
    expect(wallTimeToInstant('2027-01-04', '8h')).toBeNull();
    expect(wallTimeToInstant('04/01/2027', '08:00')).toBeNull();
  });

  it('follows another zone when asked', () => {
    expect(wallTimeToInstant('2027-01-04', '08:00', 'Indian/Reunion')?.toISOString()).toBe('2027-01-04T04:00:00.000Z');
  });
});

describe('schoolDateOf and formatSchoolDateTime', () => {
  it('gives the Paris calendar date, which may be the next day in UTC terms', () => {
    expect(schoolDateOf(new Date('2027-01-04T23:30:00Z'))).toBe('2027-01-05');
    expect(schoolDateOf(new Date('2027-01-04T22:30:00Z'))).toBe('2027-01-04');
  });

  it('writes dates as a French reader expects them', () => {
    expect(formatSchoolDateTime('2027-01-04T07:00:00.000Z')).toBe('lundi 4 janvier 2027 à 08:00');
    expect(formatSchoolDateTime(new Date('2027-09-01T06:00:00Z'))).toBe('mercredi 1 septembre 2027 à 08:00');
  });
});
