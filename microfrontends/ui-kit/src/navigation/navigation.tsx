import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/**
 * Moves to another page of the portal without reloading. single-spa patches `history.pushState` and
 * announces the change with a `popstate` event, so the shell and every micro-frontend follow it.
 */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const url = new URL(href, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const target = url.pathname + url.search + url.hash;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  // For pages without single-spa (tests, a module developed alone); with it, listeners just render twice.
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

const NAVIGATE_EVENT = 'ent:navigate';

export interface PortalLocation {
  pathname: string;
  search: string;
  hash: string;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener('single-spa:routing-event', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener(NAVIGATE_EVENT, listener);
    window.removeEventListener('popstate', listener);
    window.removeEventListener('single-spa:routing-event', listener);
  };
}

const currentHref = () => window.location.href;

/** The current location, re-rendering on every navigation. */
export function useLocation(): PortalLocation {
  const href = useSyncExternalStore(subscribe, currentHref, () => 'http://localhost/');
  const url = new URL(href);
  return { pathname: url.pathname, search: url.search, hash: url.hash };
}

/** A click the browser should handle itself (new tab, download, modifier keys). */
export function isPlainClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return (
    event.button === 0 &&
    !event.defaultPrevented &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey &&
    (!event.currentTarget.target || event.currentTarget.target === '_self')
  );
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An ordinary link (keyboard, middle click, « open in a new tab » all work) that navigates in place. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(event) => {
        onClick?.(event);
        if (!isPlainClick(event)) return;
        const url = new URL(href, window.location.href);
        if (url.origin !== window.location.origin) return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}
