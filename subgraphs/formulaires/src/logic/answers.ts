/**
 * The rules of a form's answers, shared by the server and the micro-frontend: exported as
 * `@ent/formulaires/logic`, which the micro-frontend's build bundles (it imports nothing from Node).
 *
 * Pure, dependency-free: which questions are shown given the answers so far ("show B when A is
 * « oui »"), and which answers are wrong, as reason codes each side words in its own catalogue.
 */

export type QuestionKind =
  | 'SHORT_TEXT'
  | 'LONG_TEXT'
  | 'SINGLE_CHOICE'
  | 'MULTIPLE_CHOICE'
  | 'NUMBER'
  | 'DATE'
  | 'YES_NO'
  | 'AUTHORISATION'
  | 'SLOT_BOOKING';

export interface QuestionRule {
  key: string;
  type: QuestionKind;
  required: boolean;
  options: readonly string[];
  showWhen: { questionKey: string; equals: string } | null;
}

export interface SignatureValue {
  decision: 'AUTHORISED' | 'REFUSED';
  signerName: string;
  consent: boolean;
}

export interface AnswerValue {
  value?: string | null;
  values?: readonly string[] | null;
  signature?: SignatureValue | null;
}

export type AnswerProblem =
  | 'required'
  | 'notOffered'
  | 'notANumber'
  | 'notADate'
  | 'yesNo'
  | 'consentMissing'
  | 'signerNameMissing'
  | 'tooLong'
  | 'unknownQuestion';

export const YES = 'oui';
export const NO = 'non';
export const TEXT_MAX = { SHORT_TEXT: 300, LONG_TEXT: 5000 } as const;

/** The value a condition compares with: the single value, or « oui » when a multiple choice includes it. */
function matches(answer: AnswerValue | undefined, equals: string): boolean {
  if (!answer) return false;
  if (answer.values) return answer.values.includes(equals);
  if (answer.signature) return answer.signature.decision === equals;
  return (answer.value ?? '').trim().toLowerCase() === equals.trim().toLowerCase();
}

/**
 * Keys of the questions shown, in order. A question is shown when it has no condition, or when the
 * question it depends on is itself shown and answered with the expected value (so hiding A hides B).
 */
export function visibleQuestionKeys(questions: readonly QuestionRule[], answers: Readonly<Record<string, AnswerValue>>): string[] {
  const shown = new Set<string>();
  for (const question of questions) {
    const condition = question.showWhen;
    if (!condition || (shown.has(condition.questionKey) && matches(answers[condition.questionKey], condition.equals))) {
      shown.add(question.key);
    }
  }
  return questions.filter((question) => shown.has(question.key)).map((question) => question.key);
}

function isBlank(answer: AnswerValue | undefined): boolean {
  if (!answer) return true;
  if (answer.signature) return false;
  if (answer.values) return answer.values.length === 0;
  return (answer.value ?? '').trim() === '';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The problem with one shown question's answer, or null. */
export function answerProblem(question: QuestionRule, answer: AnswerValue | undefined): AnswerProblem | null {
  if (isBlank(answer)) return question.required ? 'required' : null;
  const value = (answer?.value ?? '').trim();
  switch (question.type) {
    case 'SHORT_TEXT':
    case 'LONG_TEXT':
      return value.length > TEXT_MAX[question.type] ? 'tooLong' : null;
    case 'SINGLE_CHOICE':
      return question.options.includes(value) ? null : 'notOffered';
    case 'MULTIPLE_CHOICE': {
      const values = answer?.values ?? (value ? [value] : []);
      return values.every((item) => question.options.includes(item)) ? null : 'notOffered';
    }
    case 'NUMBER':
      return value !== '' && Number.isFinite(Number(value.replace(',', '.'))) ? null : 'notANumber';
    case 'DATE':
      return validDate(value) ? null : 'notADate';
    case 'YES_NO':
      return value.toLowerCase() === YES || value.toLowerCase() === NO ? null : 'yesNo';
    case 'AUTHORISATION': {
      const signature = answer?.signature;
      if (!signature) return 'required';
      if (signature.signerName.trim() === '') return 'signerNameMissing';
      if (signature.signerName.trim().length > 200) return 'tooLong';
      return signature.consent === true ? null : 'consentMissing';
    }
    case 'SLOT_BOOKING':
      return null; // the slot is checked against the database when it is booked
  }
}

/**
 * Every problem of a set of answers: answers to unknown questions, then each shown question's own
 * problem. Answers to hidden questions are no problem: they are dropped (see `keptAnswerKeys`).
 * Empty when the answers may be saved.
 */
export function answerProblems(
  questions: readonly QuestionRule[],
  answers: Readonly<Record<string, AnswerValue>>,
): Array<{ questionKey: string; problem: AnswerProblem }> {
  const problems: Array<{ questionKey: string; problem: AnswerProblem }> = [];
  const known = new Set(questions.map((question) => question.key));
  const visible = new Set(visibleQuestionKeys(questions, answers));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems.push({ questionKey: key, problem: 'unknownQuestion' });
  }
  for (const question of questions) {
    if (!visible.has(question.key)) continue;
    const problem = answerProblem(question, answers[question.key]);
    if (problem) problems.push({ questionKey: question.key, problem });
  }
  return problems;
}

/** The answers that are kept: those of shown questions (a hidden question's answer is never stored). */
export function keptAnswerKeys(questions: readonly QuestionRule[], answers: Readonly<Record<string, AnswerValue>>): string[] {
  return visibleQuestionKeys(questions, answers).filter((key) => !isBlank(answers[key]));
}
