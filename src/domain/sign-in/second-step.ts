/**
 * The second step at sign-in for local accounts (issue 11, build 2): after the password, a code from an
 * authenticator app (or one of the user's recovery codes). Whoever signs in through their council's own
 * provider is not asked: the council's provider decides how they prove who they are.
 */

/** What a session must do before it can open any page: nothing, enter a code, or set up an app first. */
export type SecondStepDue = 'none' | 'enter-code' | 'set-up';

export interface SecondStepFacts {
  signedInWith: 'password' | 'single-sign-on';
  /** The user has an authenticator app set up (they entered a code from it once). */
  enrolled: boolean;
  /** This session has done its second step (entered a code, or set up the app in it). */
  doneInSession: boolean;
  /** The council requires the second step of this user (the tenant setting, and a role that needs it). */
  required: boolean;
}

/**
 * Whoever has set up an app enters a code from it at every sign-in with a password, required or not;
 * whoever is required to and has not set one up must before anything else.
 */
export function secondStepDue(facts: SecondStepFacts): SecondStepDue {
  if (facts.signedInWith === 'single-sign-on' || facts.doneInSession) return 'none';
  if (facts.enrolled) return 'enter-code';
  return facts.required ? 'set-up' : 'none';
}

/** A code from an authenticator app: six digits. Spaces people type between groups are ignored. */
export function appCodeFrom(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * Recovery codes: 12 characters from an alphabet of 31 without look-alikes (no 0/o, 1/i/l), so over 59
 * bits each, shown as three groups of four. Typed in any case, with or without the hyphens or spaces.
 */
export const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_LENGTH = 12;
export const RECOVERY_CODES_GIVEN = 10;

/** The code as stored and compared (lower case, no separators), or null when it cannot be one. */
export function recoveryCodeFrom(typed: string): string | null {
  const plain = typed.replace(/[\s-]/g, '').toLowerCase();
  if (plain.length !== RECOVERY_CODE_LENGTH) return null;
  return [...plain].every((c) => RECOVERY_CODE_ALPHABET.includes(c)) ? plain : null;
}

/** How a recovery code is shown: `abcd-efgh-jkmn`. */
export function shownRecoveryCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
