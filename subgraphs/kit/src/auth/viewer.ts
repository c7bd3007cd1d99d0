import { type Profile, STAFF_PROFILES } from '../domain.js';
import { forbidden, unauthenticated } from '../errors.js';

export interface ProfileGrant {
  profile: Profile;
  /** null for ADMIN_DEPARTEMENT, which spans every establishment. */
  establishmentId: string | null;
}

/** Who is asking, as the access token says: what every subgraph decides authorization from. */
export interface Viewer {
  userId: string;
  sessionId: string;
  displayName: string;
  profiles: ProfileGrant[];
  /** Classes the person belongs to (pupil) or teaches (teacher). */
  classIds: string[];
  groupIds: string[];
  /** For parents: their children's user ids. */
  childIds: string[];
  /** Authentication methods used for this session: 'pwd', 'otp'. */
  authMethods: string[];
}

/** What a request context says about authentication: a verified viewer, or why there is none. */
export interface Authentication {
  viewer: Viewer | null;
  /** Set when a token was presented but refused (expired, bad signature): its message says so. */
  authFailure?: Error | undefined;
}

export function requireViewer(context: Authentication): Viewer {
  if (context.viewer) return context.viewer;
  throw context.authFailure ?? unauthenticated();
}

export function hasProfile(viewer: Viewer, profile: Profile, establishmentId?: string): boolean {
  return viewer.profiles.some(
    (grant) => grant.profile === profile && (establishmentId === undefined || grant.establishmentId === establishmentId),
  );
}

export function isDepartementAdmin(viewer: Viewer): boolean {
  return hasProfile(viewer, 'ADMIN_DEPARTEMENT');
}

/** Establishments where the person holds one of the given profiles. */
export function establishmentsWith(viewer: Viewer, profiles: readonly Profile[]): string[] {
  const ids = new Set<string>();
  for (const grant of viewer.profiles) {
    if (grant.establishmentId && profiles.includes(grant.profile)) ids.add(grant.establishmentId);
  }
  return [...ids];
}

/** Administers the establishment: its local administrator, or the département's. */
export function canAdministerEstablishment(viewer: Viewer, establishmentId: string): boolean {
  return isDepartementAdmin(viewer) || hasProfile(viewer, 'ADMIN_LOCAL', establishmentId);
}

/** Works for the establishment in any staff capacity (teacher, direction, staff, administrator). */
export function isStaffOf(viewer: Viewer, establishmentId: string): boolean {
  return (
    isDepartementAdmin(viewer) ||
    viewer.profiles.some((grant) => grant.establishmentId === establishmentId && STAFF_PROFILES.includes(grant.profile))
  );
}

export function isStaff(viewer: Viewer): boolean {
  return viewer.profiles.some((grant) => STAFF_PROFILES.includes(grant.profile));
}

export function isParentOf(viewer: Viewer, childId: string): boolean {
  return viewer.childIds.includes(childId);
}

export function assertAllowed(condition: boolean, message?: string): asserts condition {
  if (!condition) throw forbidden(message);
}
