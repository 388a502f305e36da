import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Secrets kept in the database only as ciphertext: AES-256-GCM with a key from the environment
 * (OIDC_SECRET_KEY), which the database never sees. A sealed secret is `v1.<iv>.<tag>.<ciphertext>`
 * in base64url. What it is for (the purpose, with the tenant's id) is authenticated with it, so a
 * sealed secret copied to another tenant's row, or to another use, does not open.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealedSecretError extends Error {}

/**
 * The key from its text: 32 random bytes written as 64 hexadecimal characters or as base64 (make one
 * with `openssl rand -hex 32`). Anything else is refused, so a password cannot be used as a key.
 */
export function secretKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      : Buffer.alloc(0);
  if (bytes.length !== 32) throw new SealedSecretError('must be 32 random bytes, as 64 hexadecimal characters (openssl rand -hex 32) or base64');
  return createSecretKey(bytes);
}

export function sealSecret(key: KeyObject, purpose: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Opens a sealed secret, or throws SealedSecretError (another key, another purpose, or changed). */
export function openSecret(key: KeyObject, purpose: string, sealed: string): string {
  const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw new SealedSecretError('The sealed secret is not in a form this version understands');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedSecretError('The sealed secret could not be opened with this key: was OIDC_SECRET_KEY changed, or the row copied from elsewhere?');
  }
}
