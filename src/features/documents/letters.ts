import type { CaseRole } from './service.js';

/** What the worker writes in a letter: each field of the template that is not filled in for them. */
export interface LetterField {
  name: string;
  label: string;
  hint: string;
  /** One item per line (a list in the letter). */
  lines?: boolean;
  required: boolean;
  /** A date input (the conference's date). */
  date?: boolean;
}

export interface LetterKind {
  template: string;
  label: string;
  hint: string;
  /** Who on the case it may be written to. */
  roles: readonly CaseRole[];
  fields: readonly LetterField[];
}

const DECISION_FIELDS: readonly LetterField[] = [
  { name: 'worries', label: 'What we are worried about', hint: 'In plain words, about what has happened and how it affects the children. Write in the language of the letter.', required: true },
  { name: 'decision', label: 'What we decided, and why', hint: 'Say what the decision means for the family.', required: true },
  { name: 'nextSteps', label: 'What happens next', hint: 'Who will do what, and when. Include any meeting or visit and its date.', required: true },
];

/** The letters about decisions (to parents and the victim) and the letter to the person causing harm. */
export const LETTER_KINDS: readonly LetterKind[] = [
  { template: 'threshold-decision-letter', label: 'The threshold decision', hint: 'After a contact or referral: what we decided to do.', roles: ['adult-victim', 'other-adult'], fields: DECISION_FIELDS },
  { template: 'assessment-outcome-letter', label: 'The outcome of the assessment', hint: 'What the child and family assessment found and what happens now.', roles: ['adult-victim', 'other-adult'], fields: DECISION_FIELDS },
  {
    template: 'conference-decision-letter',
    label: 'A child protection conference’s decision',
    hint: 'What the conference decided.',
    roles: ['adult-victim', 'other-adult'],
    fields: [{ name: 'meetingDate', label: 'Date of the conference', hint: 'For example, 27 3 2026', date: true, required: true }, ...DECISION_FIELDS],
  },
  { template: 'plan-letter', label: 'The child’s plan', hint: 'What is in the plan, and who does what.', roles: ['adult-victim', 'other-adult'], fields: DECISION_FIELDS },
  {
    template: 'letter-to-person-causing-harm',
    label: 'A letter to the person causing harm',
    hint: 'Sent to him directly, never through the victim: what his behaviour is doing to the children and what we expect of him.',
    roles: ['person-causing-harm'],
    fields: [
      { name: 'concerns', label: 'What his behaviour is doing to the children', hint: 'Only what he may know. Never where the family is, or what anyone told us in confidence.', required: true },
      { name: 'expectations', label: 'What we expect him to do', hint: 'One on each line. For example: go to the perpetrator programme; keep to the contact arrangements.', lines: true, required: true },
      { name: 'services', label: 'Services that can help him', hint: 'One on each line, with how to contact them. Optional.', lines: true, required: false },
    ],
  },
];

export function letterKind(template: string): LetterKind | null {
  return LETTER_KINDS.find((k) => k.template === template) ?? null;
}

/** The words that join the last two names in a list, by language. */
const AND: Record<string, string> = { en: 'and', cy: 'a', pl: 'i' };
const LOCALE: Record<string, string> = { en: 'en-GB', cy: 'cy', pl: 'pl' };

export function namesInSentence(names: readonly string[], language: string): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${AND[language] ?? 'and'} ${names.at(-1)}`;
}

/** A date as a letter in that language writes it: 6 December 2026, 6 Rhagfyr 2026, 6 grudnia 2026. */
export function dateInLanguage(isoDate: string, language: string): string {
  return new Intl.DateTimeFormat(LOCALE[language] ?? 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** The language a letter to this person starts in, from their first language as recorded. */
export function languageFor(firstLanguage: string | null, offered: readonly string[]): string {
  const said = (firstLanguage ?? '').toLowerCase();
  const guess = /welsh|cymraeg/.test(said) ? 'cy' : /polish|polski/.test(said) ? 'pl' : 'en';
  return offered.includes(guess) ? guess : 'en';
}

