/**
 * Logins are compared, stored and journalled in this form (trimmed, NFC, lower case), so « Jean.Dupont »
 * and « jean.dupont » are one account and one throttle counter. Whatever writes `users.login` (imports,
 * administration) must store it normalised: the login lookup uses the plain unique index on it.
 */
export function normalizeLogin(login: string): string {
  return login.normalize('NFC').trim().toLowerCase();
}
