import { describe, expect, it } from 'vitest';
import { audienceOf, chooseChild } from '../src/logic/audience.js';
import { frenchDateTime, isoToParisLocal, parisLocalToIso } from '../src/logic/dates.js';
import { partitionForPupil } from '../src/logic/lists.js';
import { hrefOf, neighbours, paragraphsOf, placeOf } from '../src/logic/place.js';
import {
  addCriterion,
  addLevel,
  maxScore,
  newCriterion,
  parsePoints,
  removeCriterion,
  removeLevel,
  type RubricDraft,
  rubricInput,
  rubricProblems,
  scoreOf,
  updateCriterion,
  updateLevel,
} from '../src/logic/rubric.js';

const LABELS = ['Non atteint', 'Partiellement atteint', 'Atteint'] as const;

describe('dates in French, Paris time', () => {
  it('writes « mardi 1er décembre à 18 h 05 » (winter, UTC+1) and the first of the month as « 1er »', () => {
    expect(frenchDateTime('2026-12-01T17:05:00Z')).toBe('mardi 1er décembre à 18 h 05');
    expect(frenchDateTime('2026-12-03T07:00:00Z')).toBe('jeudi 3 décembre à 8 h 00');
  });

  it('reads a datetime-local value as Paris time, summer and winter', () => {
    expect(parisLocalToIso('2026-12-03T18:00')).toBe('2026-12-03T18:00:00+01:00');
    expect(parisLocalToIso('2027-06-15T08:30')).toBe('2027-06-15T08:30:00+02:00');
    expect(parisLocalToIso('2026-12-03')).toBeNull();
    expect(isoToParisLocal(new Date('2026-12-03T17:00:00Z'))).toBe('2026-12-03T18:00');
  });
});

describe('the rubric editor’s state', () => {
  const start = (): RubricDraft => ({ title: 'Rédaction', shared: false, criteria: [newCriterion(LABELS)] });

  it('adds criteria with three default levels worth 0, 1, 2, and levels one point above the best', () => {
    let draft = addCriterion(start(), LABELS);
    expect(draft.criteria).toHaveLength(2);
    expect(draft.criteria[1]?.levels.map((level) => [level.label, level.points])).toEqual([
      ['Non atteint', '0'],
      ['Partiellement atteint', '1'],
      ['Atteint', '2'],
    ]);
    draft = addLevel(draft, draft.criteria[0]?.key as string);
    expect(draft.criteria[0]?.levels.at(-1)?.points).toBe('3');
    expect(maxScore(draft)).toBe(5);
  });

  it('edits and removes criteria and levels by key, leaving the others untouched', () => {
    let draft = addCriterion(start(), LABELS);
    const [first, second] = draft.criteria;
    draft = updateCriterion(draft, first?.key as string, 'Idées');
    draft = updateLevel(draft, second?.key as string, second?.levels[2]?.key as string, { points: '4,5', descriptor: 'Au-delà' });
    expect(draft.criteria[0]?.label).toBe('Idées');
    expect(draft.criteria[1]?.levels[2]).toMatchObject({ points: '4,5', descriptor: 'Au-delà' });
    expect(maxScore(draft)).toBe(6.5);
    draft = removeLevel(draft, second?.key as string, second?.levels[0]?.key as string);
    expect(draft.criteria[1]?.levels).toHaveLength(2);
    draft = removeCriterion(draft, first?.key as string);
    expect(draft.criteria.map((criterion) => criterion.key)).toEqual([second?.key]);
  });

  it('lists every problem with the id of its field, in reading order', () => {
    let draft: RubricDraft = { title: ' ', shared: false, criteria: [newCriterion(LABELS)] };
    const criterion = draft.criteria[0];
    draft = updateLevel(draft, criterion?.key as string, criterion?.levels[1]?.key as string, { points: 'beaucoup', label: '' });
    draft = removeLevel(removeLevel(draft, criterion?.key as string, criterion?.levels[0]?.key as string), criterion?.key as string, criterion?.levels[2]?.key as string);
    const problems = rubricProblems(draft, 'r');
    expect(problems.map((problem) => problem.fieldId)).toEqual([
      'r-title',
      `r-${criterion?.key}-label`,
      `r-${criterion?.key}-add`,
      `r-${criterion?.levels[1]?.key}-label`,
      `r-${criterion?.levels[1]?.key}-points`,
    ]);
    expect(problems[1]?.message).toEqual({ key: 'rubric.criterionRequired', params: { n: 1 } });
    expect(rubricProblems({ title: 'x', shared: false, criteria: [] }, 'r').map((problem) => problem.message.key)).toEqual(['rubric.noCriteria']);
  });

  it('reads points with a comma or a dot, and refuses the rest', () => {
    expect(parsePoints('1,5')).toBe(1.5);
    expect(parsePoints(' 2 ')).toBe(2);
    expect(parsePoints('-1')).toBeNaN();
    expect(parsePoints('2000')).toBeNaN();
    expect(parsePoints('')).toBeNaN();
  });

  it('builds the API input, trimmed, descriptors only when given', () => {
    let draft = start();
    const criterion = draft.criteria[0];
    draft = updateCriterion(draft, criterion?.key as string, '  Idées ');
    draft = updateLevel(draft, criterion?.key as string, criterion?.levels[2]?.key as string, { descriptor: ' Riche ' });
    expect(rubricInput(draft)).toEqual({
      title: 'Rédaction',
      shared: false,
      criteria: [
        {
          label: 'Idées',
          levels: [
            { label: 'Non atteint', points: 0 },
            { label: 'Partiellement atteint', points: 1 },
            { label: 'Atteint', descriptor: 'Riche', points: 2 },
          ],
        },
      ],
    });
  });

  it('scores a choice of levels, null until every criterion has one', () => {
    const rubric = {
      id: 'r',
      title: 'R',
      maxScore: 6,
      criteria: [
        { id: 'a', label: 'A', levels: [{ id: 'a0', label: '0', descriptor: null, points: 0 }, { id: 'a2', label: '2', descriptor: null, points: 2 }] },
        { id: 'b', label: 'B', levels: [{ id: 'b1', label: '1', descriptor: null, points: 1.5 }, { id: 'b4', label: '4', descriptor: null, points: 4 }] },
      ],
    };
    expect(scoreOf(rubric, { a: 'a2' })).toBeNull();
    expect(scoreOf(rubric, { a: 'a2', b: 'b1' })).toBe(3.5);
    expect(scoreOf(rubric, { a: 'a2', b: 'zz' })).toBeNull();
  });
});

describe('places in the URL', () => {
  it('round-trips every screen', () => {
    for (const place of [{}, { creating: true }, { assignmentId: 'a' }, { assignmentId: 'a', pupilId: 'p' }, { childId: 'c', assignmentId: 'a' }]) {
      const href = hrefOf(place);
      expect(placeOf(new URL(href, 'http://x').search)).toEqual({ assignmentId: null, pupilId: null, creating: false, childId: null, ...place });
    }
  });

  it('turns typed text into escaped paragraphs', () => {
    expect(paragraphsOf('Lisez <b>tout</b>\nle texte.\n\nPuis répondez.')).toBe('<p>Lisez &lt;b&gt;tout&lt;/b&gt;<br>le texte.</p><p>Puis répondez.</p>');
    expect(paragraphsOf('   ')).toBe('');
  });

  it('finds the previous and next pupils for marking one after the other', () => {
    const works = ['a', 'b', 'c'].map((id) => ({ pupil: { id } }));
    expect(neighbours(works, 'b')).toEqual({ previous: { pupil: { id: 'a' } }, next: { pupil: { id: 'c' } } });
    expect(neighbours(works, 'a').previous).toBeNull();
    expect(neighbours(works, 'z')).toEqual({ previous: null, next: null });
  });
});

describe('who sees which screen', () => {
  const grant = (profile: string, establishment: string | null) => ({ profile, establishment: establishment ? { id: establishment, name: '', type: '' } : null, functionLabel: null });
  const child = { id: 'c1', firstName: 'Lucas', displayName: 'Lucas Bernard', classes: [] };

  it('shows the teacher’s screen in their establishment, the pupil’s, the parent’s, the direction’s', () => {
    expect(audienceOf({ profiles: [grant('ENSEIGNANT', 'e1')], children: [] } as never, 'e1', null)).toBe('teacher');
    expect(audienceOf({ profiles: [grant('ELEVE', 'e1')], children: [] } as never, 'e1', null)).toBe('pupil');
    expect(audienceOf({ profiles: [grant('DIRECTION', 'e1')], children: [] } as never, 'e1', null)).toBe('direction');
    expect(audienceOf({ profiles: [grant('PARENT', null)], children: [child] } as never, null, null)).toBe('parent');
    // A teacher who is also a parent, following a family link.
    expect(audienceOf({ profiles: [grant('ENSEIGNANT', 'e1'), grant('PARENT', null)], children: [child] } as never, 'e1', 'c1')).toBe('parent');
    expect(audienceOf({ profiles: [grant('PERSONNEL', 'e1')], children: [] } as never, 'e1', null)).toBe('none');
  });

  it('chooses the child of the link, else the first', () => {
    const other = { ...child, id: 'c2' };
    expect(chooseChild([child, other] as never, 'c2')?.id).toBe('c2');
    expect(chooseChild([child, other] as never, 'zz')?.id).toBe('c1');
    expect(chooseChild([], null)).toBeNull();
  });
});

describe('a pupil’s list', () => {
  it('puts open work not handed in first, handed-in work next, and missed deadlines apart', () => {
    const item = (id: string, open: boolean, status: 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'LATE' | 'MARKED' | 'RETURNED' | null) => ({
      id,
      open,
      work: status ? { status } : null,
    });
    const { todo, done, missed } = partitionForPupil([
      item('a', true, 'NOT_STARTED'),
      item('b', true, 'DRAFT'),
      item('c', true, 'SUBMITTED'),
      item('d', false, 'RETURNED'),
      item('e', false, 'DRAFT'),
      item('f', false, 'LATE'),
    ]);
    expect(todo.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(done.map((entry) => entry.id)).toEqual(['c', 'd', 'f']);
    expect(missed.map((entry) => entry.id)).toEqual(['e']);
  });
});
