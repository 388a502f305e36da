import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret for a session id, CSRF token or API token. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are high-entropy, so a plain SHA-256 is enough to store them without keeping them. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const API_TOKEN_PREFIX = 'wa_';

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomToken(32)}`;
}
