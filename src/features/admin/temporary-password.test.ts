import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../platform/auth/passwords.js';
import { temporaryPassword } from './service.js';

describe('temporaryPassword', () => {
  const many = Array.from({ length: 5000 }, () => temporaryPassword());

  it('is four groups of five letters and digits, joined by hyphens', () => {
    for (const password of many) expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
  });

  it('passes the password rules, for any email', () => {
    for (const password of many.slice(0, 200)) {
      expect(passwordProblem(password)).toBeNull();
      expect(passwordProblem(password, 'sam.jones@council.gov.uk')).toBeNull();
    }
  });

  it('does not repeat', () => {
    expect(new Set(many).size).toBe(many.length);
  });

  it('uses upper case, lower case and digits', () => {
    const characters = many.join('');
    expect(characters).toMatch(/[A-Z]/);
    expect(characters).toMatch(/[a-z]/);
    expect(characters).toMatch(/[0-9]/);
  });
});
