import { Button, EmptyState, ErrorState, Form, type FormError, graphql, isApiError, Link, Loading, useQuery } from '@ent/ui-kit';
import { useEffect, useMemo, useState } from 'react';
import { FORM_QUERY, type FormView, type QuestionView, SLOTS_QUERY, SUBMIT } from '../api.js';
import { type AnswerValue, answerProblems, type QuestionRule, visibleQuestionKeys } from '@ent/formulaires/logic';
import { hrefOf } from '../paths.js';
import { frenchDateTime, text } from '../text.js';
import { problemText, QuestionField, type SlotOption } from './fields.js';

export const ruleOf = (question: QuestionView): QuestionRule => ({
  key: question.key,
  type: question.type,
  required: question.required,
  options: question.options,
  showWhen: question.showWhen,
});

/** Slots of every resource the form's slot questions offer. */
function useSlots(questions: readonly QuestionView[]) {
  const [slots, setSlots] = useState<Record<string, SlotOption[]>>({});
  const ids = [...new Set(questions.flatMap((question) => (question.type === 'SLOT_BOOKING' && question.resource ? [question.resource.id] : [])))].join(',');
  useEffect(() => {
    let live = true;
    for (const id of ids ? ids.split(',') : []) {
      void graphql<{ resource: { slots: SlotOption[] } }>(SLOTS_QUERY, { id })
        .then((data) => live && setSlots((previous) => ({ ...previous, [id]: data.resource.slots })))
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [ids]);
  return slots;
}

/**
 * The questions with the conditional display rule (the same module as the server's), their answers
 * and errors. `onSubmit` absent: a preview.
 */
export function AnswerForm({ form, onSubmit, idPrefix, submitLabel }: {
  form: Pick<FormView, 'sections'>;
  onSubmit?: (answers: Record<string, AnswerValue>, visible: string[]) => Promise<void>;
  idPrefix: string;
  submitLabel: string;
}) {
  const questions = useMemo(() => form.sections.flatMap((section) => section.questions), [form]);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [errors, setErrors] = useState<FormError[]>([]);
  const [problems, setProblems] = useState<Record<string, ReturnType<typeof answerProblems>[number]['problem']>>({});
  const [busy, setBusy] = useState(false);
  const slots = useSlots(questions);
  const visible = new Set(visibleQuestionKeys(questions.map(ruleOf), answers));

  const submit = async () => {
    const found = answerProblems(questions.map(ruleOf), answers);
    setProblems(Object.fromEntries(found.map((item) => [item.questionKey, item.problem])));
    setErrors(found.map((item) => ({ fieldId: `${idPrefix}-${item.questionKey}${questions.find((q) => q.key === item.questionKey)?.type === 'AUTHORISATION' ? '-name' : ''}`, message: `${questions.find((q) => q.key === item.questionKey)?.label ?? item.questionKey} : ${problemText(item.problem)}` })));
    if (found.length > 0 || !onSubmit) return;
    setBusy(true);
    try {
      await onSubmit(answers, [...visible]);
    } catch (error) {
      const message = isApiError(error) ? error.message : String(error);
      const field = isApiError(error) ? error.field?.replace(/^answers\./, '') : undefined;
      setErrors([{ fieldId: field ? `${idPrefix}-${field}` : `${idPrefix}-submit`, message }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form onSubmit={submit} errors={errors} className="formulaires-answer-form">
      {form.sections.map((section) => (
        <section key={section.title} className="formulaires-section">
          <h3>{section.title}</h3>
          {section.description ? <p>{section.description}</p> : null}
          {section.questions
            .filter((question) => visible.has(question.key))
            .map((question) => (
              <div key={question.key} className="formulaires-question" data-question={question.key}>
                <QuestionField
                  question={question}
                  idPrefix={idPrefix}
                  answer={answers[question.key]}
                  problem={problems[question.key]}
                  slots={question.resource ? (slots[question.resource.id] ?? []) : []}
                  onChange={(answer) => setAnswers((previous) => ({ ...previous, [question.key]: answer }))}
                />
              </div>
            ))}
        </section>
      ))}
      {onSubmit ? (
        <Button type="submit" id={`${idPrefix}-submit`} busy={busy}>
          {submitLabel}
        </Button>
      ) : null}
    </Form>
  );
}

/** The respondent view: one form, for the person or (parents) one child; works on a phone. */
export function RespondScreen({ formId, childId, childName }: { formId: string; childId: string | null; childName: string | null }) {
  const { data, error, loading, refetch } = useQuery<{ form: FormView }>(FORM_QUERY, { id: formId });
  const [sent, setSent] = useState(false);
  if (loading && !data) return <Loading label={text('loading')} />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const form = data?.form;
  if (!form) return null;
  return (
    <article className="formulaires-respond" aria-labelledby="formulaires-respond-title">
      <h2 id="formulaires-respond-title">{form.title}</h2>
      {childName ? <p className="formulaires-child">{text('respond.forChild', { child: childName })}</p> : null}
      {form.description ? <p>{form.description}</p> : null}
      <p>{text('respond.deadline', { date: frenchDateTime(form.deadline) })}</p>
      <p className="formulaires-muted">{text('respond.purpose', { purpose: form.purpose, days: form.retentionDays })}</p>
      {form.anonymous ? <p>{text('respond.anonymous')}</p> : null}
      <p role="status" aria-live="polite" className="formulaires-status">
        {sent ? (childName ? text('respond.sentFor', { child: childName }) : text('respond.sent')) : ''}
      </p>
      {sent ? (
        <Link href={hrefOf({ view: 'home' })}>{text('back')}</Link>
      ) : form.status !== 'OPEN' ? (
        <EmptyState title={text('respond.closed')} />
      ) : (
        <AnswerForm
          form={form}
          idPrefix="answer"
          submitLabel={text('respond.submit')}
          onSubmit={async (answers, visible) => {
            await graphql(SUBMIT, {
              formId,
              childId,
              answers: visible.filter((key) => answers[key]).map((key) => ({ questionKey: key, ...answers[key] })),
            });
            setSent(true);
          }}
        />
      )}
    </article>
  );
}
