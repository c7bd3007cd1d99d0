import { describe, expect, it } from 'vitest';
import { instantOfWallTime, nextDailyOccurrence } from '../src/jobs/nextDailyOccurrence.js';

describe('nextDailyOccurrence (Europe/Paris)', () => {
  it('takes today’s time when it is still ahead, else tomorrow’s', () => {
    expect(nextDailyOccurrence(new Date('2026-12-01T00:00:00Z'), '02:30').toISOString()).toBe('2026-12-01T01:30:00.000Z');
    expect(nextDailyOccurrence(new Date('2026-12-01T01:30:00Z'), '02:30').toISOString()).toBe('2026-12-02T01:30:00.000Z');
    expect(nextDailyOccurrence(new Date('2026-07-01T12:00:00Z'), '02:30').toISOString()).toBe('2026-07-02T00:30:00.000Z');
  });

  it('runs once on the autumn night when 02:30 happens twice: the first time (summer time)', () => {
    expect(nextDailyOccurrence(new Date('2026-10-24T12:00:00Z'), '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(nextDailyOccurrence(new Date('2026-10-25T00:30:00Z'), '02:30').toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });

  it('moves the spring night’s 02:30, which does not exist, forward by the gap to 03:30 summer time', () => {
    expect(nextDailyOccurrence(new Date('2027-03-27T12:00:00Z'), '02:30').toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(nextDailyOccurrence(new Date('2027-03-28T01:30:00Z'), '02:30').toISOString()).toBe('2027-03-29T00:30:00.000Z');
    expect(instantOfWallTime(Date.UTC(2027, 2, 28, 2, 0), 'Europe/Paris').toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('crosses a year end and honours another time zone', () => {
    // 23:30 UTC on 31 December is already 00:30 on 1 January in Paris: the next 00:15 is on the 2nd.
    expect(nextDailyOccurrence(new Date('2026-12-31T23:30:00Z'), '00:15').toISOString()).toBe('2027-01-01T23:15:00.000Z');
    expect(nextDailyOccurrence(new Date('2026-12-01T00:00:00Z'), '06:00', 'America/Cayenne').toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('refuses a malformed time', () => {
    expect(() => nextDailyOccurrence(new Date(), '2h30')).toThrow('invalid time of day');
    expect(() => nextDailyOccurrence(new Date(), '24:00')).toThrow('invalid time of day');
  });
});
