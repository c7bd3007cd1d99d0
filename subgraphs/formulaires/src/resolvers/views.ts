import type { Form, QuestionRow, SectionRow } from '../db/database.js';
import type { QuestionRule } from '../logic/answers.js';
import type { FormTemplate, SectionSpec } from '../forms/templates.js';

/** A question of a stored form as the shared answer rules see it. */
export function ruleOf(question: QuestionRow): QuestionRule {
  return {
    key: question.key,
    type: question.type as QuestionRule['type'],
    required: question.required,
    options: question.options,
    showWhen: question.condition_key ? { questionKey: question.condition_key, equals: question.condition_equals ?? '' } : null,
  };
}

/** Sections with their questions, as the schema's Section type (stored forms and templates alike). */
export function sectionViews(sections: readonly SectionRow[], questions: readonly QuestionRow[]): SectionSpec[] {
  return sections.map((section) => ({
    title: section.title,
    description: section.description,
    questions: questions
      .filter((question) => question.section_position === section.position)
      .map((question) => ({
        key: question.key,
        type: question.type as QuestionRule['type'],
        label: question.label,
        help: question.help,
        required: question.required,
        options: question.options,
        showWhen: question.condition_key ? { questionKey: question.condition_key, equals: question.condition_equals ?? '' } : null,
        resourceId: question.resource_id,
      })),
  }));
}

export type TemplateView = FormTemplate;
export type FormView = Form;
/** A form to answer, for a child (parents) or the person. */
export interface FormToAnswerView {
  form: Form;
  childId: string | null;
  childName: string | null;
}
