/**
 * Withheld whereabouts, by construction. An address or contact detail that may be withheld is held
 * as a Confidential: it cannot be printed, concatenated, serialised or logged as its text. The one
 * way to get text out is `present()`, which takes who is looking and where the text is going.
 */

/** Where text is going. Only `screen` is ever inside the professional network's own view. */
export type Audience = 'screen' | 'document' | 'export' | 'external';

export const AUDIENCES: readonly Audience[] = ['screen', 'document', 'export', 'external'];

export interface Withholding {
  reason: string;
  by: string;
  at: Date;
}

/** Who is looking: the access policy decides `mayViewWithheld` (the explicit permission). */
export interface Viewer {
  id: string;
  mayViewWithheld: boolean;
}

export const WITHHELD_TEXT = 'Withheld';
const PLACEHOLDER = '[confidential]';

const values = new WeakMap<Confidential, string>();

export class Confidential {
  readonly withholding: Withholding | null;

  private constructor(value: string, withholding: Withholding | null) {
    values.set(this, value);
    this.withholding = withholding;
    Object.freeze(this);
  }

  static of(value: string, withholding: Withholding | null = null): Confidential {
    return new Confidential(value, withholding);
  }

  get withheld(): boolean {
    return this.withholding !== null;
  }

  /** Marks the same value withheld (a new value; the old one is unchanged). */
  withhold(withholding: Withholding): Confidential {
    return new Confidential(values.get(this) ?? '', withholding);
  }

  release(): Confidential {
    return new Confidential(values.get(this) ?? '', null);
  }

  toString(): string {
    return PLACEHOLDER;
  }

  toJSON(): string {
    return PLACEHOLDER;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return PLACEHOLDER;
  }
}

/** What a presenter decided: the text to show, or that it is withheld from this viewer here. */
export type Presented = { shown: true; text: string } | { shown: false; text: typeof WITHHELD_TEXT | '' };

/**
 * The only way a Confidential becomes text. A value that is not withheld is shown. A withheld value
 * is shown only on `screen` and only to a viewer with the explicit permission; on screen everyone
 * else sees "Withheld"; in documents, exports and anything external it never appears, for anyone
 * (the text is empty, so nothing hints at it either).
 */
export function present(value: Confidential, viewer: Viewer, audience: Audience): Presented {
  const text = values.get(value) ?? '';
  if (!value.withheld) return { shown: true, text };
  if (audience === 'screen') return viewer.mayViewWithheld ? { shown: true, text } : { shown: false, text: WITHHELD_TEXT };
  return { shown: false, text: '' };
}

/** Compares a stored value with a candidate without revealing it (for matching and de-duplication). */
export function sameValue(a: Confidential, b: Confidential): boolean {
  return values.get(a) === values.get(b);
}

/**
 * For the data layer only: the text to store. Writing to the database is not output; every other
 * caller must use present(). The lint rule in eslint.config.js confines its import to queries files.
 */
export function storedText(value: Confidential): string {
  return values.get(value) ?? '';
}

function words(text: string): string {
  return ` ${text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/**
 * Whether free text someone wrote holds this value (in any case, spacing or punctuation; a phone number
 * by its digits), without revealing it: so a letter for the person causing harm that quotes the
 * victim's withheld address or number can be refused before it is made. Values too short to be told
 * from ordinary words (under 4 letters or digits) are not looked for.
 */
export function appearsIn(value: Confidential, text: string): boolean {
  const secret = values.get(value) ?? '';
  const digits = secret.replace(/\D/g, '');
  if (digits.length >= 6 && digits.length >= secret.replace(/\s/g, '').length - 2) return text.replace(/\D/g, '').includes(digits);
  const needle = words(secret);
  if (needle.replace(/\s/g, '').length < 4) return false;
  return words(text).includes(needle) || words(text).replace(/\s/g, '').includes(needle.replace(/\s/g, ''));
}
