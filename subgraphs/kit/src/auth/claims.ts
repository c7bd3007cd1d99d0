import type { JWTPayload } from 'jose';
import { isProfile } from '../domain.js';
import type { ProfileGrant, Viewer } from './viewer.js';

/**
 * The access token's claims. The annuaire writes them with `claimsOfViewer`, every subgraph reads them
 * with `viewerOfClaims`: one definition, so issuer and verifiers cannot drift apart.
 */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  sid: string;
  name: string;
  /** [profile, establishmentId | null] pairs, compact because every request carries them. */
  prf: Array<[string, string | null]>;
  cls: string[];
  grp: string[];
  chd: string[];
  amr: string[];
}

export const DEFAULT_ISSUER = 'urn:ent:annuaire';
export const DEFAULT_AUDIENCE = 'urn:ent';

export function claimsOfViewer(viewer: Viewer): AccessTokenClaims {
  return {
    sub: viewer.userId,
    sid: viewer.sessionId,
    name: viewer.displayName,
    prf: viewer.profiles.map((grant) => [grant.profile, grant.establishmentId]),
    cls: viewer.classIds,
    grp: viewer.groupIds,
    chd: viewer.childIds,
    amr: viewer.authMethods,
  };
}

const stringArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Returns undefined when the payload is not an ENT access token. */
export function viewerOfClaims(payload: JWTPayload): Viewer | undefined {
  const { sub, sid, name, prf } = payload as Partial<AccessTokenClaims>;
  if (typeof sub !== 'string' || typeof sid !== 'string' || !Array.isArray(prf)) return undefined;
  const profiles: ProfileGrant[] = [];
  for (const entry of prf) {
    if (!Array.isArray(entry)) return undefined;
    const [profile, establishmentId] = entry;
    if (!isProfile(profile) || (establishmentId !== null && typeof establishmentId !== 'string')) return undefined;
    profiles.push({ profile, establishmentId });
  }
  return {
    userId: sub,
    sessionId: sid,
    displayName: typeof name === 'string' ? name : '',
    profiles,
    classIds: stringArray(payload['cls']),
    groupIds: stringArray(payload['grp']),
    childIds: stringArray(payload['chd']),
    authMethods: stringArray(payload['amr']),
  };
}
