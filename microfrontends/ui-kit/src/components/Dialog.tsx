import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import { t } from '../i18n/i18n.js';
import { Button } from './Button.js';
import { cx } from './cx.js';

export interface DialogProps {
  open: boolean;
  /** Called on Escape, on the close button, and by the caller's own buttons. */
  onClose(): void;
  title: ReactNode;
  children: ReactNode;
  /** Buttons at the bottom (« Enregistrer », « Annuler »…). */
  footer?: ReactNode;
  /** What gets the focus on opening; default: the first focusable element after the title. */
  initialFocusRef?: RefObject<HTMLElement | null>;
  className?: string;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog>: `showModal()` makes the rest of the page inert (the focus
 * stays inside), Escape closes it, and the focus goes back to what opened it.
 */
export function Dialog({ open, onClose, title, children, footer, initialFocusRef, className }: DialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      const body = dialog.querySelector<HTMLElement>('.ent-dialog__body');
      const target = initialFocusRef?.current ?? body?.querySelector<HTMLElement>(FOCUSABLE) ?? dialog;
      target.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      opener.current?.focus();
      opener.current = null;
    }
  }, [open, initialFocusRef]);

  // Unmounted while open: give the focus back all the same.
  useEffect(
    () => () => {
      opener.current?.focus();
    },
    [],
  );

  return (
    <dialog
      ref={dialogRef}
      className={cx('ent-dialog', className)}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React's state decide, so that `open` stays the truth.
        event.preventDefault();
        onClose();
      }}
    >
      <div className="ent-dialog__header">
        <h2 id={titleId} className="ent-dialog__title">
          {title}
        </h2>
        <Button variant="quiet" size="small" onClick={onClose} className="ent-dialog__close">
          <span aria-hidden="true">✕ </span>
          {t('kit.dialog.close')}
        </Button>
      </div>
      <div className="ent-dialog__body">{children}</div>
      {footer ? <div className="ent-dialog__footer">{footer}</div> : null}
    </dialog>
  );
}
