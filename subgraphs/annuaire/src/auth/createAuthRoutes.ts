import { bodyErrorHandler, clientIp, EntError, httpStatusOf, kitMessages, requestIdOf, sendError } from '@ent/kit';
import { parseCookie, stringifySetCookie } from 'cookie';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { AuthService, RequestMeta, SessionGrant } from './createAuthService.js';

const BODY_LIMIT = '8kb';

function metaOf(req: Request): RequestMeta {
  return { ip: clientIp(req), userAgent: req.get('user-agent') ?? '' };
}

/**
 * The annuaire's HTTP face for signing in, mounted at the application root:
 * GET /.well-known/jwks.json, POST /auth/login, /auth/mfa, /auth/refresh, /auth/logout.
 */
export function createAuthRoutes(service: AuthService): Router {
  const router = Router();
  const { refreshCookie } = service;

  const setRefreshCookie = (res: Response, grant: SessionGrant) => {
    res.append(
      'Set-Cookie',
      stringifySetCookie({
        name: refreshCookie.name,
        value: grant.refreshToken,
        httpOnly: true,
        secure: refreshCookie.secure,
        sameSite: 'strict',
        path: refreshCookie.path,
        maxAge: grant.refreshMaxAgeSeconds,
      }),
    );
  };

  const clearRefreshCookie = (res: Response) => {
    res.append(
      'Set-Cookie',
      stringifySetCookie({
        name: refreshCookie.name,
        value: '',
        httpOnly: true,
        secure: refreshCookie.secure,
        sameSite: 'strict',
        path: refreshCookie.path,
        maxAge: 0,
        expires: new Date(0),
      }),
    );
  };

  const refreshTokenOf = (req: Request): string | undefined => {
    const header = req.get('cookie');
    return header ? parseCookie(header)[refreshCookie.name] : undefined;
  };

  /** Expected failures become French error bodies; anything else is a 500 whose detail stays in the logs. */
  const handle =
    (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    async (req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      try {
        await handler(req, res);
      } catch (error) {
        if (error instanceof EntError) {
          const extensions = { ...error.extensions };
          delete extensions['code'];
          if (error.code === 'RATE_LIMITED') res.setHeader('Retry-After', String(extensions['retryAfter'] ?? 60));
          sendError(res, httpStatusOf(error.code), error.code, error.message, extensions);
          return;
        }
        next(error);
      }
    };

  const requireJson: RequestHandler = (req, res, next) => {
    if (!req.is('application/json')) {
      sendError(res, 415, 'BAD_REQUEST', kitMessages.unsupportedMediaType);
      return;
    }
    next();
  };
  const json = [requireJson, express.json({ limit: BODY_LIMIT }), bodyErrorHandler('8 Ko')];

  router.get('/.well-known/jwks.json', async (_req, res) => {
    const jwks = await service.jwks();
    // Short: a new key is published well before it signs (see SigningKeyOptions.activationDelaySeconds).
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(jwks);
  });

  router.post(
    '/auth/login',
    ...json,
    handle(async (req, res) => {
      const result = await service.login(req.body, metaOf(req));
      if (result.kind === 'mfa') {
        res.json(result.challenge);
        return;
      }
      setRefreshCookie(res, result.grant);
      res.json(result.grant.response);
    }),
  );

  router.post(
    '/auth/mfa',
    ...json,
    handle(async (req, res) => {
      const grant = await service.verifyMfa(req.body, metaOf(req));
      setRefreshCookie(res, grant);
      res.json(grant.response);
    }),
  );

  router.post(
    '/auth/refresh',
    handle(async (req, res) => {
      try {
        const grant = await service.refresh(refreshTokenOf(req), metaOf(req));
        setRefreshCookie(res, grant);
        res.json(grant.response);
      } catch (error) {
        // A refused refresh token is useless: let the browser drop it.
        if (error instanceof EntError) clearRefreshCookie(res);
        throw error;
      }
    }),
  );

  router.post(
    '/auth/logout',
    handle(async (req, res) => {
      await service.logout(refreshTokenOf(req), metaOf(req));
      clearRefreshCookie(res);
      res.status(204).end();
    }),
  );

  // Only errors raised by the routes above reach this handler: other requests pass through the router.
  router.use((error: unknown, req: Request, res: Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    service.logger.error({ err: error, requestId: requestIdOf(res), path: req.path }, 'authentication request failed');
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', kitMessages.internal);
  });

  return router;
}
