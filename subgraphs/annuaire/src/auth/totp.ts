import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
const TOTP_ALGORITHM = 'SHA1';
/** One step either side: tolerates a phone clock 30 s off and a code typed as it changes. */
const TOTP_WINDOW = 1;

/** A new 160-bit secret, base32 (what apps and the otpauth URI carry). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secret: string, label = 'ENT', issuer = 'ENT'): TOTP {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** The time step the code belongs to, or undefined when the code is wrong. */
export function totpStepOf(secret: string, code: string, at: Date): number | undefined {
  const totp = totpOf(secret);
  const delta = totp.validate({ token: code, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return undefined;
  return totp.counter({ timestamp: at.getTime() }) + delta;
}

export interface TotpEnrolment {
  otpauthUri: string;
  /** PNG data URL of the URI as a QR code. */
  qrCodeDataUrl: string;
  /** The secret in base32, for people who type it instead of scanning (no camera, screen reader). */
  secret: string;
}

export async function totpEnrolment(secret: string, login: string, issuer: string): Promise<TotpEnrolment> {
  const otpauthUri = totpOf(secret, login, issuer).toString();
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return { otpauthUri, qrCodeDataUrl, secret };
}

/** A short fingerprint of the secret, bound into the MFA token: a secret replaced meanwhile voids the token. */
export function totpSecretFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}
