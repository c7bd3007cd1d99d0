import { describe, expect, it } from 'vitest';
import { answerProblems, keptAnswerKeys, type QuestionRule, visibleQuestionKeys } from '../src/logic/answers.js';
import { isQuiet, nextSendTime } from '../src/forms/quietHours.js';

const q = (key: string, type: QuestionRule['type'], extra: Partial<QuestionRule> = {}): QuestionRule => ({
  key,
  type,
  required: false,
  options: [],
  showWhen: null,
  ...extra,
});

const questions: QuestionRule[] = [
  q('traitement', 'YES_NO', { required: true }),
  q('detail', 'LONG_TEXT', { required: true, showWhen: { questionKey: 'traitement', equals: 'oui' } }),
  q('dose', 'NUMBER', { showWhen: { questionKey: 'detail', equals: 'x' } }),
  q('repas', 'SINGLE_CHOICE', { options: ['Pique-nique', 'Cantine'] }),
];

describe('conditional display (shared with the micro-frontend)', () => {
  it('shows B only when A is « oui », case-insensitively, and hides what depends on a hidden question', () => {
    expect(visibleQuestionKeys(questions, {})).toEqual(['traitement', 'repas']);
    expect(visibleQuestionKeys(questions, { traitement: { value: 'non' } })).toEqual(['traitement', 'repas']);
    expect(visibleQuestionKeys(questions, { traitement: { value: 'Oui' } })).toEqual(['traitement', 'detail', 'repas']);
    expect(visibleQuestionKeys(questions, { traitement: { value: 'non' }, detail: { value: 'x' } })).toEqual(['traitement', 'repas']);
    expect(visibleQuestionKeys(questions, { traitement: { value: 'oui' }, detail: { value: 'x' } })).toEqual(['traitement', 'detail', 'dose', 'repas']);
  });

  it('requires a shown question only, refuses choices not offered, drops hidden answers', () => {
    expect(answerProblems(questions, { traitement: { value: 'oui' } })).toEqual([{ questionKey: 'detail', problem: 'required' }]);
    expect(answerProblems(questions, { traitement: { value: 'non' }, repas: { value: 'Restaurant' } })).toEqual([{ questionKey: 'repas', problem: 'notOffered' }]);
    expect(answerProblems(questions, { traitement: { value: 'peut-être' } })).toEqual([{ questionKey: 'traitement', problem: 'yesNo' }]);
    expect(keptAnswerKeys(questions, { traitement: { value: 'non' }, detail: { value: 'caché' } })).toEqual(['traitement']);
  });

  it('a signature needs a typed name and the consent box', () => {
    const sign = [q('ok', 'AUTHORISATION', { required: true })];
    expect(answerProblems(sign, { ok: { signature: { decision: 'AUTHORISED', signerName: 'A', consent: false } } })).toEqual([{ questionKey: 'ok', problem: 'consentMissing' }]);
    expect(answerProblems(sign, { ok: { signature: { decision: 'AUTHORISED', signerName: ' ', consent: true } } })).toEqual([{ questionKey: 'ok', problem: 'signerNameMissing' }]);
    expect(answerProblems(sign, { ok: { signature: { decision: 'REFUSED', signerName: 'A', consent: true } } })).toEqual([]);
  });

  it('dates and numbers', () => {
    const rules = [q('d', 'DATE'), q('n', 'NUMBER')];
    expect(answerProblems(rules, { d: { value: '2027-02-30' }, n: { value: '3,5' } })).toEqual([{ questionKey: 'd', problem: 'notADate' }]);
    expect(answerProblems(rules, { d: { value: '2027-02-28' }, n: { value: 'abc' } })).toEqual([{ questionKey: 'n', problem: 'notANumber' }]);
  });
});

describe('quiet hours (Europe/Paris)', () => {
  it('holds reminders from 20:00 to 07:00 and over the weekend', () => {
    expect(isQuiet(new Date('2026-12-07T09:00:00Z'))).toBe(false); // Monday 10:00
    expect(isQuiet(new Date('2026-12-07T19:00:00Z'))).toBe(true); // Monday 20:00
    expect(nextSendTime(new Date('2026-12-07T19:30:00Z')).toISOString()).toBe('2026-12-08T06:00:00.000Z');
    expect(nextSendTime(new Date('2026-12-08T05:59:00Z')).toISOString()).toBe('2026-12-08T06:00:00.000Z');
    expect(nextSendTime(new Date('2026-12-11T20:00:00Z')).toISOString()).toBe('2026-12-14T06:00:00.000Z'); // Friday night → Monday
    expect(nextSendTime(new Date('2026-12-12T12:00:00Z')).toISOString()).toBe('2026-12-14T06:00:00.000Z'); // Saturday noon
    // Summer time: 07:00 Paris is 05:00 UTC.
    expect(nextSendTime(new Date('2027-06-05T10:00:00Z')).toISOString()).toBe('2027-06-07T05:00:00.000Z');
    const open = new Date('2026-12-09T13:00:00Z');
    expect(nextSendTime(open)).toBe(open);
  });
});
