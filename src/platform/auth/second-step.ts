import { createHash, randomBytes, randomInt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import { RECOVERY_CODE_ALPHABET, RECOVERY_CODE_LENGTH, RECOVERY_CODES_GIVEN } from '../../domain/sign-in/second-step.js';
import { openSecret, sealSecret } from '../crypto/sealed-secret.js';

/**
 * The cryptography of the second step (the rules are in src/domain/sign-in/second-step.ts): the
 * authenticator app's secret (RFC 6238, 30-second codes of six digits, SHA-1 as every app supports),
 * sealed under MFA_SECRET_KEY with the user it belongs to; codes checked one step either side for a
 * phone's clock, never the same step twice; and recovery codes kept only as salted hashes.
 */

/** A code is accepted up to one 30-second step early or late (a phone's clock is rarely exact). */
const CLOCK_DRIFT_SECONDS = 30;

export function newAppSecret(): string {
  return generateSecret();
}

function purposeOf(tenantId: string, userId: string): string {
  return `mfa-app-secret:${tenantId}:${userId}`;
}

export function sealAppSecret(key: KeyObject, tenantId: string, userId: string, secret: string): string {
  return sealSecret(key, purposeOf(tenantId, userId), secret);
}

export function openAppSecret(key: KeyObject, tenantId: string, userId: string, sealed: string): string {
  return openSecret(key, purposeOf(tenantId, userId), sealed);
}

/** The address an authenticator app reads from the QR code: the service and the user's email name the entry. */
export function appSetUpAddress(issuer: string, email: string, secret: string): string {
  return generateURI({ issuer, label: email, secret });
}

/** The QR code of that address, as an SVG drawing to put in the page (no script, no image request). */
export async function qrCodeSvg(address: string): Promise<string> {
  return QRCode.toString(address, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}

/**
 * Checks a six-digit code against the secret. A code from a step no later than `lastTimeStep` (one
 * already used) is refused, so a code seen over someone's shoulder cannot be used again.
 */
export function checkAppCode(secret: string, code: string, lastTimeStep: number | null, now = new Date()): { ok: true; timeStep: number } | { ok: false } {
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: CLOCK_DRIFT_SECONDS,
    ...(lastTimeStep === null ? {} : { afterTimeStep: lastTimeStep }),
  });
  return result.valid && 'timeStep' in result ? { ok: true, timeStep: result.timeStep } : { ok: false };
}

/** Ten new recovery codes, each 12 characters chosen uniformly from the alphabet. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES_GIVEN }, () =>
    Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]).join(''),
  );
}

/** `salt$hash`: SHA-256 of a random 16-byte salt and the code (ASVS 2.6.2: under 112 bits, so salted). */
export function hashRecoveryCode(code: string, salt = randomBytes(16).toString('base64url')): string {
  return `${salt}$${createHash('sha256').update(`${salt}\n${code}`).digest('base64url')}`;
}

export function recoveryCodeMatches(stored: string, code: string): boolean {
  const [salt] = stored.split('$');
  if (!salt) return false;
  const given = Buffer.from(hashRecoveryCode(code, salt));
  const kept = Buffer.from(stored);
  return given.length === kept.length && timingSafeEqual(given, kept);
}
