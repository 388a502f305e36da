import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasInvisibleCharacter, normaliseName } from './names.js';

describe('normaliseName', () => {
  it('composes accents, so the same name typed two ways is one name', () => {
    expect(normaliseName('Zoe\u0308')).toBe('Zoë');
    expect(normaliseName('Zoë')).toBe(normaliseName('Zoe\u0308'));
  });

  it('folds runs of spaces, tabs and no-break spaces into one space and trims', () => {
    expect(normaliseName('  Mary \t\u00a0 Ann  ')).toBe('Mary Ann');
  });

  it('keeps names in any script, apostrophes and hyphens', () => {
    for (const name of ["O'Brien", 'Smith-Jones', 'Nguyễn', 'محمد', 'Ŵyn', '李']) expect(hasInvisibleCharacter(normaliseName(name))).toBe(false);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => normaliseName(normaliseName(s)) === normaliseName(s)));
  });
});

describe('hasInvisibleCharacter', () => {
  it('finds control, zero-width, bidirectional and separator characters', () => {
    for (const c of ['\u0000', '\u0007', '\u200b', '\u200d', '\u200e', '\u202e', '\u2066', '\u2069', '\u00ad', '\ufeff', '\u2028', '\u2029']) {
      expect(hasInvisibleCharacter(`Ann${c}a`), JSON.stringify(c)).toBe(true);
    }
  });
});
