import { type ComponentPropsWithRef, type ReactNode, useId } from 'react';
import { t } from '../i18n/i18n.js';
import { cx } from './cx.js';

interface FieldTexts {
  /** The visible label (required: a placeholder is not a label). */
  label: ReactNode;
  /** Help shown under the label, linked with aria-describedby. */
  hint?: ReactNode;
  /** The error, in French; shown with an icon and the word « Erreur » (never by colour alone). */
  error?: string | null | undefined;
}

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined.length > 0 ? joined : undefined;
}

/** The error line of a field; `id` is what the control's aria-describedby names. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="ent-field__error">
      <span aria-hidden="true">⚠ </span>
      <span className="ent-visually-hidden">{t('kit.form.errorPrefix')} </span>
      {children}
    </p>
  );
}

/** Ids tying a control to its hint and error (`aria-describedby`). */
function useFieldIds(prefix: string, id: string | undefined, hint: unknown, error: unknown) {
  const generated = useId();
  const controlId = id ?? `${prefix}-${generated}`;
  return { controlId, hintId: hint ? `${controlId}-hint` : undefined, errorId: error ? `${controlId}-error` : undefined };
}

/** Label, hint and error above a control: what TextField and Select share. */
function FieldFrame({
  controlId,
  hintId,
  errorId,
  label,
  hint,
  error,
  required,
  className,
  children,
}: FieldTexts & { controlId: string; hintId: string | undefined; errorId: string | undefined; required: boolean | undefined; className: string | undefined; children: ReactNode }) {
  return (
    <div className={cx('ent-field', error && 'ent-field--invalid', className)}>
      <label htmlFor={controlId} className="ent-field__label">
        {label}
        {required ? <span className="ent-field__required"> {t('kit.form.required')}</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="ent-field__hint">
          {hint}
        </p>
      ) : null}
      {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
      {children}
    </div>
  );
}

export type TextFieldProps = FieldTexts & Omit<ComponentPropsWithRef<'input'>, 'children'>;

/** A labelled text input with its hint and error (`aria-describedby`, `aria-invalid`). */
export function TextField({ label, hint, error, id, className, required, ...input }: TextFieldProps) {
  const { controlId, hintId, errorId } = useFieldIds('field', id, hint, error);
  return (
    <FieldFrame {...{ controlId, hintId, errorId, label, hint, error, required, className }}>
      <input
        id={controlId}
        className="ent-field__input"
        required={required}
        aria-invalid={error ? true : undefined}
        {...input}
        aria-describedby={describedBy(hintId, errorId, input['aria-describedby'])}
      />
    </FieldFrame>
  );
}

export type CheckboxProps = FieldTexts & Omit<ComponentPropsWithRef<'input'>, 'children' | 'type'>;

/** A checkbox with its label after it, the whole line clickable. */
export function Checkbox({ label, hint, error, id, className, ...input }: CheckboxProps) {
  const { controlId: inputId, hintId, errorId } = useFieldIds('checkbox', id, hint, error);
  return (
    <div className={cx('ent-checkbox', error && 'ent-field--invalid', className)}>
      <input
        id={inputId}
        type="checkbox"
        className="ent-checkbox__input"
        aria-invalid={error ? true : undefined}
        {...input}
        aria-describedby={describedBy(hintId, errorId, input['aria-describedby'])}
      />
      <div className="ent-checkbox__texts">
        <label htmlFor={inputId} className="ent-checkbox__label">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="ent-field__hint">
            {hint}
          </p>
        ) : null}
        {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
      </div>
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export type SelectProps = FieldTexts &
  Omit<ComponentPropsWithRef<'select'>, 'children'> & {
    options: readonly SelectOption[];
    /** A first, empty choice (« Choisir… »). */
    placeholder?: string;
  };

/** A labelled native select: keyboard and screen readers work as the system does. */
export function Select({ label, hint, error, id, className, options, placeholder, required, ...select }: SelectProps) {
  const { controlId: selectId, hintId, errorId } = useFieldIds('select', id, hint, error);
  return (
    <FieldFrame {...{ controlId: selectId, hintId, errorId, label, hint, error, required, className }}>
      <select
        id={selectId}
        className="ent-field__select"
        required={required}
        aria-invalid={error ? true : undefined}
        {...select}
        aria-describedby={describedBy(hintId, errorId, select['aria-describedby'])}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
