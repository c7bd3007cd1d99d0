import type { Clock, Logger } from '@ent/kit';
import { type Request, type Response, Router } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { SERVICE_TOKEN_AUDIENCE, SERVICE_TOKEN_ISSUER } from './directoryClient.js';

/**
 * GET /internal/gar/managers — the affectation managers, for the `gar:export` command (which must not
 * open this subgraph's database while the service runs). Service token with scope `gar:managers`,
 * the same scheme as the annuaire's internal interface (docs/security.md).
 */
export const MANAGERS_PATH = '/internal/gar/managers';
const AUDIENCE = 'ent-ressources-gar-internal';

export function createServiceRoutes(options: { db: Kysely<Database>; clock: Clock; logger: Logger; secret: string | undefined }): Router {
  const router = Router();
  router.get(MANAGERS_PATH, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!options.secret) {
      res.status(503).json({ error: 'NOT_CONFIGURED' });
      return;
    }
    const header = req.headers.authorization ?? '';
    try {
      const { payload } = await jwtVerify(header.startsWith('Bearer ') ? header.slice(7) : '', new TextEncoder().encode(options.secret), {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        issuer: SERVICE_TOKEN_ISSUER,
        currentDate: options.clock.now(),
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      if (payload['scope'] !== 'gar:managers' || (payload.exp ?? 0) - (payload.iat ?? 0) > 300) throw new Error('bad scope or lifetime');
    } catch (error) {
      options.logger.warn({ reason: (error as Error).message }, 'managers refused: bad service token');
      res.status(401).json({ error: 'UNAUTHENTICATED' });
      return;
    }
    const rows = await options.db.selectFrom('affectation_managers').select(['user_id as userId', 'establishment_id as establishmentId']).execute();
    res.json({ managers: rows });
  });
  return router;
}

export async function signManagersToken(secret: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ scope: 'gar:managers' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('gar-export-cli')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 120)
    .sign(new TextEncoder().encode(secret));
}

export { SERVICE_TOKEN_AUDIENCE };
