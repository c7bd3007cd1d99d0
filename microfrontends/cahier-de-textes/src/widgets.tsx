import { FieldError } from '@ent/ui-kit';
import type { ReactNode } from 'react';

/** A labelled multi-line field with the kit's field classes (the kit has no textarea yet). */
export function TextArea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 4,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onChange(value: string): void;
  rows?: number;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'ent-field ent-field--invalid' : 'ent-field'}>
      <label htmlFor={id} className="ent-field__label">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="ent-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? <FieldError id={`${id}-error`}>{error}</FieldError> : null}
      <textarea
        id={id}
        className="ent-field__input cahier-textarea"
        rows={rows}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/** Native radio buttons in a fieldset: arrows move between them, the legend names the group. */
export function RadioGroup<V extends string>({
  name,
  legend,
  value,
  options,
  onChange,
  children,
}: {
  name: string;
  legend: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange(value: V): void;
  children?: ReactNode;
}) {
  return (
    <fieldset className="cahier-fieldset">
      <legend className="ent-field__label">{legend}</legend>
      {options.map((option) => (
        <div key={option.value} className="ent-checkbox">
          <input
            id={`${name}-${option.value}`}
            className="ent-checkbox__input"
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          <label htmlFor={`${name}-${option.value}`} className="ent-checkbox__label">
            {option.label}
          </label>
        </div>
      ))}
      {children}
    </fieldset>
  );
}

/** Server-sanitised rich text (the subgraph's allowlist: no script, style, handler or image). */
export function RichText({ html, className }: { html: string; className?: string }) {
  // The subgraph sanitises on write with an allowlist and refuses scripts (docs/cahier-de-textes.md).
  return <div className={className ?? 'cahier-rich'} dangerouslySetInnerHTML={{ __html: html }} />;
}
