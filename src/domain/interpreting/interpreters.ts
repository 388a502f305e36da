import { compareDates, addDays, type PlainDate } from '../calendar/plain-date.js';

/**
 * Who interprets for a family. Only an independent, professional interpreter may (seed 001, seed 004
 * section 11): a family member, a friend of the family or a child is never used, because the family can
 * then be silenced or the abuse hidden, and a child must never carry what is said about their own parents.
 * One rule, used at a visit (domain/casework/visits.ts) and for an interpreter booked for a meeting.
 */
export const INTERPRETER_KINDS = ['none', 'professional', 'family-member', 'friend', 'child'] as const;
export type InterpreterKind = (typeof INTERPRETER_KINDS)[number];
export const INTERPRETER_KIND_LABELS: Record<InterpreterKind, string> = {
  none: 'No interpreter was needed',
  professional: 'A professional interpreter',
  'family-member': 'A family member',
  friend: 'A friend of the family',
  child: 'A child',
};

export interface InterpreterProblem {
  field: string;
  message: string;
}

/** Whether this kind of person is never allowed to interpret. */
export function isRefusedInterpreter(kind: InterpreterKind): boolean {
  return kind === 'family-member' || kind === 'friend' || kind === 'child';
}

/** Why a family member, a friend or a child is refused, in the words the form shows. */
export const REFUSED_INTERPRETER_MESSAGE =
  'A family member, a friend of the family or a child must never interpret: what is said could be kept from the worker or used against the victim, and a child must not carry it. Book an independent professional interpreter';

/** The interpreter is a professional, named; nobody connected to the family. */
export function checkInterpreter(kind: InterpreterKind, name: string, fields = { kind: 'interpreter', name: 'interpreterName' }, refusal = REFUSED_INTERPRETER_MESSAGE): InterpreterProblem | null {
  if (isRefusedInterpreter(kind)) return { field: fields.kind, message: refusal };
  if (kind === 'professional' && !name.trim()) return { field: fields.name, message: 'Give the interpreter’s name or booking reference' };
  if (name.length > 200) return { field: fields.name, message: 'Write 200 characters or fewer' };
  return null;
}

/** What an interpreter is booked for. */
export const BOOKING_PURPOSES = ['home-visit', 'office-meeting', 'conference', 'core-group', 'assessment', 'other'] as const;
export type BookingPurpose = (typeof BOOKING_PURPOSES)[number];
export const BOOKING_PURPOSE_LABELS: Record<BookingPurpose, string> = {
  'home-visit': 'A home visit',
  'office-meeting': 'A meeting at the office',
  conference: 'A child protection conference',
  'core-group': 'A core group or review meeting',
  assessment: 'An assessment session',
  other: 'Something else',
};

export const INTERPRETER_SEXES = ['female', 'male', 'no-preference'] as const;
export type InterpreterSex = (typeof INTERPRETER_SEXES)[number];

export interface BookingInput {
  personId: string;
  language: string;
  dialect: string;
  on: PlainDate;
  /** 24-hour HH:MM. */
  time: string;
  purpose: BookingPurpose;
  details: string;
  interpreterKind: InterpreterKind;
  interpreterName: string;
  agency: string;
  interpreterSex: InterpreterSex | null;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * An interpreter booking: for someone on the case, in a language, on a day not long past or more than a
 * year ahead, for a visit or meeting, with a professional interpreter named and their agency. Recording
 * a family member, a friend or a child is refused with why. When the person asked for an interpreter of
 * one sex, a booking of the other is refused: the victim's choice is what makes her able to speak.
 */
export function checkBooking(b: BookingInput, today: PlainDate, peopleOnCase: readonly string[], preferredSex: InterpreterSex | null): InterpreterProblem | null {
  if (!peopleOnCase.includes(b.personId)) return { field: 'personId', message: 'Choose the person on this case the interpreter is for' };
  if (!b.language.trim()) return { field: 'language', message: 'Enter the language' };
  if (b.language.length > 60) return { field: 'language', message: 'Write 60 characters or fewer' };
  if (b.dialect.length > 60) return { field: 'dialect', message: 'Write 60 characters or fewer' };
  if (compareDates(b.on, addDays(today, -90)) < 0) return { field: 'on', message: 'The date must be within the last 90 days or in the future' };
  if (compareDates(b.on, addDays(today, 366)) > 0) return { field: 'on', message: 'The date must be within the next year' };
  if (!TIME.test(b.time)) return { field: 'time', message: 'Enter the time as hours and minutes, for example 14:30' };
  if (b.purpose === 'other' && !b.details.trim()) return { field: 'details', message: 'Say what the interpreter is booked for' };
  if (b.details.length > 500) return { field: 'details', message: 'Write 500 characters or fewer' };
  if (b.interpreterKind === 'none') return { field: 'interpreterKind', message: 'Say who is interpreting' };
  const interpreter = checkInterpreter(b.interpreterKind, b.interpreterName, { kind: 'interpreterKind', name: 'interpreterName' });
  if (interpreter) return interpreter;
  if (!b.agency.trim()) return { field: 'agency', message: 'Enter the interpreting agency or service' };
  if (b.agency.length > 200) return { field: 'agency', message: 'Write 200 characters or fewer' };
  if ((preferredSex === 'female' || preferredSex === 'male') && b.interpreterSex !== null && b.interpreterSex !== 'no-preference' && b.interpreterSex !== preferredSex) {
    return { field: 'interpreterSex', message: `They asked for a ${preferredSex} interpreter: book one` };
  }
  return null;
}
