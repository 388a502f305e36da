import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areNicknames, soundex, trigramSimilarity, trigrams } from './names.js';
import { matchScore, type Identity } from './score.js';

describe('name comparison', () => {
  it('makes the trigrams pg_trgm makes', () => {
    expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
    expect(trigramSimilarity('Smith', 'smith')).toBe(1);
    expect(trigramSimilarity('abc', 'xyz')).toBe(0);
    expect(trigramSimilarity('', '')).toBe(0);
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = trigramSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s).toBeCloseTo(trigramSimilarity(b, a), 10);
      }),
    );
  });

  it('gives Soundex codes as fuzzystrmatch does', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('Pfister')).toBe('P236');
    expect(soundex('Lee')).toBe('L000');
    expect(soundex('')).toBe('');
  });

  it('knows common nicknames both ways, and a name is not its own nickname', () => {
    expect(areNicknames('Bob', 'Robert')).toBe(true);
    expect(areNicknames('robert', 'BOBBY')).toBe(true);
    expect(areNicknames('Liz', 'Elizabeth')).toBe(true);
    expect(areNicknames('Mo', 'Mohammed')).toBe(true);
    expect(areNicknames('Robert', 'Robert')).toBe(false);
    expect(areNicknames('Bob', 'William')).toBe(false);
  });
});

describe('match score', () => {
  const held: Identity = { givenName: 'Katarzyna', familyName: 'Wisniewska', otherNames: ['Kasia Nowak'], dateOfBirth: '1990-04-12', nhsNumber: '9434765919', postcodes: ['ZZ1 1ZZ'] };

  it('ranks the same person first and explains why', () => {
    const same = matchScore({ givenName: 'Katarzyna', familyName: 'Wisniewska', dateOfBirth: '1990-04-12' }, held);
    expect(same.score).toBeCloseTo(0.7, 5);
    expect(same.reasons).toEqual(['Same name', 'Same date of birth']);
  });

  it('counts an NHS number above all and caps the score at 1', () => {
    const result = matchScore({ givenName: 'K', familyName: 'W', nhsNumber: '9434765919', dateOfBirth: '1990-04-12', postcodes: ['zz11zz'] }, held);
    expect(result.reasons[0]).toBe('Same NHS number');
    expect(result.reasons).toContain('Has lived at the same postcode');
    expect(matchScore({ ...held, postcodes: ['ZZ1 1ZZ'] }, held).score).toBe(1);
  });

  it('recognises a typo, swapped names, an alias, a nickname and a changed surname', () => {
    expect(matchScore({ givenName: 'Katarzina', familyName: 'Wisniewska', dateOfBirth: '1990-04-12' }, held).reasons[0]).toMatch(/Similar name|Same date/);
    expect(matchScore({ givenName: 'Wisniewska', familyName: 'Katarzyna' }, held).reasons).toContain('Given and family names swapped');
    expect(matchScore({ givenName: 'Kasia', familyName: 'Nowak' }, held).reasons[0]).toBe('Matches another name they are known by (Kasia Nowak)');
    const bob = matchScore({ givenName: 'Bob', familyName: 'Marley-Test' }, { givenName: 'Robert', familyName: 'Marley-Test' });
    expect(bob.reasons).toContain('Bob is a short form of Robert');
    const married = matchScore({ givenName: 'Li', familyName: 'Okonkwo', dateOfBirth: '1990-04-12' }, { givenName: 'Li', familyName: 'Brackley', dateOfBirth: '1990-04-12' });
    const stranger = matchScore({ givenName: 'Li', familyName: 'Okonkwo', dateOfBirth: '1990-04-12' }, { givenName: 'Amara', familyName: 'Brackley', dateOfBirth: '1990-04-12' });
    expect(married.reasons).toContain('Same given name');
    expect(married.score).toBeGreaterThan(stranger.score);
  });

  it('credits transposed day and month and a year out, and penalises a different date', () => {
    expect(matchScore({ givenName: 'Katarzyna', familyName: 'Wisniewska', dateOfBirth: '1990-12-04' }, held).reasons).toContain('Date of birth with day and month swapped');
    expect(matchScore({ givenName: 'Katarzyna', familyName: 'Wisniewska', dateOfBirth: '1991-04-12' }, held).reasons).toContain('Date of birth a year out');
    const different = matchScore({ givenName: 'Katarzyna', familyName: 'Wisniewska', dateOfBirth: '1975-01-30' }, held);
    expect(different.reasons).toContain('Different date of birth');
    expect(different.score).toBeLessThan(matchScore({ givenName: 'Katarzyna', familyName: 'Wisniewska' }, held).score);
  });

  it('scores a stranger near zero, and always between 0 and 1', () => {
    expect(matchScore({ givenName: 'Oluwaseun', familyName: 'Adebayo', dateOfBirth: '2001-01-01' }, held).score).toBe(0);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.option(fc.constantFrom('1990-04-12', '1990-12-04', '2000-01-01')), (g, f, dob) => {
        const s = matchScore({ givenName: g, familyName: f, dateOfBirth: dob }, held).score;
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });
});
