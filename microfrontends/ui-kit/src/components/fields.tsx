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

export type TextFieldProps = FieldTexts & Omit<ComponentPropsWithRef<'input'>, 'children'>;

/** A labelled text input with its hint and error (`aria-describedby`, `aria-invalid`). */
export function TextField({ label, hint, error, id, className, required, ...input }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? `field-${generated}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={cx('ent-field', error && 'ent-field--invalid', className)}>
      <label htmlFor={inputId} className="ent-field__label">
        {label}
        {required ? <span className="ent-field__required"> {t('kit.form.required')}</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="ent-field__hint">
          {hint}
        </p>
      ) : null}
      {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
      <input
        id={inputId}
        className="ent-field__input"
        required={required}
        aria-invalid={error ? true : undefined}
        {...input}
        aria-describedby={describedBy(hintId, errorId, input['aria-describedby'])}
      />
    </div>
  );
}

export type CheckboxProps = FieldTexts & Omit<ComponentPropsWithRef<'input'>, 'children' | 'type'>;

/** A checkbox with its label after it, the whole line clickable. */
export function Checkbox({ label, hint, error, id, className, ...input }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? `checkbox-${generated}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
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
  const generated = useId();
  const selectId = id ?? `select-${generated}`;
  const hintId = hint ? `${selectId}-hint` : undefined;
  const errorId = error ? `${selectId}-error` : undefined;
  return (
    <div className={cx('ent-field', error && 'ent-field--invalid', className)}>
      <label htmlFor={selectId} className="ent-field__label">
        {label}
        {required ? <span className="ent-field__required"> {t('kit.form.required')}</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="ent-field__hint">
          {hint}
        </p>
      ) : null}
      {error && errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
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
    </div>
  );
}
