import { Agent as HttpAgent, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { clientIp, format, kitMessages, type Logger, REQUEST_ID_HEADER, requestIdOf, sendError } from '@ent/kit';
import type { RequestHandler } from 'express';
import { routerMessages } from './messages.js';

export interface AnnuaireProxyOptions {
  /** The annuaire's origin, e.g. http://127.0.0.1:4001. */
  target: string | URL;
  logger: Logger;
  /** Largest request body forwarded, in bytes. */
  bodyLimitBytes: number;
  bodyLimitLabel: string;
  timeoutMs: number;
}

export interface AnnuaireProxy {
  handler: RequestHandler;
  close(): void;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded; the
// x-forwarded-* headers are rewritten, since a client could otherwise choose the address the annuaire
// rate-limits logins by.
const REQUEST_HEADERS_DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  REQUEST_ID_HEADER,
]);
const RESPONSE_HEADERS_DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardedHeaders(headers: IncomingHttpHeaders, dropped: ReadonlySet<string>): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  // A Connection header may name further hop-by-hop headers.
  const named = String(headers['connection'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !dropped.has(name) && !named.includes(name)) kept[name] = value;
  }
  return kept;
}

class BodyTooLarge extends Error {}

/**
 * Streams /auth/* and /.well-known/* to the annuaire: cookies and Set-Cookie pass unchanged, and the
 * annuaire (which trusts X-Forwarded-For from loopback) learns the client address the router saw.
 * A small pipe rather than a proxy library: the header rules above are the whole of the logic.
 */
export function annuaireProxy(options: AnnuaireProxyOptions): AnnuaireProxy {
  const target = new URL(options.target);
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const { logger } = options;
  const tooLarge = format(kitMessages.payloadTooLarge, { limit: options.bodyLimitLabel });

  const handler: RequestHandler = (req, res) => {
    const declaredLength = Number(req.header('content-length') ?? 0);
    if (declaredLength > options.bodyLimitBytes) {
      // The body is not read; closing spares us draining it.
      res.setHeader('Connection', 'close');
      return sendError(res, 413, 'PAYLOAD_TOO_LARGE', tooLarge);
    }
    const url = new URL(req.originalUrl, target);
    const headers: IncomingHttpHeaders = {
      ...forwardedHeaders(req.headers, REQUEST_HEADERS_DROPPED),
      host: target.host,
      'x-forwarded-for': clientIp(req),
      'x-forwarded-proto': req.protocol,
      'x-forwarded-host': req.get('host') ?? '',
      [REQUEST_ID_HEADER]: requestIdOf(res),
    };

    const upstream = send(url, { method: req.method, headers, agent });
    upstream.setTimeout(options.timeoutMs, () => upstream.destroy(new Error('annuaire timeout')));

    const fail = (error: Error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        return sendError(res, 413, 'PAYLOAD_TOO_LARGE', tooLarge);
      }
      const timeout = error.message === 'annuaire timeout';
      logger.warn({ err: error, path: url.pathname, requestId: requestIdOf(res) }, 'annuaire proxy failed');
      sendError(
        res,
        timeout ? 504 : 502,
        timeout ? 'GATEWAY_TIMEOUT' : 'BAD_GATEWAY',
        timeout ? routerMessages.annuaireTimeout : routerMessages.annuaireUnavailable,
      );
    };

    upstream.on('error', fail);
    upstream.on('response', (upstreamRes: IncomingMessage) => {
      res.status(upstreamRes.statusCode ?? 502);
      for (const [name, value] of Object.entries(forwardedHeaders(upstreamRes.headers, RESPONSE_HEADERS_DROPPED))) {
        if (value !== undefined) res.setHeader(name, value);
      }
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    // The client went away: stop the upstream exchange too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });

    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > options.bodyLimitBytes) callback(new BodyTooLarge('request body over the limit'));
        else callback(null, chunk);
      },
    });
    counter.on('error', (error) => upstream.destroy(error));
    req.pipe(counter).pipe(upstream);
  };

  return { handler, close: () => agent.destroy() };
}
