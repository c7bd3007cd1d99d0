import { type Logger, requestIdOf } from '@ent/kit';
import type { RequestHandler } from 'express';

const QUIET_PATHS = new Set(['/health', '/ready']);

/** One line per request, written when the response is finished (or the client gave up). */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const line = {
        requestId: requestIdOf(res),
        method: req.method,
        path: req.originalUrl.split('?', 1)[0],
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        ...(res.locals['userId'] ? { userId: res.locals['userId'] } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (QUIET_PATHS.has(line.path ?? '')) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
