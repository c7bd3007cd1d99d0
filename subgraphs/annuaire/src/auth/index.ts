export {
  type AccessEventFilter,
  type AccessEventRecord,
  listAccessEvents,
  MAX_ACCESS_EVENTS_PAGE,
} from './accessJournal.repository.js';
export { buildViewer, displayNameOf } from './buildViewer.js';
export { createAuthRoutes } from './createAuthRoutes.js';
export {
  type AuthService,
  type AuthServiceOptions,
  createAuthService,
  DEFAULT_THROTTLE,
  type LoginResult,
  MFA_AUDIENCE,
  MFA_TOKEN_TTL_SECONDS,
  type MfaChallenge,
  REFRESH_COOKIE,
  type RefreshCookieSettings,
  type RequestMeta,
  type SessionGrant,
  type ThrottleOptions,
  type TokenResponse,
} from './createAuthService.js';
export { authMessages } from './messages.js';
export { normalizeLogin } from './normalizeLogin.js';
export {
  ARGON2_OPTIONS,
  decoyPasswordHash,
  hashPassword,
  passwordPolicyMessages,
  passwordPolicyViolation,
  verifyPassword,
} from './password.js';
export { revokeUserSessions, type SessionRevocationReason } from './sessions.repository.js';
export { DEFAULT_SIGNING_KEY_OPTIONS, type SigningKeyOptions } from './signingKeys.js';
export type { TotpEnrolment } from './totp.js';
