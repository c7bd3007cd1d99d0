import { type ReactNode, useEffect, useSyncExternalStore } from 'react';
import { t } from '../i18n/i18n.js';
import { createStore } from '../store.js';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

export interface ToastOptions {
  tone?: ToastTone;
  /** Milliseconds before it goes; errors stay until closed. */
  durationMs?: number;
}

/** One list for the whole page (one ui-kit through the import map), shown by the one ToastProvider. */
const toasts = createStore<readonly Toast[]>([]);
let nextId = 1;

export function dismissToast(id: number): void {
  toasts.set(toasts.get().filter((toast) => toast.id !== id));
}

/** Shows a short message; usable outside React (a micro-frontend's loader, say). */
export function showToast(message: string, options: ToastOptions = {}): number {
  const tone = options.tone ?? 'info';
  const id = nextId++;
  toasts.set([...toasts.get(), { id, message, tone }].slice(-5));
  const duration = options.durationMs ?? (tone === 'error' ? 0 : 6000);
  if (duration > 0) setTimeout(() => dismissToast(id), duration);
  return id;
}

export interface ToastApi {
  show(message: string, options?: ToastOptions): number;
  success(message: string): number;
  error(message: string): number;
  dismiss(id: number): void;
}

const api: ToastApi = {
  show: showToast,
  success: (message) => showToast(message, { tone: 'success' }),
  error: (message) => showToast(message, { tone: 'error' }),
  dismiss: dismissToast,
};

/** Toasts from any micro-frontend; they appear in the portal's live regions. */
export function useToast(): ToastApi {
  return api;
}

function ToastItem({ toast }: { toast: Toast }) {
  return (
    <li className={`ent-toast ent-toast--${toast.tone}`}>
      <span className="ent-toast__icon" aria-hidden="true">
        {toast.tone === 'error' ? '⚠' : toast.tone === 'success' ? '✓' : 'ℹ'}
      </span>
      <span className="ent-toast__message">{toast.message}</span>
      <button type="button" className="ent-toast__close" onClick={() => dismissToast(toast.id)}>
        <span aria-hidden="true">✕</span>
        <span className="ent-visually-hidden">{t('kit.toast.close')}</span>
      </button>
    </li>
  );
}

/**
 * The live regions where toasts appear: polite for information, assertive for errors. They exist
 * before any message arrives (a region added with its message is not announced). Mount it once —
 * the portal does; micro-frontends only call useToast().
 */
export function ToastProvider({ children }: { children?: ReactNode }) {
  const list = useSyncExternalStore(toasts.subscribe, toasts.get);
  useEffect(
    () => () => {
      toasts.set([]);
    },
    [],
  );
  const polite = list.filter((toast) => toast.tone !== 'error');
  const assertive = list.filter((toast) => toast.tone === 'error');
  return (
    <>
      {children}
      <div className="ent-toasts">
        <div role="status" aria-live="polite">
          <ul className="ent-toasts__list">
            {polite.map((toast) => (
              <ToastItem key={toast.id} toast={toast} />
            ))}
          </ul>
        </div>
        <div role="alert" aria-live="assertive">
          <ul className="ent-toasts__list">
            {assertive.map((toast) => (
              <ToastItem key={toast.id} toast={toast} />
            ))}
          </ul>
        </div>
      </div>
    </>
  );
}
