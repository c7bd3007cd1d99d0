import { Checkbox, cx, FieldError, Select, TextField } from '@ent/ui-kit';
import { type ComponentPropsWithRef, useId } from 'react';
import type { QuestionView } from '../api.js';
import type { AnswerProblem, AnswerValue } from '@ent/formulaires/logic';
import { frenchShort, text } from '../text.js';

/** A labelled multi-line text field, styled like the kit's fields. */
export function TextArea({ label, hint, error, id, ...rest }: { label: string; hint?: string; error?: string | null | undefined } & ComponentPropsWithRef<'textarea'>) {
  const generated = useId();
  const controlId = id ?? `textarea-${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  return (
    <div className={cx('ent-field', error && 'ent-field--invalid')}>
      <label htmlFor={controlId} className="ent-field__label">
        {label}
        {rest.required ? <span className="ent-field__required"> (obligatoire)</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="ent-field__hint">
          {hint}
        </p>
      ) : null}
      {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
      <textarea
        id={controlId}
        className="ent-field__input formulaires-textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        rows={4}
        {...rest}
      />
    </div>
  );
}

/** Radios in a fieldset whose legend is the question. */
function Radios({ legend, name, value, options, onChange, error, required, idPrefix }: {
  legend: string;
  name: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange(value: string): void;
  error: string | undefined;
  required: boolean;
  idPrefix: string;
}) {
  const errorId = error ? `${idPrefix}-error` : undefined;
  return (
    <fieldset className={cx('formulaires-choices', error && 'ent-field--invalid')} aria-describedby={errorId}>
      <legend className="ent-field__label">
        {legend}
        {required ? <span className="ent-field__required"> (obligatoire)</span> : null}
      </legend>
      {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
      {options.map((option, index) => (
        <div key={option.value} className="formulaires-choice">
          <input type="radio" id={`${idPrefix}-${index}`} name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          <label htmlFor={`${idPrefix}-${index}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export interface SlotOption {
  id: string;
  startsAt: string;
  endsAt: string;
  remaining: number;
}

export function problemText(problem: AnswerProblem | undefined): string | undefined {
  return problem ? text(`problem.${problem}`) : undefined;
}

/** One question of the respondent view (and of the builder's preview). `idPrefix` keeps ids unique per screen. */
export function QuestionField({ question, answer, onChange, problem, slots, idPrefix }: {
  question: QuestionView;
  answer: AnswerValue | undefined;
  onChange(answer: AnswerValue): void;
  problem: AnswerProblem | undefined;
  slots: readonly SlotOption[];
  idPrefix: string;
}) {
  const error = problemText(problem);
  const id = `${idPrefix}-${question.key}`;
  const value = answer?.value ?? '';
  const common = { id, label: question.label, hint: question.help ?? undefined, error, required: question.required };
  switch (question.type) {
    case 'SHORT_TEXT':
      return <TextField {...common} value={value} maxLength={300} onChange={(event) => onChange({ value: event.target.value })} />;
    case 'LONG_TEXT':
      return <TextArea {...common} value={value} maxLength={5000} onChange={(event) => onChange({ value: event.target.value })} />;
    case 'NUMBER':
      return <TextField {...common} inputMode="decimal" value={value} onChange={(event) => onChange({ value: event.target.value })} />;
    case 'DATE':
      return <TextField {...common} type="date" value={value} onChange={(event) => onChange({ value: event.target.value })} />;
    case 'YES_NO':
      return (
        <Radios
          legend={question.label}
          name={id}
          idPrefix={id}
          value={value}
          required={question.required}
          error={error}
          options={[
            { value: 'oui', label: text('respond.yes') },
            { value: 'non', label: text('respond.no') },
          ]}
          onChange={(next) => onChange({ value: next })}
        />
      );
    case 'SINGLE_CHOICE':
      return (
        <Radios
          legend={question.label}
          name={id}
          idPrefix={id}
          value={value}
          required={question.required}
          error={error}
          options={question.options.map((option) => ({ value: option, label: option }))}
          onChange={(next) => onChange({ value: next })}
        />
      );
    case 'MULTIPLE_CHOICE': {
      const chosen = answer?.values ?? [];
      const errorId = error ? `${id}-error` : undefined;
      return (
        <fieldset className={cx('formulaires-choices', error && 'ent-field--invalid')} aria-describedby={errorId}>
          <legend className="ent-field__label">
            {question.label}
            {question.required ? <span className="ent-field__required"> (obligatoire)</span> : null}
          </legend>
          {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
          {question.options.map((option, index) => (
            <Checkbox
              key={option}
              id={`${id}-${index}`}
              label={option}
              checked={chosen.includes(option)}
              onChange={(event) => onChange({ values: event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option) })}
            />
          ))}
        </fieldset>
      );
    }
    case 'AUTHORISATION': {
      const signature = answer?.signature ?? { decision: 'AUTHORISED' as const, signerName: '', consent: false };
      const decision = answer?.signature ? signature.decision : '';
      const update = (patch: Partial<typeof signature>) => onChange({ signature: { ...signature, ...patch } });
      return (
        <fieldset className="formulaires-signature">
          <legend className="ent-field__label">{question.label}</legend>
          {error ? <FieldError id={`${id}-error`}>{error}</FieldError> : null}
          <Radios
            legend={text('respond.decision')}
            name={`${id}-decision`}
            idPrefix={`${id}-decision`}
            value={decision}
            required
            error={undefined}
            options={[
              { value: 'AUTHORISED', label: text('respond.authorise') },
              { value: 'REFUSED', label: text('respond.refuse') },
            ]}
            onChange={(next) => update({ decision: next as 'AUTHORISED' | 'REFUSED' })}
          />
          <TextField id={`${id}-name`} label={text('respond.signerName')} required autoComplete="name" value={signature.signerName} onChange={(event) => update({ signerName: event.target.value })} />
          <Checkbox id={`${id}-consent`} label={text('respond.consent')} checked={signature.consent} onChange={(event) => update({ consent: event.target.checked })} />
        </fieldset>
      );
    }
    case 'SLOT_BOOKING':
      return (
        <Select
          {...common}
          value={value}
          placeholder={text('respond.slotNone')}
          options={slots.map((slot) => ({
            value: slot.id,
            label: text('respond.slotOption', { start: frenchShort(slot.startsAt), end: frenchShort(slot.endsAt), remaining: slot.remaining }),
            disabled: slot.remaining <= 0,
          }))}
          onChange={(event) => onChange({ value: event.target.value })}
        />
      );
  }
}
