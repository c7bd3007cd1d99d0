import { describe, expect, it } from 'vitest';
import { adminMessages } from '../src/messages.js';
import { classRows, type DirectoryClass, searchQueryOf } from '../src/directory/classRows.js';

const teacher = (displayName: string) => ({ displayName });

const classes: DirectoryClass[] = [
  { id: 'c3', name: '3e A', level: 'TROISIEME', cycle: 'CYCLE_4', pupilCount: 24, teachings: [] },
  {
    id: 'c5',
    name: '5e B',
    level: 'CINQUIEME',
    cycle: 'CYCLE_4',
    pupilCount: 25,
    teachings: [
      { subject: 'Mathématiques', teacher: teacher('Claire Durand') },
      { subject: 'Français', teacher: teacher('Bruno Albert') },
      { subject: 'Latin', teacher: teacher('Bruno Albert') },
    ],
  },
  { id: 'c6b', name: '6e B', level: 'SIXIEME', cycle: 'CYCLE_3', pupilCount: 1, teachings: [] },
  { id: 'c6a', name: '6e A', level: 'SIXIEME', cycle: 'CYCLE_3', pupilCount: 26, teachings: [] },
];

describe('classRows', () => {
  it('lists classes in school order, then by name', () => {
    expect(classRows(classes).map((row) => row.name)).toEqual(['6e A', '6e B', '5e B', '3e A']);
  });

  it('names each teacher once, with their subjects, by name', () => {
    const row = classRows(classes).find((candidate) => candidate.id === 'c5')!;
    expect(row.teachers).toEqual([
      { key: 'directory.teacher', params: { name: 'Bruno Albert', subjects: 'Français, Latin' } },
      { key: 'directory.teacher', params: { name: 'Claire Durand', subjects: 'Mathématiques' } },
    ]);
  });

  it('labels levels and cycles through the catalogue', () => {
    const row = classRows(classes)[0]!;
    expect(adminMessages[row.level.key]).toBe('Sixième');
    expect(adminMessages[row.cycle.key]).toBe('Cycle 3');
  });
});

describe('searchQueryOf', () => {
  it('trims and collapses spaces, and wants two characters', () => {
    expect(searchQueryOf('  Claire   Durand ')).toEqual({ ok: true, query: 'Claire Durand' });
    expect(searchQueryOf(' d ')).toEqual({ ok: false, message: { key: 'directory.search.tooShort' } });
  });
});

describe('catalogue', () => {
  it('has a French label for every level, cycle, profile and account status of the schema', () => {
    const levels = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', 'SIXIEME', 'CINQUIEME', 'QUATRIEME', 'TROISIEME', 'SECONDE', 'PREMIERE', 'TERMINALE', 'BUT1', 'BUT2', 'BUT3', 'BTS1', 'BTS2'];
    const cycles = ['CYCLE_1', 'CYCLE_2', 'CYCLE_3', 'CYCLE_4', 'LYCEE', 'SUPERIEUR'];
    const profiles = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'];
    const keys = [
      ...levels.map((level) => `level.${level}`),
      ...cycles.map((cycle) => `cycle.${cycle}`),
      ...profiles.map((profile) => `profile.${profile}`),
      'status.ACTIVE',
      'status.DEACTIVATED',
    ];
    expect(keys.filter((key) => !(key in adminMessages))).toEqual([]);
  });
});
