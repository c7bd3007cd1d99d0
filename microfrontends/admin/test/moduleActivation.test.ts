import { describe, expect, it } from 'vitest';
import { type AdminMessage, adminMessages } from '../src/messages.js';
import {
  changeConfirmation,
  checkSchedule,
  defaultSchedule,
  describeNext,
  describeState,
  type ModuleActivation,
} from '../src/modules/moduleActivation.js';

/** The French text of a message, as the catalogue renders it. */
function french(message: AdminMessage): string {
  const template = adminMessages[message.key];
  if (typeof template !== 'string') throw new Error(`${message.key} is a plural message`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(message.params?.[name] ?? whole));
}

const messagerie: ModuleActivation = {
  moduleId: 'messagerie',
  label: 'Messagerie',
  enabled: true,
  since: '2026-09-01T06:00:00.000Z',
  next: null,
};

describe('describeState', () => {
  it('says since when a module is on or off', () => {
    expect(french(describeState(messagerie))).toBe('Activé depuis le mardi 1 septembre 2026 à 08:00');
    expect(french(describeState({ ...messagerie, enabled: false, since: '2026-12-01T09:15:00.000Z' }))).toBe(
      'Désactivé depuis le mardi 1 décembre 2026 à 10:15',
    );
  });

  it('says when a module was never enabled', () => {
    expect(french(describeState({ ...messagerie, enabled: false, since: null }))).toBe('Jamais activé');
  });
});

describe('describeNext', () => {
  it('names the scheduled change and its date, or none', () => {
    expect(french(describeNext(messagerie))).toBe('Aucun');
    expect(french(describeNext({ ...messagerie, next: { enabled: false, effectiveAt: '2027-01-04T07:00:00.000Z' } }))).toBe(
      'Désactivation le lundi 4 janvier 2027 à 08:00',
    );
    expect(french(describeNext({ ...messagerie, enabled: false, next: { enabled: true, effectiveAt: '2027-06-14T06:00:00.000Z' } }))).toBe(
      'Activation le lundi 14 juin 2027 à 08:00',
    );
  });
});

describe('checkSchedule', () => {
  const now = new Date('2026-12-01T10:00:00.000Z');

  it('turns a Paris date and time into the instant sent to the server', () => {
    const check = checkSchedule({ enabled: false, date: '2027-01-04', time: '08:00' }, now);
    expect(check).toEqual({ ok: true, enabled: false, effectiveAt: new Date('2027-01-04T07:00:00.000Z') });
  });

  it('takes midnight when no time is given', () => {
    const check = checkSchedule({ enabled: true, date: '2027-01-04', time: '' }, now);
    expect(check.ok && check.effectiveAt.toISOString()).toBe('2027-01-03T23:00:00.000Z');
  });

  it('words each problem next to its field', () => {
    expect(checkSchedule({ enabled: true, date: '', time: '08:00' }, now)).toMatchObject({ ok: false, field: 'date' });
    expect(checkSchedule({ enabled: true, date: '2027-02-30', time: '08:00' }, now)).toMatchObject({
      ok: false,
      field: 'date',
      message: { key: 'modules.schedule.error.dateInvalid' },
    });
    expect(checkSchedule({ enabled: true, date: '2027-01-04', time: '25:00' }, now)).toMatchObject({ ok: false, field: 'time' });
  });

  it('refuses a moment already past, this morning included', () => {
    expect(checkSchedule({ enabled: true, date: '2026-12-01', time: '10:59' }, now)).toMatchObject({
      ok: false,
      field: 'date',
      message: { key: 'modules.schedule.error.past' },
    });
    expect(checkSchedule({ enabled: true, date: '2026-12-01', time: '11:01' }, now).ok).toBe(true);
  });
});

describe('defaultSchedule', () => {
  it('proposes the opposite state from tomorrow midnight, Paris time', () => {
    expect(defaultSchedule(messagerie, new Date('2026-12-01T23:30:00.000Z'))).toEqual({ enabled: false, date: '2026-12-03', time: '00:00' });
    expect(defaultSchedule({ ...messagerie, enabled: false }, new Date('2026-12-01T10:00:00.000Z'))).toEqual({
      enabled: true,
      date: '2026-12-02',
      time: '00:00',
    });
  });
});

describe('changeConfirmation', () => {
  const names = { module: 'Messagerie', establishment: 'Collège Paul Éluard' };

  it('confirms an immediate change with the establishment named', () => {
    expect(french(changeConfirmation({ enabled: false, effectiveAt: null }, names))).toBe(
      'Le module Messagerie est désactivé pour l’établissement Collège Paul Éluard.',
    );
  });

  it('confirms a scheduled change with its date', () => {
    expect(french(changeConfirmation({ enabled: true, effectiveAt: new Date('2027-01-04T07:00:00.000Z') }, names))).toBe(
      'Activation du module Messagerie programmée le lundi 4 janvier 2027 à 08:00.',
    );
  });
});
