/**
 * Readability of English text, by Flesch's formulas: reading ease (higher is easier; 80 and over is
 * easy) and the Flesch–Kincaid grade (the US school grade; 8 is about age 13 to 14). Syllables are
 * counted by the usual vowel-group rule, which is close enough to judge a template's wording.
 */

export interface TextCounts {
  sentences: number;
  words: number;
  syllables: number;
}

/** Syllables in one English word: groups of vowels, less a silent final e, at least one. */
export function syllablesIn(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups ? groups.length : 0);
}

export function countsOf(text: string): TextCounts {
  const words = text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
  // A sentence ends at . ! ? or a line break (a heading or list item is a sentence of its own).
  const sentences = text.split(/[.!?]+|\n+/).filter((s) => /[A-Za-z]/.test(s)).length;
  return { sentences: Math.max(1, sentences), words: words.length, syllables: words.reduce((n, w) => n + syllablesIn(w), 0) };
}

export function fleschReadingEase(text: string): number {
  const c = countsOf(text);
  if (c.words === 0) return 100;
  return 206.835 - 1.015 * (c.words / c.sentences) - 84.6 * (c.syllables / c.words);
}

export function fleschKincaidGrade(text: string): number {
  const c = countsOf(text);
  if (c.words === 0) return 0;
  return 0.39 * (c.words / c.sentences) + 11.8 * (c.syllables / c.words) - 15.59;
}
