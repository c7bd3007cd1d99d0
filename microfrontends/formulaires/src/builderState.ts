import type { QuestionKind } from '@ent/formulaires/logic';

/** A question being written in the builder. `options` is edited as one line per choice. */
export interface DraftQuestion {
  key: string;
  type: QuestionKind;
  label: string;
  help: string;
  required: boolean;
  optionsText: string;
  condition: { questionKey: string; equals: string } | null;
  resourceId: string;
}

export const CHOICE_TYPES: readonly QuestionKind[] = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE'];
/** Types another question's display may depend on. */
export const CONDITION_TYPES: readonly QuestionKind[] = ['YES_NO', 'SINGLE_CHOICE', 'MULTIPLE_CHOICE'];

export function optionsOf(question: Pick<DraftQuestion, 'optionsText'>): string[] {
  return [...new Set(question.optionsText.split('\n').map((line) => line.trim()).filter(Boolean))];
}

/** A key not used yet: q1, q2… */
export function newKey(questions: readonly DraftQuestion[]): string {
  const used = new Set(questions.map((question) => question.key));
  let index = questions.length + 1;
  while (used.has(`q${index}`)) index++;
  return `q${index}`;
}

export function newQuestion(questions: readonly DraftQuestion[], type: QuestionKind = 'SHORT_TEXT'): DraftQuestion {
  return { key: newKey(questions), type, label: '', help: '', required: false, optionsText: '', condition: null, resourceId: '' };
}

/**
 * Moves a question one place up (-1) or down (+1). A condition may only look back: a question moved
 * above the one it depends on loses its condition, and so does one overtaken by a question that
 * depended on it.
 */
export function moveQuestion(questions: readonly DraftQuestion[], index: number, delta: -1 | 1): DraftQuestion[] {
  const target = index + delta;
  if (index < 0 || index >= questions.length || target < 0 || target >= questions.length) return [...questions];
  const moved = [...questions];
  const [item] = moved.splice(index, 1);
  moved.splice(target, 0, item as DraftQuestion);
  return dropForwardConditions(moved);
}

export function removeQuestion(questions: readonly DraftQuestion[], index: number): DraftQuestion[] {
  return dropForwardConditions(questions.filter((_, position) => position !== index));
}

/** Keeps only conditions on a question placed before, still of a type that can be tested. */
export function dropForwardConditions(questions: readonly DraftQuestion[]): DraftQuestion[] {
  return questions.map((question, index) => {
    if (!question.condition) return question;
    const source = questions.slice(0, index).find((candidate) => candidate.key === question.condition?.questionKey);
    return source && CONDITION_TYPES.includes(source.type) ? question : { ...question, condition: null };
  });
}

/** The values a condition may expect from a question. */
export function conditionValues(question: DraftQuestion): string[] {
  if (question.type === 'YES_NO') return ['oui', 'non'];
  return CHOICE_TYPES.includes(question.type) ? optionsOf(question) : [];
}

/** The builder's questions as the API's QuestionInput list. */
export function toQuestionInputs(questions: readonly DraftQuestion[]) {
  return questions.map((question) => ({
    key: question.key,
    type: question.type,
    label: question.label,
    help: question.help || null,
    required: question.required,
    options: CHOICE_TYPES.includes(question.type) ? optionsOf(question) : [],
    showWhen: question.condition,
    resourceId: question.type === 'SLOT_BOOKING' ? question.resourceId || null : null,
  }));
}

/** A stored or template question, back into the builder. */
export function fromQuestion(question: {
  key: string;
  type: QuestionKind;
  label: string;
  help: string | null;
  required: boolean;
  options: readonly string[];
  showWhen: { questionKey: string; equals: string } | null;
  resource?: { id: string } | null;
}): DraftQuestion {
  return {
    key: question.key,
    type: question.type,
    label: question.label,
    help: question.help ?? '',
    required: question.required,
    optionsText: question.options.join('\n'),
    condition: question.showWhen,
    resourceId: question.resource?.id ?? '',
  };
}

/** `datetime-local` value (Paris wall-clock as the browser shows it) ↔ ISO instant. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
