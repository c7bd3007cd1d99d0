import { type ComponentPropsWithRef, type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { t } from '../i18n/i18n.js';
import { cx } from './cx.js';

/** One error of a form: the id of the control at fault and the French message. */
export interface FormError {
  fieldId: string;
  message: string;
}

export interface FormProps extends Omit<ComponentPropsWithRef<'form'>, 'onSubmit'> {
  /** Validate and send; set `errors` (state of the caller) when something is wrong. */
  onSubmit(event: FormEvent<HTMLFormElement>): void | Promise<void>;
  /** The current errors; after a submission that leaves some, their summary is shown and focused. */
  errors?: readonly FormError[];
  /** Overrides « Le formulaire contient N erreurs : ». */
  summaryTitle?: ReactNode;
  children: ReactNode;
}

/**
 * A form that validates in the page (no browser bubbles: `noValidate`) and, when a submission fails,
 * puts a summary of the errors at its top, focused, each linking to its field.
 */
export function Form({ onSubmit, errors = [], summaryTitle, children, className, ...rest }: FormProps) {
  const summaryRef = useRef<HTMLElement>(null);
  const titleId = useId();
  const [attempt, setAttempt] = useState(0);
  const focusPending = useRef(false);

  useEffect(() => {
    if (attempt === 0 || !focusPending.current) return;
    focusPending.current = false;
    if (errors.length > 0) summaryRef.current?.focus();
  }, [attempt, errors]);

  const showSummary = attempt > 0 && errors.length > 0;

  return (
    <form
      noValidate
      className={cx('ent-form', className)}
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          await onSubmit(event);
        } finally {
          focusPending.current = true;
          setAttempt((count) => count + 1);
        }
      }}
      {...rest}
    >
      {showSummary ? (
        <section ref={summaryRef} className="ent-error-summary" tabIndex={-1} aria-labelledby={titleId}>
          <h2 id={titleId} className="ent-error-summary__title">
            {summaryTitle ?? t('kit.form.errorSummary', { count: errors.length })}
          </h2>
          <ul className="ent-error-summary__list">
            {errors.map((error) => (
              <li key={`${error.fieldId}:${error.message}`}>
                <a
                  href={`#${error.fieldId}`}
                  onClick={(event) => {
                    const field = document.getElementById(error.fieldId);
                    if (!field) return;
                    event.preventDefault();
                    field.focus();
                    field.scrollIntoView({ block: 'center' });
                  }}
                >
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {children}
    </form>
  );
}
