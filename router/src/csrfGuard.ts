import { kitMessages, sendError } from '@ent/kit';
import type { Request, RequestHandler } from 'express';

/** Headers a page can only set through a CORS preflight, which the router never grants to another origin. */
export const CSRF_HEADERS = ['x-ent-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'] as const;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfGuardOptions {
  /** Other origins allowed to call (a development server, say), as `https://host:port`. */
  trustedOrigins?: readonly string[];
  /** /graphql: GET runs queries, so it needs the header too; /auth: only state-changing methods are checked. */
  guardSafeMethods?: boolean;
}

function hasCsrfHeader(req: Request): boolean {
  return CSRF_HEADERS.some((name) => (req.header(name) ?? '').length > 0);
}

function isJson(req: Request): boolean {
  const type = req.header('content-type');
  if (!type) return false;
  const essence = type.split(';', 1)[0]?.trim().toLowerCase();
  return essence === 'application/json';
}

/**
 * Our own host only. The scheme is not compared: behind a TLS-terminating proxy the router sees http
 * while the browser says https; the host (with its port) is what a foreign page cannot fake.
 */
function originAllowed(req: Request, trusted: ReadonlySet<string>): boolean {
  const origin = req.header('origin');
  if (origin === undefined) return true;
  if (trusted.has(origin)) return true;
  if (!URL.canParse(origin)) return false; // includes the opaque origin "null"
  return new URL(origin).host === req.host;
}

/**
 * A browser lets any page send a "simple" cross-site request (form, text/plain, no custom header) with
 * the person's cookies. The router accepts a request only if it could not have been one: a JSON body or
 * a custom header (both force a preflight), and no foreign Origin.
 */
export function csrfGuard(options: CsrfGuardOptions = {}): RequestHandler {
  const trusted = new Set(options.trustedOrigins ?? []);
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const safe = SAFE_METHODS.has(req.method);
    if (safe && !options.guardSafeMethods) return next();
    const shapeOk = safe ? hasCsrfHeader(req) : isJson(req) || hasCsrfHeader(req);
    if (shapeOk && originAllowed(req, trusted)) return next();
    sendError(res, 403, 'FORBIDDEN', kitMessages.csrf);
  };
}
