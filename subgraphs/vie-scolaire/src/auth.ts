import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/**
 * Token verification with the annuaire's public JWKS alone — what any vendor outside this repository
 * does (no import of the ENT's own verifier). The access token is an ES256 JWT, issuer
 * `urn:ent:annuaire`, audience `urn:ent`, `typ: "access"`; its claims say who is asking:
 * `sub` (user id), `sid`, `name`, `prf` ([profile, establishmentId|null] pairs), `cls` (classes the
 * person belongs to or teaches), `grp`, `chd` (a parent's children), `amr`.
 */
export type Profile = 'ELEVE' | 'PARENT' | 'ENSEIGNANT' | 'DIRECTION' | 'PERSONNEL' | 'ADMIN_LOCAL' | 'ADMIN_DEPARTEMENT';
const PROFILES: readonly string[] = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'];

export interface Viewer {
  userId: string;
  sessionId: string;
  displayName: string;
  profiles: Array<{ profile: Profile; establishmentId: string | null }>;
  classIds: string[];
  groupIds: string[];
  childIds: string[];
  authMethods: string[];
}

export class TokenRejected extends Error {
  constructor(readonly expired: boolean) {
    super(expired ? 'access token expired' : 'access token invalid');
  }
}

export interface JwksVerifierOptions {
  /** The annuaire's `/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** A key resolver given directly (tests). */
  keys?: JWTVerifyGetKey;
  issuer?: string;
  audience?: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function viewerOf(payload: JWTPayload): Viewer | undefined {
  const { sub, sid, name, prf } = payload as JWTPayload & { sid?: unknown; name?: unknown; prf?: unknown };
  if (typeof sub !== 'string' || typeof sid !== 'string' || !Array.isArray(prf)) return undefined;
  const profiles: Viewer['profiles'] = [];
  for (const entry of prf) {
    if (!Array.isArray(entry)) return undefined;
    const [profile, establishmentId] = entry as [unknown, unknown];
    if (typeof profile !== 'string' || !PROFILES.includes(profile)) return undefined;
    if (establishmentId !== null && typeof establishmentId !== 'string') return undefined;
    profiles.push({ profile: profile as Profile, establishmentId });
  }
  return {
    userId: sub,
    sessionId: sid,
    displayName: typeof name === 'string' ? name : '',
    profiles,
    classIds: strings(payload['cls']),
    groupIds: strings(payload['grp']),
    childIds: strings(payload['chd']),
    authMethods: strings(payload['amr']),
  };
}

export interface JwksVerifier {
  /** null without an Authorization header; throws TokenRejected for a bad or expired token. */
  verifyAuthorizationHeader(header: string | undefined): Promise<Viewer | null>;
}

export function createJwksVerifier(options: JwksVerifierOptions): JwksVerifier {
  // jose caches the key set and fetches it again when a token names an unknown key id (key rotation).
  const keys = options.keys ?? (options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000 }) : undefined);
  if (!keys) throw new Error('createJwksVerifier needs jwksUrl or keys');
  const issuer = options.issuer ?? 'urn:ent:annuaire';
  const audience = options.audience ?? 'urn:ent';
  return {
    async verifyAuthorizationHeader(header) {
      if (!header) return null;
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match?.[1]) throw new TokenRejected(false);
      try {
        const { payload } = await jwtVerify(match[1], keys, { issuer, audience, algorithms: ['ES256'] });
        if (payload['typ'] !== undefined && payload['typ'] !== 'access') throw new TokenRejected(false);
        const viewer = viewerOf(payload);
        if (!viewer) throw new TokenRejected(false);
        return viewer;
      } catch (error) {
        if (error instanceof TokenRejected) throw error;
        throw new TokenRejected(error instanceof errors.JWTExpired);
      }
    },
  };
}

export function hasProfile(viewer: Viewer, profile: Profile, establishmentId?: string): boolean {
  return viewer.profiles.some((g) => g.profile === profile && (establishmentId === undefined || g.establishmentId === establishmentId));
}

/** Establishments where the viewer follows attendance: vie scolaire (PERSONNEL) or direction. */
export function followUpEstablishments(viewer: Viewer): string[] {
  return viewer.profiles.flatMap((g) =>
    g.establishmentId && (g.profile === 'PERSONNEL' || g.profile === 'DIRECTION') ? [g.establishmentId] : [],
  );
}
