import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { recoveryCodeFrom } from '../../domain/sign-in/second-step.js';
import { secretKeyFrom } from '../crypto/sealed-secret.js';
import { appSetUpAddress, checkAppCode, hashRecoveryCode, newAppSecret, newRecoveryCodes, openAppSecret, qrCodeSvg, recoveryCodeMatches, sealAppSecret } from './second-step.js';

describe('authenticator app codes', () => {
  const secret = newAppSecret();
  const now = new Date('2026-12-05T10:00:10Z');
  const codeAt = (date: Date) => generateSync({ secret, epoch: Math.floor(date.getTime() / 1000) });

  it('accepts the current code, and one from a step either side', () => {
    expect(checkAppCode(secret, codeAt(now), null, now).ok).toBe(true);
    expect(checkAppCode(secret, codeAt(new Date(now.getTime() - 30_000)), null, now).ok).toBe(true);
    expect(checkAppCode(secret, codeAt(new Date(now.getTime() + 30_000)), null, now).ok).toBe(true);
  });

  it('refuses a code two steps away, and a wrong one', () => {
    expect(checkAppCode(secret, codeAt(new Date(now.getTime() - 90_000)), null, now).ok).toBe(false);
    const wrong = String((Number(codeAt(now)) + 1) % 1_000_000).padStart(6, '0');
    expect(checkAppCode(secret, wrong, null, now).ok).toBe(false);
  });

  it('never accepts the same step twice', () => {
    const first = checkAppCode(secret, codeAt(now), null, now);
    if (!first.ok) throw new Error('the first code should be accepted');
    expect(checkAppCode(secret, codeAt(now), first.timeStep, now).ok).toBe(false);
    const later = new Date(now.getTime() + 30_000);
    expect(checkAppCode(secret, codeAt(later), first.timeStep, later).ok).toBe(true);
  });

  it('seals the secret for one user: it does not open for another', () => {
    const key = secretKeyFrom(randomBytes(32).toString('hex'));
    const sealed = sealAppSecret(key, 't1', 'u1', secret);
    expect(sealed).not.toContain(secret);
    expect(openAppSecret(key, 't1', 'u1', sealed)).toBe(secret);
    expect(() => openAppSecret(key, 't1', 'u2', sealed)).toThrow();
  });

  it('makes an otpauth address and its QR code', async () => {
    const address = appSetUpAddress('Wraparound', 'worker@example.test', secret);
    expect(address).toMatch(/^otpauth:\/\/totp\//);
    expect(address).toContain(`secret=${secret}`);
    expect(await qrCodeSvg(address)).toMatch(/^<svg[^>]*>/);
  });
});

describe('recovery codes', () => {
  it('gives ten different codes that the domain reads back', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(recoveryCodeFrom(code)).toBe(code);
  });

  it('keeps a salted hash that matches only its own code', () => {
    const [a, b] = newRecoveryCodes() as [string, string];
    const stored = hashRecoveryCode(a);
    expect(stored).not.toContain(a);
    expect(hashRecoveryCode(a)).not.toBe(stored);
    expect(recoveryCodeMatches(stored, a)).toBe(true);
    expect(recoveryCodeMatches(stored, b)).toBe(false);
    expect(recoveryCodeMatches('nonsense', a)).toBe(false);
  });
});
