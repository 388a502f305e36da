import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number.js';

/** Builds a valid number from nine digits, or null when no check digit exists. */
function withCheckDigit(nine: number[]): string | null {
  const sum = nine.reduce((acc, digit, i) => acc + digit * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${nine.join('')}${check === 11 ? 0 : check}`;
}

describe('NHS number', () => {
  it('accepts the published test numbers and the spaced form', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(normaliseNhsNumber('943 476-5919')).toBe('9434765919');
  });

  it('refuses wrong check digits, wrong lengths and letters', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659A9')).toBe(false);
    expect(isValidNhsNumber('')).toBe(false);
  });

  it('refuses numbers whose check digit would be 10', () => {
    // 1,0,0,0,0,0,0,0,1 → sum 10 + 2 = 12, 12 % 11 = 1, 11 - 1 = 10: no valid number exists.
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`100000001${last}`)).toBe(false);
  });

  it('accepts every number built with the right check digit and refuses every other last digit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (nine) => {
        const valid = withCheckDigit(nine);
        for (let last = 0; last <= 9; last++) {
          const candidate = `${nine.join('')}${last}`;
          expect(isValidNhsNumber(candidate)).toBe(candidate === valid);
        }
      }),
      { numRuns: 300 },
    );
  });
});
