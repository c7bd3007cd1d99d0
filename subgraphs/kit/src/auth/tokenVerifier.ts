import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { EntError, unauthenticated } from '../errors.js';
import { kitMessages } from '../messages.js';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, viewerOfClaims } from './claims.js';
import type { Viewer } from './viewer.js';

export interface TokenVerifierOptions {
  /** The annuaire's JWKS, e.g. http://localhost:4001/.well-known/jwks.json. */
  jwksUrl?: string | URL;
  /** A key resolver given directly (tests, or a verifier that already holds the keys). */
  keys?: JWTVerifyGetKey;
  issuer?: string;
  audience?: string;
}

export interface TokenVerifier {
  /** Verifies signature, issuer, audience and expiry; throws UNAUTHENTICATED otherwise. */
  verify(token: string): Promise<Viewer>;
  /** Reads `Authorization: Bearer …`; null when the header is absent. */
  verifyAuthorizationHeader(header: string | undefined): Promise<Viewer | null>;
}

export const ACCESS_TOKEN_ALGORITHMS = ['ES256'];

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.keys ??
    (options.jwksUrl
      ? // jose caches the key set and fetches it again when a token names an unknown key id (rotation).
        createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
      : undefined);
  if (!keys) throw new Error('createTokenVerifier needs jwksUrl or keys');
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const audience = options.audience ?? DEFAULT_AUDIENCE;

  const verify = async (token: string): Promise<Viewer> => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ACCESS_TOKEN_ALGORITHMS });
      if (payload['typ'] !== undefined && payload['typ'] !== 'access') throw unauthenticated(kitMessages.invalidToken);
      const viewer = viewerOfClaims(payload);
      if (!viewer) throw unauthenticated(kitMessages.invalidToken);
      return viewer;
    } catch (error) {
      if (error instanceof EntError) throw error;
      if (error instanceof errors.JWTExpired) throw unauthenticated(kitMessages.expiredToken);
      throw unauthenticated(kitMessages.invalidToken);
    }
  };

  return {
    verify,
    async verifyAuthorizationHeader(header) {
      if (!header) return null;
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match?.[1]) throw unauthenticated(kitMessages.invalidToken);
      return verify(match[1]);
    },
  };
}
