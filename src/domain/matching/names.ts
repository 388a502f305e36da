/** Name comparison that can explain itself: trigram similarity (as pg_trgm computes it), Soundex, nicknames. */

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** pg_trgm's trigrams: each word padded with two spaces before and one after. */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of words(text)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set;
}

/** Shared trigrams over all trigrams, from 0 (nothing shared) to 1 (the same). */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 && y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

/** American Soundex (as fuzzystrmatch's soundex): a letter and three digits, '' for no letters. */
export function soundex(text: string): string {
  const letters = words(text).join('').replace(/[^a-z]/g, '');
  if (!letters) return '';
  let code = letters[0]!.toUpperCase();
  let previous = SOUNDEX_CODES[letters[0]!] ?? '';
  for (const ch of letters.slice(1)) {
    const digit = SOUNDEX_CODES[ch] ?? '';
    if (digit && digit !== previous) code += digit;
    if (ch !== 'h' && ch !== 'w') previous = digit;
    if (code.length === 4) break;
  }
  return code.padEnd(4, '0');
}

/** Common English short forms. Each group is one name; matching any two members counts as a nickname. */
export const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['robert', 'rob', 'bob', 'bobby', 'robbie'],
  ['william', 'will', 'bill', 'billy', 'liam'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'kath', 'cathy', 'kat'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['michael', 'mike', 'mick', 'mickey'],
  ['thomas', 'tom', 'tommy'],
  ['david', 'dave', 'davey'],
  ['susan', 'sue', 'susie', 'suzanne'],
  ['christopher', 'chris', 'kit'],
  ['christine', 'christina', 'chris', 'chrissie', 'tina'],
  ['alexander', 'alex', 'sandy', 'xander'],
  ['alexandra', 'alex', 'alexa', 'sasha', 'lexi'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammie'],
  ['jennifer', 'jen', 'jenny'],
  ['daniel', 'dan', 'danny'],
  ['stephen', 'steven', 'steve', 'stevie'],
  ['anthony', 'tony', 'ant'],
  ['nicholas', 'nick', 'nicky'],
  ['rebecca', 'becky', 'becca'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge'],
  ['natasha', 'tash', 'tasha'],
  ['joseph', 'joe', 'joey'],
  ['jonathan', 'jon', 'jonny'],
  ['matthew', 'matt', 'matty'],
  ['benjamin', 'ben', 'benny'],
  ['richard', 'rich', 'rick', 'dick'],
  ['victoria', 'vicky', 'tori'],
  ['charlotte', 'charlie', 'lottie'],
  ['abigail', 'abbie', 'abby'],
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'mo'],
  ['aleksandra', 'ola', 'oleńka'],
  ['aleksander', 'olek'],
];

export function areNicknames(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (!x || !y || x === y) return false;
  return NICKNAME_GROUPS.some((group) => group.includes(x) && group.includes(y));
}
