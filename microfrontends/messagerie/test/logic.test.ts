import { describe, expect, it } from 'vitest';
import {
  filterOptions,
  groupOptions,
  isSimplifiedViewer,
  prefixed,
  receiptSummary,
  replyRecipients,
  type RecipientOption,
  scheduledInstant,
  speechOf,
} from '../src/logic.js';

const option = (key: string, label: string, section: string, kind: 'PERSON' | 'LIST' = 'PERSON'): RecipientOption => ({
  key,
  kind,
  label,
  description: null,
  section,
  establishmentId: 'e',
});

describe('recipient picker', () => {
  const options = [
    option('person:e:2', 'Émilie Durand', 'Enseignants'),
    option('parents:e:c', 'Parents de 5e B', 'Listes', 'LIST'),
    option('person:e:3', 'Nadia Haddad', 'Vie scolaire'),
    option('person:e:1', 'Claire Bonnet', 'Enseignants'),
  ];

  it('filters without regard to accents or case', () => {
    expect(filterOptions(options, 'emilie').map((item) => item.label)).toEqual(['Émilie Durand']);
    expect(filterOptions(options, '  ')).toHaveLength(4);
  });

  it('groups lists first, then teachers, then vie scolaire, sorted by name', () => {
    expect(groupOptions(options).map((group) => [group.section, group.options.map((item) => item.label)])).toEqual([
      ['Listes', ['Parents de 5e B']],
      ['Enseignants', ['Claire Bonnet', 'Émilie Durand']],
      ['Vie scolaire', ['Nadia Haddad']],
    ]);
  });
});

describe('answers', () => {
  const source = {
    establishmentId: 'e',
    senderId: 'dir',
    senderName: 'Philippe Rousseau',
    addressedTo: [
      { key: 'parents:e:c', kind: 'LIST' as const, label: 'Parents de 5e B' },
      { key: 'person:e:prof', kind: 'PERSON' as const, label: 'Émilie Durand' },
    ],
  };

  it('answers the sender only, or everyone addressed whom the rules allow — never a list’s members', () => {
    expect(replyRecipients(source, 'reply', 'parent', new Set()).map((item) => item.key)).toEqual(['person:e:dir']);
    expect(replyRecipients(source, 'replyAll', 'parent', new Set(['person:e:prof'])).map((item) => item.key)).toEqual(['person:e:dir', 'person:e:prof']);
    // A parent may not write to the parents' list: reply-all leaves it out.
    expect(replyRecipients(source, 'replyAll', 'parent', new Set()).map((item) => item.key)).toEqual(['person:e:dir']);
  });

  it('prefixes subjects once', () => {
    expect(prefixed('Re : Sortie', 'Re : ')).toBe('Re : Sortie');
    expect(prefixed('Sortie', 'Tr : ')).toBe('Tr : Sortie');
  });
});

describe('receipts and views', () => {
  it('counts who read', () => {
    expect(
      receiptSummary([
        { name: 'A', readAt: '2027-03-09T10:00:00Z', remindedAt: null, concerning: [] },
        { name: 'B', readAt: null, remindedAt: null, concerning: [] },
      ]),
    ).toEqual({ read: 1, total: 2, unread: 1 });
  });

  it('gives cycle 1 and 2 pupils the simplified view, nobody else', () => {
    expect(isSimplifiedViewer({ profiles: [{ profile: 'ELEVE' }], classes: [{ cycle: 'CYCLE_2' }] })).toBe(true);
    expect(isSimplifiedViewer({ profiles: [{ profile: 'ELEVE' }], classes: [{ cycle: 'CYCLE_4' }] })).toBe(false);
    expect(isSimplifiedViewer({ profiles: [{ profile: 'PARENT' }], classes: [] })).toBe(false);
  });

  it('reads the message aloud as text', () => {
    expect(speechOf({ senderName: 'M. Petit', subject: 'Sortie', body: '<p>Demain &amp; après</p>' })).toBe('Message de M. Petit. Sortie. Demain & après');
  });

  it('reads a scheduled time as Paris wall time', () => {
    expect(scheduledInstant('2027-03-09T21:00')).toBe('2027-03-09T20:00:00.000Z');
    expect(scheduledInstant('2027-07-09T21:00')).toBe('2027-07-09T19:00:00.000Z');
    expect(scheduledInstant('')).toBeNull();
  });
});
