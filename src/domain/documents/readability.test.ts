import { describe, expect, it } from 'vitest';
import { countsOf, fleschKincaidGrade, fleschReadingEase, syllablesIn } from './readability.js';

describe('readability', () => {
  it('counts syllables by vowel groups', () => {
    expect(['cat', 'table', 'children', 'social', 'protection', 'the', 'make', 'family'].map(syllablesIn)).toEqual([1, 2, 2, 2, 3, 1, 1, 3]);
  });

  it('counts sentences at full stops and line breaks', () => {
    expect(countsOf('The cat sat on the mat. The dog ran.\nA list item')).toEqual({ sentences: 3, words: 12, syllables: 13 });
  });

  it('scores short plain sentences as easy, and long ones of long words as hard', () => {
    const plain = 'The cat sat on the mat.';
    expect(fleschReadingEase(plain)).toBeCloseTo(206.835 - 1.015 * 6 - 84.6 * 1, 5);
    expect(fleschKincaidGrade(plain)).toBeCloseTo(0.39 * 6 + 11.8 - 15.59, 5);
    const hard = 'Notwithstanding considerable organisational difficulties, the multidisciplinary safeguarding partnership subsequently determined that comprehensive investigation was unavoidable.';
    expect(fleschReadingEase(hard)).toBeLessThan(0);
    expect(fleschKincaidGrade(hard)).toBeGreaterThan(20);
  });
});
