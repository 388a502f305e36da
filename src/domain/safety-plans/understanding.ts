import { ageOn } from '../people/age.js';
import type { PlainDate } from '../calendar/plain-date.js';

/**
 * Whether a child has enough understanding for a plan of their own. The worker decides; the age only
 * suggests. From 5 a child can usually learn a safe place, a safe adult and how to call 999, so the
 * worker confirms and goes on. Younger, the plan for them is made with the victim (seed 004 section 10),
 * and a worker who still judges the child ready says why.
 */
export const SUGGESTED_AGE = 5;
export const REASON_MAX = 1000;

export type UnderstandingSuggestion = 'likely' | 'unlikely' | 'unknown';

export function suggestUnderstanding(dateOfBirth: PlainDate | null, today: PlainDate): { suggestion: UnderstandingSuggestion; age: number | null } {
  if (!dateOfBirth) return { suggestion: 'unknown', age: null };
  const age = ageOn(dateOfBirth, today);
  return { suggestion: age >= SUGGESTED_AGE ? 'likely' : 'unlikely', age };
}

export interface UnderstandingAnswer {
  confirmed: boolean;
  reason: string;
}

/**
 * Checks the worker's confirmation: always needed; a reason is needed too when the age does not suggest
 * it (under 5, or the date of birth unknown). Answers the reason to keep (null when none is needed and
 * none given) or the problem.
 */
export function checkUnderstanding(answer: UnderstandingAnswer, dateOfBirth: PlainDate | null, today: PlainDate): { reason: string | null } | { field: string; message: string } {
  if (!answer.confirmed) return { field: 'understanding', message: 'Confirm that the child understands enough to have a plan of their own' };
  const reason = answer.reason.trim();
  if (reason.length > REASON_MAX) return { field: 'understandingReason', message: `Write ${REASON_MAX.toLocaleString('en-GB')} characters or fewer` };
  const { suggestion, age } = suggestUnderstanding(dateOfBirth, today);
  if (suggestion !== 'likely' && !reason) {
    return { field: 'understandingReason', message: age === null ? 'The child’s date of birth is not known: say why they understand enough for a plan of their own' : `The child is ${age}: say why they understand enough for a plan of their own` };
  }
  return { reason: reason || null };
}
