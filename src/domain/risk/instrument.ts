/**
 * A risk instrument is data, not code: a versioned list of questions with their answer options, which
 * answers count towards the score, how scores fall into bands, and which follow-up instrument a question
 * offers (Dash question 8 offers the stalking screen). New tools (DARA, the Scottish Dash) and
 * translations (Gaelic, Welsh) are new files; nothing here names a particular instrument.
 */

/** Answer codes are the same for every instrument; the words shown for them come from the instrument. */
export const ANSWERS = ['yes', 'no', 'dont-know'] as const;
export type Answer = (typeof ANSWERS)[number];

export function isAnswer(value: unknown): value is Answer {
  return typeof value === 'string' && (ANSWERS as readonly string[]).includes(value);
}

export interface InstrumentQuestion {
  /** Numbered from 1 in the order asked; answers are keyed by this number. */
  number: number;
  /** The section (page) it is asked on: a key of `sections`. */
  section: string;
  /** The question as the practitioner asks it. */
  text: string;
  /** Guidance for the practitioner: what to ask about, what to record. */
  hint?: string;
  /** Which answers the question may take, from ANSWERS. */
  options: Answer[];
  /** Which answers add one to the score (for the Dash, yes). */
  counts: Answer[];
  /** An instrument offered when the question gets one of these answers (Dash 8 yes: the stalking screen). */
  offers?: { instrument: string; when: Answer[] };
}

export interface InstrumentSection {
  id: string;
  title: string;
}

/** The band a score falls into; the tenant may set its own lowest scores for high and medium. */
export interface InstrumentBands {
  high: number;
  medium: number;
}

export interface Instrument {
  /** Stable across versions, like dash-ric. */
  id: string;
  /** A whole number from 1; a completed checklist keeps the version it was completed on. */
  version: number;
  /** The language of the text, as a BCP 47 tag (en, cy, gd). */
  language: string;
  title: string;
  /** Who the instrument is for and when to use it. */
  description: string;
  /** Ages the instrument is meant for, when it is for a particular age group (the young people's checklist: 13 to 17). */
  ages?: { from: number; to: number };
  /** Scores into bands; absent when the instrument is not banded (the stalking screen adds evidence only). */
  bands?: InstrumentBands;
  /** The words shown for each answer code. */
  answerLabels: Record<Answer, string>;
  sections: InstrumentSection[];
  questions: InstrumentQuestion[];
  /** Where the wording comes from, for instruments loaded under licence. */
  source?: string;
}

/**
 * A translation replaces the words of one instrument version and leaves its structure alone:
 * the numbers, options, what counts and the bands are the original's.
 */
export interface InstrumentTranslation {
  instrument: string;
  version: number;
  language: string;
  title: string;
  description: string;
  answerLabels: Record<Answer, string>;
  sections: Record<string, string>;
  questions: Record<string, { text: string; hint?: string }>;
}

/** A reference to one version of one instrument in one language. */
export interface InstrumentKey {
  id: string;
  version: number;
  language: string;
}

export const instrumentKey = (i: Instrument): InstrumentKey => ({ id: i.id, version: i.version, language: i.language });
