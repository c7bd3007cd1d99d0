import { describe, expect, it } from 'vitest';
import { type DraftQuestion, moveQuestion, newQuestion, optionsOf, removeQuestion, toQuestionInputs } from '../src/builderState.js';
import { bars } from '../src/charts.js';
import { answerProblems, visibleQuestionKeys } from '@ent/formulaires/logic';
import { hrefOf, placeOf } from '../src/paths.js';

const question = (key: string, extra: Partial<DraftQuestion> = {}): DraftQuestion => ({
  key,
  type: 'SHORT_TEXT',
  label: key,
  help: '',
  required: false,
  optionsText: '',
  condition: null,
  resourceId: '',
  ...extra,
});

describe('builder', () => {
  it('moves questions with « Monter » / « Descendre » and keeps conditions looking back only', () => {
    const list = [question('a', { type: 'YES_NO' }), question('b', { condition: { questionKey: 'a', equals: 'oui' } }), question('c')];
    expect(moveQuestion(list, 2, -1).map((q) => q.key)).toEqual(['a', 'c', 'b']);
    expect(moveQuestion(list, 0, -1).map((q) => q.key)).toEqual(['a', 'b', 'c']);
    const swapped = moveQuestion(list, 1, -1);
    expect(swapped.map((q) => q.key)).toEqual(['b', 'a', 'c']);
    expect(swapped[0]?.condition).toBeNull();
    expect(removeQuestion(list, 0)[0]?.condition).toBeNull();
  });

  it('adds questions with fresh keys and sends options as a list', () => {
    const list = [question('q1'), question('q3')];
    expect(newQuestion(list).key).toBe('q4');
    expect(optionsOf({ optionsText: ' Oui \n\nNon\nOui' })).toEqual(['Oui', 'Non']);
    expect(toQuestionInputs([question('x', { type: 'SINGLE_CHOICE', optionsText: 'A\nB' })])[0]).toMatchObject({ options: ['A', 'B'], resourceId: null });
  });
});

describe('paths', () => {
  it('round-trips every place', () => {
    const id = '0b5c7a6e-8f6a-4b8e-9d51-0f2d9b1b7e11';
    for (const place of [
      { view: 'home' },
      { view: 'new', template: 'sortie-scolaire' },
      { view: 'edit', formId: id },
      { view: 'results', formId: id },
      { view: 'respond', formId: id, childId: 'c1' },
      { view: 'bookings' },
    ] as const) {
      const url = new URL(hrefOf(place), 'http://x');
      expect(placeOf(url.pathname, url.search)).toEqual(place);
    }
  });
});

describe('charts', () => {
  it('bars carry counts, percentages and proportional widths', () => {
    expect(bars([{ label: 'oui', count: 3 }, { label: 'non', count: 1 }, { label: 'peut-être', count: 0 }], 4)).toEqual([
      { label: 'oui', count: 3, percent: 75, width: 100 },
      { label: 'non', count: 1, percent: 25, width: 33 },
      { label: 'peut-être', count: 0, percent: 0, width: 0 },
    ]);
  });
});

describe('conditional display in the respondent view (same rules as the server)', () => {
  it('shows the detail only when the answer is « oui »', () => {
    const rules = [
      { key: 'a', type: 'YES_NO' as const, required: true, options: [], showWhen: null },
      { key: 'b', type: 'SHORT_TEXT' as const, required: true, options: [], showWhen: { questionKey: 'a', equals: 'oui' } },
    ];
    expect(visibleQuestionKeys(rules, { a: { value: 'non' } })).toEqual(['a']);
    expect(visibleQuestionKeys(rules, { a: { value: 'oui' } })).toEqual(['a', 'b']);
    expect(answerProblems(rules, { a: { value: 'oui' } })).toEqual([{ questionKey: 'b', problem: 'required' }]);
  });
});
