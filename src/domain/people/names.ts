/**
 * A name as typed, made safe to store and to match: Unicode NFC (so "é" typed two ways is one name),
 * runs of white space as one space, and no invisible characters. Control characters, format
 * characters (zero-width spaces and joiners, the bidirectional overrides and isolates, soft hyphens)
 * and line or paragraph separators can make two names look the same on screen while they differ, so
 * a look-alike duplicate is offered as a match, or hide where a name really begins and ends.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function normaliseName(value: string): string {
  return value.normalize('NFC').replace(/[\t\n\r \u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim();
}

/** Whether the name holds a character that does not show (checked after normalising). */
export function hasInvisibleCharacter(value: string): boolean {
  return INVISIBLE.test(value);
}
