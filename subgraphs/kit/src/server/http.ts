import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { format, kitMessages } from '../messages.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Accepts the router's request id (when well-formed) or makes one, and echoes it back. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.header(REQUEST_ID_HEADER);
  const id = incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
  res.locals['requestId'] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
};

export function requestIdOf(res: Response): string {
  return String(res.locals['requestId'] ?? '');
}

/** A GraphQL-shaped error body, so clients read every failure the same way. */
export function sendError(res: Response, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/** Malformed JSON → 400, body over the limit → 413, each with a French message. */
export function bodyErrorHandler(limitLabel: string): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') return sendError(res, 400, 'BAD_REQUEST', kitMessages.malformedJson);
    if (type === 'entity.too.large')
      return sendError(res, 413, 'PAYLOAD_TOO_LARGE', format(kitMessages.payloadTooLarge, { limit: limitLabel }));
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return sendError(res, 415, 'BAD_REQUEST', kitMessages.unsupportedMediaType);
    next(error);
  };
}

/** Headers every response carries; the router adds its content security policy for pages. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  next();
};

/** The client address as the first proxy saw it, when the app trusts its proxy (`trust proxy`). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Starts listening (port 0 picks a free one) and says where, as a URL a client on this machine can use. */
export function listenOn(httpServer: Server, port = 0, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      const address = httpServer.address() as AddressInfo;
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      resolve({ url: `http://${shown}:${address.port}`, port: address.port });
    });
  });
}
