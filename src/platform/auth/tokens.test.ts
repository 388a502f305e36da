import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_TOKEN_PREFIX, newApiToken, randomToken, safeEqual, tokenHash } from './tokens.js';

describe('randomToken', () => {
  it('is 32 random bytes as base64url by default', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('takes the number of bytes', () => {
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(randomToken(48), 'base64url')).toHaveLength(48);
  });

  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => randomToken()));
    expect(tokens.size).toBe(2000);
  });
});

describe('tokenHash', () => {
  it('is the SHA-256 of the token in hex', () => {
    expect(tokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('property: is deterministic 64-character hex, and differs for different tokens', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(tokenHash(a)).toMatch(/^[0-9a-f]{64}$/);
        expect(tokenHash(a)).toBe(tokenHash(a));
        expect(tokenHash(a)).toBe(createHash('sha256').update(a).digest('hex'));
        if (a !== b) expect(tokenHash(a)).not.toBe(tokenHash(b));
      }),
    );
  });
});

describe('safeEqual', () => {
  it('is true only for the same string', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'ab')).toBe(false);
    expect(safeEqual('ab', 'abc')).toBe(false);
    expect(safeEqual('abc', 'ABC')).toBe(false);
  });

  it('compares bytes, so strings of equal length but different bytes differ', () => {
    expect(safeEqual('é', 'ee')).toBe(false);
    expect(safeEqual('é', 'é')).toBe(true);
  });

  it('property: agrees with ===', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(safeEqual(a, b)).toBe(a === b);
        expect(safeEqual(a, a)).toBe(true);
      }),
    );
  });
});

describe('newApiToken', () => {
  it('starts with wa_ followed by a 32-byte random token', () => {
    expect(API_TOKEN_PREFIX).toBe('wa_');
    const token = newApiToken();
    expect(token).toMatch(/^wa_[A-Za-z0-9_-]{43}$/);
  });

  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 500 }, () => newApiToken()));
    expect(tokens.size).toBe(500);
  });
});
