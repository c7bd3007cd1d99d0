import { badUserInput, format } from '@ent/kit';
import type { AudienceProfile } from '../db/database.js';
import type { QuestionKind } from '../logic/answers.js';
import { messages } from '../messages.js';
import type { QuestionSpec, SectionSpec } from './templates.js';

export interface FormInput {
  establishmentId: string;
  title: string;
  description?: string | null;
  purpose: string;
  retentionDays: number;
  deadline: string;
  anonymous?: boolean | null;
  bothGuardians?: boolean | null;
  audience: { profile: AudienceProfile; classIds?: string[] | null; groupIds?: string[] | null; wholeEstablishment?: boolean | null };
  sections: Array<{
    title: string;
    description?: string | null;
    questions: Array<{
      key: string;
      type: QuestionKind;
      label: string;
      help?: string | null;
      required?: boolean | null;
      options?: string[] | null;
      showWhen?: { questionKey: string; equals: string } | null;
      resourceId?: string | null;
    }>;
  }>;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[a-z0-9_-]{1,40}$/;
export const MAX_QUESTIONS = 100;
const CONDITION_TYPES: readonly QuestionKind[] = ['YES_NO', 'SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'AUTHORISATION'];

export function text(field: string, value: string | null | undefined, max: number, required: boolean): string {
  const trimmed = (value ?? '').trim();
  if (required && trimmed === '') throw badUserInput(field, messages.required);
  if (trimmed.length > max) throw badUserInput(field, format(messages.tooLong, { max }));
  return trimmed;
}

export function parseDateTime(field: string, value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) throw badUserInput(field, messages.dateTimeFormat);
  return date;
}

export function checkIds(field: string, ids: readonly string[], reason: string): string[] {
  for (const id of ids) if (!UUID.test(id)) throw badUserInput(field, reason);
  return [...new Set(ids)];
}

/** The values a condition on this question may expect. */
function possibleValues(question: QuestionSpec): string[] {
  if (question.type === 'YES_NO') return ['oui', 'non'];
  if (question.type === 'AUTHORISATION') return ['AUTHORISED', 'REFUSED'];
  return question.options ?? [];
}

/** Checks a form's content (no one else asked): BAD_USER_INPUT naming the field. */
export function validateForm(input: FormInput, now: Date) {
  const title = text('title', input.title, 200, true);
  const description = text('description', input.description, 5000, false) || null;
  const purpose = text('purpose', input.purpose, 1000, true);
  if (!Number.isInteger(input.retentionDays) || input.retentionDays < 1 || input.retentionDays > 1095) {
    throw badUserInput('retentionDays', messages.retentionRange);
  }
  const deadline = parseDateTime('deadline', input.deadline);
  if (deadline.getTime() <= now.getTime()) throw badUserInput('deadline', messages.deadlinePast);
  const profile = input.audience.profile;
  const classIds = checkIds('audience.classIds', input.audience.classIds ?? [], messages.unknownClass);
  const groupIds = checkIds('audience.groupIds', input.audience.groupIds ?? [], messages.unknownGroup);
  const whole = input.audience.wholeEstablishment === true;
  if (profile === 'STAFF' && (classIds.length > 0 || groupIds.length > 0)) throw badUserInput('audience', messages.audienceStaffOnly);
  const bothGuardians = input.bothGuardians === true;
  if (bothGuardians && profile !== 'PARENTS') throw badUserInput('bothGuardians', messages.bothGuardiansParents);

  const sections: SectionSpec[] = [];
  const seen = new Map<string, QuestionSpec>();
  let count = 0;
  input.sections.forEach((section, s) => {
    const questions: QuestionSpec[] = [];
    section.questions.forEach((question, q) => {
      const field = `sections[${s}].questions[${q}]`;
      count++;
      if (count > MAX_QUESTIONS) throw badUserInput(field, format(messages.tooManyQuestions, { max: MAX_QUESTIONS }));
      if (!KEY.test(question.key)) throw badUserInput(`${field}.key`, messages.badKey);
      if (seen.has(question.key)) throw badUserInput(`${field}.key`, format(messages.duplicateKey, { key: question.key }));
      const options = (question.options ?? []).map((option) => text(`${field}.options`, option, 200, true));
      if ((question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE') && new Set(options).size < 2) {
        throw badUserInput(`${field}.options`, messages.optionsNeeded);
      }
      if (question.type === 'SLOT_BOOKING' && !(question.resourceId && UUID.test(question.resourceId))) {
        throw badUserInput(`${field}.resourceId`, messages.resourceNeeded);
      }
      let showWhen: QuestionSpec['showWhen'] = null;
      if (question.showWhen) {
        const target = seen.get(question.showWhen.questionKey);
        if (!target || !CONDITION_TYPES.includes(target.type)) throw badUserInput(`${field}.showWhen`, messages.conditionTarget);
        const equals = question.showWhen.equals.trim();
        const values = possibleValues(target);
        const match = values.find((value) => value.toLowerCase() === equals.toLowerCase());
        if (!match) throw badUserInput(`${field}.showWhen`, format(messages.conditionValue, { value: equals, key: target.key }));
        showWhen = { questionKey: target.key, equals: match };
      }
      const spec: QuestionSpec = {
        key: question.key,
        type: question.type,
        label: text(`${field}.label`, question.label, 500, true),
        help: text(`${field}.help`, question.help, 1000, false) || null,
        required: question.required === true,
        options: question.type === 'SINGLE_CHOICE' || question.type === 'MULTIPLE_CHOICE' ? [...new Set(options)] : [],
        showWhen,
        resourceId: question.type === 'SLOT_BOOKING' ? (question.resourceId ?? null) : null,
      };
      seen.set(spec.key, spec);
      questions.push(spec);
    });
    sections.push({
      title: text(`sections[${s}].title`, section.title, 200, true),
      description: text(`sections[${s}].description`, section.description, 2000, false) || null,
      questions,
    });
  });
  if (count === 0) throw badUserInput('sections', messages.noQuestion);
  const anonymous = input.anonymous === true;
  if (anonymous && [...seen.values()].some((question) => question.type === 'AUTHORISATION' || question.type === 'SLOT_BOOKING')) {
    throw badUserInput('anonymous', messages.anonymousNoSignature);
  }
  return {
    title,
    description,
    purpose,
    retentionDays: input.retentionDays,
    deadline,
    anonymous,
    bothGuardians,
    audience: { profile, classIds, groupIds, whole },
    sections,
    resourceIds: [...new Set(sections.flatMap((section) => section.questions.flatMap((question) => question.resourceId ?? [])))],
  };
}

export type ValidForm = ReturnType<typeof validateForm>;
