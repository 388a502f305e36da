import { addDays, compareDates, type PlainDate } from '../calendar/plain-date.js';

/**
 * When a safety plan is next reviewed (seed 004 section 10; issue 16 point 2): every 6 weeks while the
 * victim's latest risk is high, regularly otherwise; straight away after any serious incident; and when
 * the case closes. The victim's latest risk is her latest banded checklist (the risk feature's); a
 * child's own plan follows the risk to the adult victim on the child's case.
 */

export type PlanReviewReason = 'scheduled' | 'new-incident' | 'case-closure';

/** Weeks between reviews while the victim's latest risk is high. */
export const HIGH_RISK_REVIEW_WEEKS = 6;
/** Weeks between reviews otherwise: about every three months, as a child in need plan. */
export const REGULAR_REVIEW_WEEKS = 12;
/** After a new incident the review is due at once, and overdue this many days later. */
export const INCIDENT_REVIEW_DAYS = 7;
/** A scheduled review shows as due this many days before its date. */
export const DUE_SOON_DAYS = 14;

export interface PlanReviewQuestion {
  /** The day the plan was made, or last reviewed. */
  lastReviewedOn: PlainDate;
  /** The victim's latest risk is high (her latest banded checklist). */
  highRisk: boolean;
  /** The days of incidents reported on the case since the plan was made or last reviewed. */
  incidentsSince: readonly PlainDate[];
  caseClosedOn: PlainDate | null;
  today: PlainDate;
}

export interface PlanReviewDue {
  dueOn: PlainDate;
  reason: PlanReviewReason;
  state: 'not-due' | 'due' | 'overdue';
}

const PRECEDENCE: Record<PlanReviewReason, number> = { 'new-incident': 0, 'case-closure': 1, scheduled: 2 };

export function reviewWeeks(highRisk: boolean): number {
  return highRisk ? HIGH_RISK_REVIEW_WEEKS : REGULAR_REVIEW_WEEKS;
}

/**
 * The plan's next review: the earliest of the scheduled one, one a week after the first incident since
 * the last review (due from the day of the incident), and one on the day the case closed. Null when the
 * case has closed and the plan was reviewed on or after the closure: there is nothing more to review.
 */
export function planReviewDue(q: PlanReviewQuestion): PlanReviewDue | null {
  if (q.caseClosedOn && compareDates(q.lastReviewedOn, q.caseClosedOn) >= 0) return null;
  const candidates: { dueOn: PlainDate; reason: PlanReviewReason }[] = [{ dueOn: addDays(q.lastReviewedOn, 7 * reviewWeeks(q.highRisk)), reason: 'scheduled' }];
  const firstIncident = q.incidentsSince.filter((d) => compareDates(d, q.lastReviewedOn) >= 0).sort(compareDates)[0];
  if (firstIncident) candidates.push({ dueOn: addDays(firstIncident, INCIDENT_REVIEW_DAYS), reason: 'new-incident' });
  if (q.caseClosedOn) candidates.push({ dueOn: q.caseClosedOn, reason: 'case-closure' });

  const { dueOn, reason } = candidates.reduce((best, c) => {
    const order = compareDates(c.dueOn, best.dueOn) || PRECEDENCE[c.reason] - PRECEDENCE[best.reason];
    return order < 0 ? c : best;
  });
  const overdue = compareDates(q.today, dueOn) > 0;
  const dueNow = reason !== 'scheduled' || compareDates(addDays(dueOn, -DUE_SOON_DAYS), q.today) <= 0;
  return { dueOn, reason, state: overdue ? 'overdue' : dueNow ? 'due' : 'not-due' };
}

export const REVIEW_REASON_WORDS: Record<PlanReviewReason, string> = {
  scheduled: 'Regular review',
  'new-incident': 'After a new incident',
  'case-closure': 'The case closed',
};

/** Why a review was held, as recorded. */
export const HELD_REASONS = ['scheduled', 'new-incident', 'case-closure', 'other'] as const;
export type HeldReason = (typeof HELD_REASONS)[number];
export const HELD_REASON_LABELS: Record<HeldReason, string> = {
  scheduled: 'It was due',
  'new-incident': 'After a new incident',
  'case-closure': 'The case is closing',
  other: 'Something else changed',
};

export const WHAT_CHANGED_MAX = 5000;

/**
 * Checks a review being recorded: held on or after the plan was made and not in the future, and what
 * changed said in words (a review that changed nothing says so: "Nothing changed, because …").
 */
export function checkReview(r: { heldOn: PlainDate; madeOn: PlainDate; today: PlainDate; whatChanged: string }): { field: string; message: string } | null {
  if (compareDates(r.heldOn, r.madeOn) < 0) return { field: 'heldOn', message: 'The review must be on or after the day the plan was made' };
  if (compareDates(r.heldOn, r.today) > 0) return { field: 'heldOn', message: 'The review date cannot be in the future' };
  const text = r.whatChanged.trim();
  if (!text) return { field: 'whatChanged', message: 'Say what changed at the review, or that nothing did and why' };
  if (text.length > WHAT_CHANGED_MAX) return { field: 'whatChanged', message: `Write ${WHAT_CHANGED_MAX.toLocaleString('en-GB')} characters or fewer` };
  return null;
}
