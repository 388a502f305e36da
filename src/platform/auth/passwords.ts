import { COMMON_PASSWORD_WORDS } from './common-passwords.js';
import { hash, verify } from '@node-rs/argon2';
import { passwordHashCostFrom } from '../config.js';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/** argon2id with OWASP's recommended minimums (19 MiB, 2 passes). */
const STANDARD_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * For the test suite only (PASSWORD_HASH_COST=test, refused unless NODE_ENV=test): argon2id at its
 * smallest, so the many test users do not make the run slow. Never used otherwise.
 */
const TEST_OPTIONS = { algorithm: ARGON2ID, memoryCost: 64, timeCost: 1, parallelism: 1 } as const;

/** Read on every hash, so the setting cannot be left over from an earlier environment. */
function options() {
  return passwordHashCostFrom(process.env) === 'test' ? TEST_OPTIONS : STANDARD_OPTIONS;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, options());
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // Spend the same time as a real check so that a missing account cannot be told apart.
    await hash(password, options());
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const PASSWORD_RULES = 'Your password must be at least 12 characters long';

const TOO_GUESSABLE =
  'Enter a password that is harder to guess: this one is a common password or a pattern, such as repeated characters or a row of the keyboard. A few unrelated words together make a strong password.';

const COMMON = new Set(COMMON_PASSWORD_WORDS);
/** Digits and symbols read as the letters they stand for ("p4ssw0rd" is "password"). */
const LOOK_ALIKES: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't' };
/** Runs a guesser tries first: the alphabet, the digits and the keyboard's rows, either way round. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p', '!@#$%^&*()_+'];

/**
 * Returns the problem with a proposed password, or null when it is acceptable. NCSC and OWASP ASVS
 * 2.1: length counted in characters after runs of spaces are combined (12 to 200), any characters,
 * no composition rules; refused when it is built on a common password, a repeated or keyboard
 * pattern, or the user's own email address.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const combined = password.normalize('NFC').replace(/\s+/g, ' ');
  const length = [...combined].length;
  if (length < 12) return 'Enter a password that is at least 12 characters long';
  if (length > 200) return 'Enter a password that is 200 characters or fewer';
  // A local part of one or two characters would refuse most passwords for no gain (and an empty one, all of them).
  const localPart = email?.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) {
    return 'Enter a password that does not contain your email address';
  }
  return isGuessable(combined.toLowerCase()) ? TOO_GUESSABLE : null;
}

function isGuessable(password: string): boolean {
  const chars = [...password.replace(/ /g, '')];
  if (new Set(chars).size < 4) return true;
  if (isRepeatedUnit(chars.join(''))) return true;
  if (isMostlyRuns(chars)) return true;
  // Digits and symbols before and after the letters are the usual padding ("Password2026!"); inside them, look-alikes.
  const core = [...chars.join('').replace(/^[^a-z]+|[^a-z]+$/g, '')];
  const letters = core.map((c) => LOOK_ALIKES[c] ?? c).join('').replace(/[^a-z]/g, '');
  return isCommonWords(letters) || isCommonWords(chars.join('').replace(/[^a-z]/g, ''));
}

/** "abcabcabcabc", "passwordpassword": the same short piece again and again. */
function isRepeatedUnit(text: string): boolean {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text && (size <= 4 || COMMON.has(text.slice(0, size)))) return true;
  }
  return false;
}

/** At least four in five neighbouring pairs step along a run (or repeat a character). */
function isMostlyRuns(chars: string[]): boolean {
  let steps = 0;
  for (let i = 1; i < chars.length; i++) {
    const pair = `${chars[i - 1]}${chars[i]}`;
    const reversed = `${chars[i]}${chars[i - 1]}`;
    if (chars[i] === chars[i - 1] || RUNS.some((run) => run.includes(pair) || run.includes(reversed))) steps++;
  }
  return steps >= 0.8 * (chars.length - 1);
}

/** The letters are one or two common words (or nothing: all digits and symbols, caught as runs or not). */
function isCommonWords(letters: string): boolean {
  if (letters.length === 0) return false;
  if (COMMON.has(letters)) return true;
  for (let cut = 1; cut < letters.length; cut++) {
    if (COMMON.has(letters.slice(0, cut)) && COMMON.has(letters.slice(cut))) return true;
  }
  return false;
}
