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

/** Returns the problem with a proposed password, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < 12) return 'Enter a password that is at least 12 characters long';
  if (password.length > 200) return 'Enter a password that is 200 characters or fewer';
  // A local part of one or two characters would refuse most passwords for no gain (and an empty one, all of them).
  const localPart = email?.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) {
    return 'Enter a password that does not contain your email address';
  }
  return null;
}
