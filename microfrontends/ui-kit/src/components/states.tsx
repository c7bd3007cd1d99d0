import type { ReactNode } from 'react';
import { t } from '../i18n/i18n.js';
import { Button } from './Button.js';
import { cx } from './cx.js';
import { pictogramOf } from './Pictogram.js';

export interface LoadingProps {
  /** Default « Chargement… ». */
  label?: string;
  className?: string;
}

/** Something is on its way; announced politely. */
export function Loading({ label, className }: LoadingProps) {
  return (
    <div className={cx('ent-loading', className)} role="status">
      <span className="ent-spinner" aria-hidden="true" />
      <span>{label ?? t('kit.states.loading')}</span>
    </div>
  );
}

export interface EmptyStateProps {
  title: ReactNode;
  children?: ReactNode;
  /** A kit pictogram's name, an emoji or an element; decorative (the title says it all). */
  pictogram?: ReactNode;
  action?: ReactNode;
  /** Heading level of the title (default 2). */
  headingLevel?: 2 | 3 | 4;
  className?: string;
}

/** Nothing to show yet, said in words, with what to do about it. */
export function EmptyState({ title, children, pictogram, action, headingLevel = 2, className }: EmptyStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className={cx('ent-empty-state', className)}>
      {pictogram ? (
        <span className="ent-empty-state__pictogram" aria-hidden="true">
          {typeof pictogram === 'string' ? pictogramOf(pictogram) : pictogram}
        </span>
      ) : null}
      <Heading className="ent-empty-state__title">{title}</Heading>
      {children ? <div className="ent-empty-state__body">{children}</div> : null}
      {action ? <div className="ent-empty-state__action">{action}</div> : null}
    </div>
  );
}

export interface ErrorStateProps {
  /** Default « Une erreur est survenue ». */
  title?: ReactNode;
  /** An ApiError or any error with a French message, or the message itself. */
  error?: { message: string } | string | null;
  /** Shows « Réessayer ». */
  onRetry?: () => void;
  retryLabel?: string;
  headingLevel?: 2 | 3 | 4;
  className?: string;
}

/** Something failed: what, in French, and a way out. Announced as an alert. */
export function ErrorState({ title, error, onRetry, retryLabel, headingLevel = 2, className }: ErrorStateProps) {
  const Heading = `h${headingLevel}` as const;
  const message = typeof error === 'string' ? error : error?.message;
  return (
    <div className={cx('ent-error-state', className)} role="alert">
      <Heading className="ent-error-state__title">
        <span aria-hidden="true">⚠ </span>
        {title ?? t('kit.states.errorTitle')}
      </Heading>
      {message ? <p>{message}</p> : null}
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {retryLabel ?? t('kit.states.retry')}
        </Button>
      ) : null}
    </div>
  );
}
