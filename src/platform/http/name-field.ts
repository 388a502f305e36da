import { z } from 'zod';
import { hasInvisibleCharacter, normaliseName } from '../../domain/people/names.js';

/**
 * The one schema for a person's or a user's name, on every form, the API and the CSV import: normalised
 * (NFC, single spaces, trimmed), at most `max` characters, and refused when it holds an invisible or
 * control character.
 */
export function nameField(max: number, label: string, required: string) {
  return z
    .string({ error: required })
    .transform(normaliseName)
    .pipe(
      z
        .string()
        .min(1, required)
        .max(max, `${label} must be ${max} characters or fewer`)
        .refine((name) => !hasInvisibleCharacter(name), `${label} must not contain invisible or control characters (such as zero-width spaces or direction marks)`),
    );
}
