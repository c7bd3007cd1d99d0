import { type Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum: nothing exists at runtime (the module exports an empty object),
// and verbatimModuleSyntax forbids inlining it, so the value is written out. 2 is Argon2id.
const ARGON2ID = 2 as Algorithm.Argon2id;

/**
 * argon2id at OWASP's minimum (19 MiB, 2 iterations, 1 lane): about 25 ms a hash on this class of
 * machine, which sustains well over 50 logins a second on 2 cores (see npm run bench).
 */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody has, verified when the login is unknown so that an unknown login costs
 * the same time as a wrong password (no account enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoyHash;
}

export const passwordPolicyMessages = {
  tooShort: 'Le mot de passe doit contenir au moins {min} caractères.',
  tooLong: 'Le mot de passe ne doit pas dépasser {max} caractères.',
  tooSimple: 'Le mot de passe doit mélanger au moins trois sortes de caractères : minuscules, majuscules, chiffres, symboles.',
  containsLogin: 'Le mot de passe ne doit pas contenir l’identifiant.',
  common: 'Ce mot de passe est trop courant.',
} as const;

const COMMON = new Set(['motdepasse', 'password', 'azerty123', 'azertyuiop', '123456789012', 'motdepasse123', 'bonjour123']);

/**
 * The password policy for real accounts (ANSSI-inspired): 12 characters or more, three classes of
 * characters, not the login, not a common password. Returns the French reason, or undefined when valid.
 */
export function passwordPolicyViolation(password: string, login?: string): string | undefined {
  const min = 12;
  const max = 128;
  if (password.length < min) return passwordPolicyMessages.tooShort.replace('{min}', String(min));
  if (password.length > max) return passwordPolicyMessages.tooLong.replace('{max}', String(max));
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) return passwordPolicyMessages.tooSimple;
  if (login && password.toLowerCase().includes(login.toLowerCase())) return passwordPolicyMessages.containsLogin;
  if (COMMON.has(password.toLowerCase())) return passwordPolicyMessages.common;
  return undefined;
}
