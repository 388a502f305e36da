import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, SealedSecretError, secretKeyFrom } from './sealed-secret.js';

const KEY = secretKeyFrom('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');

describe('secretKeyFrom', () => {
  it('takes 32 bytes as 64 hexadecimal characters or as base64 (with or without padding, or base64url)', () => {
    const bytes = randomBytes(32);
    for (const text of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), ` ${bytes.toString('hex')}\n`]) {
      expect(secretKeyFrom(text).export().equals(bytes), text).toBe(true);
    }
  });

  it('refuses a password, a short key or a long one', () => {
    for (const text of ['', 'correct horse battery staple', 'ab'.repeat(31), 'ab'.repeat(33), randomBytes(16).toString('base64'), randomBytes(48).toString('base64')]) {
      expect(() => secretKeyFrom(text), text).toThrow(SealedSecretError);
    }
  });
});

describe('sealSecret and openSecret', () => {
  it('seal as v1 ciphertext that does not hold the secret, differently every time, and open again', () => {
    const a = sealSecret(KEY, 'sso-client-secret:tenant-a', 'the client secret');
    const b = sealSecret(KEY, 'sso-client-secret:tenant-a', 'the client secret');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('client');
    expect(openSecret(KEY, 'sso-client-secret:tenant-a', a)).toBe('the client secret');
    expect(openSecret(KEY, 'sso-client-secret:tenant-a', b)).toBe('the client secret');
  });

  it('do not open with another key, for another purpose (another tenant), or once changed', () => {
    const sealed = sealSecret(KEY, 'sso-client-secret:tenant-a', 'the client secret');
    const otherKey = secretKeyFrom(randomBytes(32).toString('hex'));
    expect(() => openSecret(otherKey, 'sso-client-secret:tenant-a', sealed)).toThrow(/OIDC_SECRET_KEY/);
    expect(() => openSecret(KEY, 'sso-client-secret:tenant-b', sealed)).toThrow(SealedSecretError);
    const [v, iv, tag, text] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(text, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret(KEY, 'sso-client-secret:tenant-a', [v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow(SealedSecretError);
    expect(() => openSecret(KEY, 'sso-client-secret:tenant-a', `v2.${iv}.${tag}.${text}`)).toThrow(/not in a form/);
    expect(() => openSecret(KEY, 'sso-client-secret:tenant-a', 'the client secret')).toThrow(SealedSecretError);
  });

  it('property: any text round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ minLength: 1, maxLength: 40 }), (secret, purpose) => {
        expect(openSecret(KEY, purpose, sealSecret(KEY, purpose, secret))).toBe(secret);
      }),
      { numRuns: 200 },
    );
  });
});
