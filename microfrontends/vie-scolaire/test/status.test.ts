import { describe, expect, it } from 'vitest';
import { canJustify, frenchDate, type RecordView, statusOf } from '../src/status.js';

const record = (overrides: Partial<RecordView> = {}): RecordView => ({
  id: 'r1',
  date: '2026-11-30',
  slot: '08:00',
  kind: 'ABSENCE',
  minutesLate: null,
  handledAt: null,
  establishmentId: 'e1',
  pupil: { id: 'lucas', displayName: 'Lucas Bernard' },
  justification: null,
  ...overrides,
});

describe('attendance screens logic', () => {
  it('says unjustified, justified or handled', () => {
    expect(statusOf(record())).toEqual({ key: 'unjustified' });
    expect(statusOf(record({ justification: { reason: 'ILLNESS', comment: null } }))).toEqual({ key: 'justified', reason: 'ILLNESS' });
    expect(statusOf(record({ handledAt: '2026-11-30T10:00:00Z', justification: { reason: 'ILLNESS', comment: null } }))).toEqual({ key: 'handled' });
  });
  it('lets only a parent justify, and not once handled', () => {
    expect(canJustify(record(), ['lucas'])).toBe(true);
    expect(canJustify(record(), ['lea'])).toBe(false);
    expect(canJustify(record({ handledAt: '2026-11-30T10:00:00Z' }), ['lucas'])).toBe(false);
  });
  it('writes dates the French way', () => {
    expect(frenchDate('2026-11-30')).toBe('30/11/2026');
  });
});
