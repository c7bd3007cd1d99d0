import { jwtVerify, SignJWT } from 'jose';

/**
 * Service-to-service credential for the annuaire's internal routes (docs/security.md, « Internal
 * service interface »): a short-lived HS256 JWT signed with the secret every service shares through
 * ENT_SERVICE_SECRET. A person's access token is never accepted there, and a service token is never
 * accepted on /graphql (different audience, different algorithm, different key).
 */
export const SERVICE_TOKEN_AUDIENCE = 'ent-annuaire-internal';
export const SERVICE_TOKEN_ISSUER = 'ent-service';
/** A caller signs for at most this long; the annuaire refuses longer-lived tokens. */
export const SERVICE_TOKEN_MAX_TTL_SECONDS = 300;
/** Demo mode only (ENT_DEMO not 0, ENT_SERVICE_SECRET unset): a public, well-known secret. */
export const DEMO_SERVICE_SECRET = 'ent-demo-92-service-secret-not-for-production';
export const MIN_SERVICE_SECRET_BYTES = 32;

export type ServiceScope = 'directory:export';

function keyOf(secret: string): Uint8Array {
  if (Buffer.byteLength(secret, 'utf8') < MIN_SERVICE_SECRET_BYTES) {
    throw new Error(`ENT_SERVICE_SECRET must be at least ${MIN_SERVICE_SECRET_BYTES} bytes`);
  }
  return new TextEncoder().encode(secret);
}

/** Signs a service token (the caller's side; ressources-gar has its own copy of these few lines). */
export async function signServiceToken(
  secret: string,
  service: string,
  scope: ServiceScope,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(SERVICE_TOKEN_AUDIENCE)
    .setSubject(service)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 120)
    .sign(keyOf(secret));
}

export interface VerifiedService {
  service: string;
  scope: string;
}

/** Verifies a service token; throws (with an English reason for the log) when it is refused. */
export async function verifyServiceToken(
  secret: string,
  token: string,
  scope: ServiceScope,
  now: Date,
): Promise<VerifiedService> {
  const { payload } = await jwtVerify(token, keyOf(secret), {
    algorithms: ['HS256'],
    audience: SERVICE_TOKEN_AUDIENCE,
    issuer: SERVICE_TOKEN_ISSUER,
    currentDate: now,
    requiredClaims: ['exp', 'iat', 'sub'],
  });
  if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') throw new Error('missing exp or iat');
  if (payload.exp - payload.iat > SERVICE_TOKEN_MAX_TTL_SECONDS) throw new Error('token lives too long');
  if (payload.iat > Math.floor(now.getTime() / 1000) + 30) throw new Error('token issued in the future');
  if (payload['scope'] !== scope) throw new Error(`scope ${String(payload['scope'])} is not ${scope}`);
  return { service: String(payload.sub), scope };
}

/** The secret in force: ENT_SERVICE_SECRET, the demo secret in demo mode, or none (routes answer 503). */
export function serviceSecretFromEnv(demo: boolean, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const secret = env['ENT_SERVICE_SECRET'];
  if (secret) return secret;
  return demo ? DEMO_SERVICE_SECRET : undefined;
}
