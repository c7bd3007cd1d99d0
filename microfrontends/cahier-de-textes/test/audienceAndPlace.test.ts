import type { Viewer, ViewerChild } from '@ent/ui-kit';
import { describe, expect, it } from 'vitest';
import { audienceOf, chooseChild, moduleOpenFor, pupilCycle, pupilMode, taughtClasses } from '../src/logic/audience.js';
import { hrefOf, placeOf } from '../src/logic/place.js';

const establishment = (id: string) => ({ id, name: id, type: 'COLLEGE' });
const grant = (profile: Viewer['profiles'][number]['profile'], establishmentId: string | null) => ({
  profile,
  establishment: establishmentId ? establishment(establishmentId) : null,
  functionLabel: null,
});
const child = (id: string, cycle: 'CYCLE_2' | 'CYCLE_4', enabled: boolean): ViewerChild => ({
  id,
  firstName: id,
  displayName: id,
  classes: [{ id: `class-${id}`, name: 'X', level: 'X', cycle, establishment: { id: 'e', name: 'E', modules: [{ moduleId: 'cahier-de-textes', enabled }] } }],
});

describe('who sees which screen', () => {
  it('follows the profile in the current establishment; a parent is a parent everywhere', () => {
    const teacherParent = { profiles: [grant('ENSEIGNANT', 'e1'), grant('PARENT', null)], children: [child('lucas', 'CYCLE_4', true)], classes: [] };
    expect(audienceOf(teacherParent, 'e1')).toBe('teacher');
    expect(audienceOf(teacherParent, 'e1', true)).toBe('parent');
    expect(audienceOf({ profiles: [grant('DIRECTION', 'e1')], children: [], classes: [] }, 'e1')).toBe('direction');
    expect(audienceOf({ profiles: [grant('ELEVE', 'e1')], children: [], classes: [] }, 'e1')).toBe('pupil');
    expect(audienceOf({ profiles: [grant('PARENT', null)], children: [child('lea', 'CYCLE_2', true)], classes: [] }, null)).toBe('parent');
    expect(audienceOf({ profiles: [grant('PERSONNEL', 'e1')], children: [], classes: [] }, 'e1')).toBe('none');
    // A teacher elsewhere is not a teacher here.
    expect(audienceOf({ profiles: [grant('ENSEIGNANT', 'e2')], children: [], classes: [] }, 'e1')).toBe('none');
  });

  it('simplifies for cycle 2, shows the day in class for cycle 1', () => {
    const classes = [{ id: 'c', name: 'CE1', level: 'CE1', cycle: 'CYCLE_2' as const, establishment: { id: 'e1' } }];
    expect(pupilCycle({ classes }, 'e1')).toBe('CYCLE_2');
    expect(pupilMode('CYCLE_1')).toBe('today');
    expect(pupilMode('CYCLE_2')).toBe('simple');
    expect(pupilMode('CYCLE_4')).toBe('standard');
    expect(pupilMode(null)).toBe('standard');
  });

  it('picks the child of the URL, else the first; knows whether the child’s establishment opened the module', () => {
    const children = [child('lea', 'CYCLE_2', false), child('lucas', 'CYCLE_4', true)];
    expect(chooseChild(children, 'lucas')?.id).toBe('lucas');
    expect(chooseChild(children, 'nobody')?.id).toBe('lea');
    expect(chooseChild([], null)).toBeNull();
    expect(moduleOpenFor(children[0]!)).toBe(false);
    expect(moduleOpenFor(children[1]!)).toBe(true);
  });

  it('lists the classes a teacher writes in, by name, with their subjects and size', () => {
    const classes = taughtClasses([
      { subject: 'Mathématiques', headTeacher: true, class: { id: 'b', name: '5e B', pupilCount: 27 } },
      { subject: 'Mathématiques', headTeacher: false, class: { id: 'a', name: '3e A', pupilCount: 25 } },
      { subject: 'Sciences', headTeacher: false, class: { id: 'b', name: '5e B', pupilCount: 27 } },
      { subject: 'Atelier', headTeacher: false, class: null },
    ]);
    expect(classes).toEqual([
      { id: 'a', name: '3e A', pupilCount: 25, subjects: ['Mathématiques'] },
      { id: 'b', name: '5e B', pupilCount: 27, subjects: ['Mathématiques', 'Sciences'] },
    ]);
  });
});

describe('the page’s place in its URL', () => {
  it('reads and writes the week, class, child and period, ignoring malformed dates', () => {
    expect(placeOf('?semaine=2026-12-03&classe=c1&enfant=k&du=2026-11-30&au=bad&vue=famille')).toEqual({
      week: '2026-12-03',
      classId: 'c1',
      childId: 'k',
      from: '2026-11-30',
      to: null,
      family: true,
    });
    expect(hrefOf({ classId: 'c1', week: '2026-12-03' })).toBe('/cahier-de-textes?classe=c1&semaine=2026-12-03');
    expect(hrefOf({})).toBe('/cahier-de-textes');
  });
});
