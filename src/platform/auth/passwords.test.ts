import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('passwordProblem', () => {
  it('accepts a password of 12 to 200 characters', () => {
    expect(passwordProblem('tram lantern')).toBeNull();
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem('tram lantern '.repeat(16).slice(0, 200))).toBeNull();
  });

  it('counts characters, not bytes, and combines runs of spaces before counting', () => {
    expect(passwordProblem('émile gâteau')).toBeNull();
    expect(passwordProblem('tram    lant')).toBe('Enter a password that is at least 12 characters long');
    expect(passwordProblem(' '.repeat(13))).toBe('Enter a password that is at least 12 characters long');
  });

  it('refuses common passwords, repeats and keyboard patterns, whatever the case or look-alike digits', () => {
    const guessable = /harder to guess/;
    for (const weak of [
      'aaaaaaaaaaaa',
      'passwordpassword',
      'Password1234',
      'P@ssw0rd2026!',
      'qwertyuiop123',
      '123456789012',
      'abcabcabcabc',
      'abcdefghijkl',
      'iloveyou2026',
      'letmein!letmein!',
      'Wraparound2026',
      'Football1234!',
      'zxcvbnm12345',
      '1qaz2wsx3edc',
      'welcome12345',
      'changeme1234',
    ]) {
      expect(passwordProblem(weak), weak).toMatch(guessable);
    }
  });

  it('accepts unrelated words, any characters, with no composition rules', () => {
    for (const good of ['correct-horse-battery-staple', 'a brand new long passphrase', 'a-quite-different-passphrase', 'demo-password-not-for-real-use', 'another long passphrase', 'blue kettle orbit', 'Ŵyddfa mist 🌧 rain', 'mango tractor sixty']) {
      expect(passwordProblem(good), good).toBeNull();
    }
  });

  it('refuses fewer than 12 characters', () => {
    expect(passwordProblem('a'.repeat(11))).toBe('Enter a password that is at least 12 characters long');
    expect(passwordProblem('')).toBe('Enter a password that is at least 12 characters long');
  });

  it('refuses more than 200 characters', () => {
    expect(passwordProblem('b'.repeat(201))).toBe('Enter a password that is 200 characters or fewer');
  });

  it('refuses a password containing the local part of the email, in any case', () => {
    const message = 'Enter a password that does not contain your email address';
    expect(passwordProblem('sam.jones-2026!', 'sam.jones@council.gov.uk')).toBe(message);
    expect(passwordProblem('xxSAM.JONESxx', 'Sam.Jones@council.gov.uk')).toBe(message);
    expect(passwordProblem('sam.jones@council.gov.uk', 'sam.jones@council.gov.uk')).toBe(message);
  });

  it('accepts a password that does not contain the local part', () => {
    expect(passwordProblem('correct horse battery staple', 'sam.jones@council.gov.uk')).toBeNull();
    // The domain alone is not the person's identity.
    expect(passwordProblem('council.gov.uk rocks', 'sam.jones@council.gov.uk')).toBeNull();
  });

  it('does not refuse every password for a very short or empty local part', () => {
    expect(passwordProblem('a strong passphrase', 'a@council.gov.uk')).toBeNull();
    expect(passwordProblem('a strong passphrase', '@council.gov.uk')).toBeNull();
    expect(passwordProblem('a strong passphrase', '')).toBeNull();
  });

  it('checks length before the email', () => {
    expect(passwordProblem('sam', 'sam@council.gov.uk')).toBe('Enter a password that is at least 12 characters long');
  });
});

describe('hashPassword and verifyPassword', () => {
  it('hashes with argon2id and verifies the same password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(hash).toContain('m=19456,t=2,p=1');
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
  });

  it('refuses a wrong password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
  });

  it('refuses when there is no hash, or the hash is not one', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword('', 'anything at all')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
  });
});
