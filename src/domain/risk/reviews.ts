import { addDays, compareDates, type PlainDate } from '../calendar/plain-date.js';

/**
 * When a completed checklist is due for review: on a schedule (every 6 to 8 weeks, set locally), soon
 * after any new incident, and at case closure. Risk changes with events, so an event brings the review
 * forward and is due at once; a schedule only shows as due in the last fortnight.
 */

export type ReviewReason = 'scheduled' | 'new-incident' | 'case-closure';

export interface ReviewQuestion {
  completedOn: PlainDate;
  reviewWeeks: number;
  incidentsSince: readonly PlainDate[];
  caseClosedOn: PlainDate | null;
  today: PlainDate;
}

export interface ReviewDue {
  dueOn: PlainDate;
  reason: ReviewReason;
  state: 'not-due' | 'due' | 'overdue';
}

/** A review falls due this many days after the first incident since the checklist. */
export const EVENT_REVIEW_DAYS = 7;
/** A scheduled review shows as due this many days before its date. */
export const DUE_SOON_DAYS = 14;

/** On the same date, the reason more urgent to act on wins. */
const PRECEDENCE: Record<ReviewReason, number> = { 'new-incident': 0, 'case-closure': 1, scheduled: 2 };

export function reviewDue(q: ReviewQuestion): ReviewDue {
  if (!Number.isInteger(q.reviewWeeks) || q.reviewWeeks < 1) throw new RangeError('Checklists are reviewed every whole number of weeks, from 1');
  const candidates: { dueOn: PlainDate; reason: ReviewReason }[] = [{ dueOn: addDays(q.completedOn, 7 * q.reviewWeeks), reason: 'scheduled' }];

  const firstIncident = q.incidentsSince.filter((d) => compareDates(d, q.completedOn) > 0).sort(compareDates)[0];
  if (firstIncident) candidates.push({ dueOn: addDays(firstIncident, EVENT_REVIEW_DAYS), reason: 'new-incident' });
  if (q.caseClosedOn && compareDates(q.caseClosedOn, q.completedOn) >= 0) candidates.push({ dueOn: q.caseClosedOn, reason: 'case-closure' });

  const { dueOn, reason } = candidates.reduce((best, c) => {
    const order = compareDates(c.dueOn, best.dueOn) || PRECEDENCE[c.reason] - PRECEDENCE[best.reason];
    return order < 0 ? c : best;
  });

  const state =
    compareDates(q.today, dueOn) > 0 ? 'overdue' : reason !== 'scheduled' || compareDates(addDays(dueOn, -DUE_SOON_DAYS), q.today) <= 0 ? 'due' : 'not-due';
  return { dueOn, reason, state };
}
