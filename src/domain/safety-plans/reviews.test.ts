import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, plainDate, type PlainDate } from '../calendar/plain-date.js';
import { checkReview, DUE_SOON_DAYS, HIGH_RISK_REVIEW_WEEKS, INCIDENT_REVIEW_DAYS, planReviewDue, REGULAR_REVIEW_WEEKS } from './reviews.js';

const d = plainDate;
const made = d('2027-01-04');
const base = { lastReviewedOn: made, highRisk: true, incidentsSince: [] as PlainDate[], caseClosedOn: null, today: made };

describe('a safety plan’s next review', () => {
  it('is every 6 weeks while the victim’s latest risk is high', () => {
    expect(HIGH_RISK_REVIEW_WEEKS).toBe(6);
    expect(planReviewDue(base)).toEqual({ dueOn: d('2027-02-15'), reason: 'scheduled', state: 'not-due' });
  });

  it('is less often when the risk is not high', () => {
    expect(planReviewDue({ ...base, highRisk: false })?.dueOn).toBe(addDays(made, 7 * REGULAR_REVIEW_WEEKS));
    expect(REGULAR_REVIEW_WEEKS).toBeGreaterThan(HIGH_RISK_REVIEW_WEEKS);
  });

  it('shows as due in the last fortnight, and overdue the day after it was due', () => {
    expect(planReviewDue({ ...base, today: d('2027-01-31') })?.state).toBe('not-due');
    expect(planReviewDue({ ...base, today: d('2027-02-01') })?.state).toBe('due');
    expect(planReviewDue({ ...base, today: d('2027-02-15') })?.state).toBe('due');
    expect(planReviewDue({ ...base, today: d('2027-02-16') })?.state).toBe('overdue');
  });

  it('is due now after a new incident, and overdue a week on', () => {
    const incident = d('2027-01-10');
    const after = { ...base, incidentsSince: [incident] };
    expect(planReviewDue({ ...after, today: incident })).toEqual({ dueOn: addDays(incident, INCIDENT_REVIEW_DAYS), reason: 'new-incident', state: 'due' });
    expect(planReviewDue({ ...after, today: d('2027-01-18') })?.state).toBe('overdue');
  });

  it('takes the first incident since the last review, and ignores those before it', () => {
    expect(planReviewDue({ ...base, incidentsSince: [d('2027-01-20'), d('2027-01-12')] })?.dueOn).toBe(d('2027-01-19'));
    expect(planReviewDue({ ...base, incidentsSince: [d('2026-12-30')] })?.reason).toBe('scheduled');
  });

  it('is due at closure, and not at all once reviewed on or after the closure', () => {
    const closed = d('2027-01-20');
    expect(planReviewDue({ ...base, caseClosedOn: closed, today: closed })).toEqual({ dueOn: closed, reason: 'case-closure', state: 'due' });
    expect(planReviewDue({ ...base, caseClosedOn: closed, today: d('2027-01-21') })?.state).toBe('overdue');
    expect(planReviewDue({ ...base, lastReviewedOn: closed, caseClosedOn: closed, today: d('2027-03-30') })).toBeNull();
  });

  const day = fc.integer({ min: 0, max: 2000 }).map((n) => addDays(d('2025-01-01'), n));
  const question = fc.record({ lastReviewedOn: day, highRisk: fc.boolean(), incidentsSince: fc.array(day, { maxLength: 4 }), caseClosedOn: fc.option(day, { nil: null }), today: day });

  it('is never later than the schedule, nor before the last review', () => {
    fc.assert(
      fc.property(question, (q) => {
        const due = planReviewDue(q);
        if (!due) return q.caseClosedOn !== null && compareDates(q.lastReviewedOn, q.caseClosedOn) >= 0;
        return compareDates(due.dueOn, addDays(q.lastReviewedOn, 7 * (q.highRisk ? 6 : REGULAR_REVIEW_WEEKS))) <= 0 && compareDates(due.dueOn, q.lastReviewedOn) >= 0;
      }),
    );
  });

  it('is overdue exactly when today is past the date, and due at once for an incident or closure', () => {
    fc.assert(
      fc.property(question, (q) => {
        const due = planReviewDue(q);
        if (!due) return true;
        if (compareDates(q.today, due.dueOn) > 0) return due.state === 'overdue';
        if (due.reason !== 'scheduled') return due.state === 'due';
        return due.state === (compareDates(q.today, addDays(due.dueOn, -DUE_SOON_DAYS)) >= 0 ? 'due' : 'not-due');
      }),
    );
  });

  it('a high risk never makes the review later', () => {
    fc.assert(fc.property(question, (q) => {
      const high = planReviewDue({ ...q, highRisk: true });
      const low = planReviewDue({ ...q, highRisk: false });
      return high === null ? low === null : low !== null && compareDates(high.dueOn, low.dueOn) <= 0;
    }));
  });
});

describe('recording a review', () => {
  const r = { heldOn: d('2027-02-10'), madeOn: made, today: d('2027-02-12'), whatChanged: 'New school run route agreed.' };
  it('takes a review held after the plan was made with what changed', () => expect(checkReview(r)).toBeNull());
  it('refuses one before the plan was made', () => expect(checkReview({ ...r, heldOn: d('2027-01-01') })?.field).toBe('heldOn'));
  it('refuses one in the future', () => expect(checkReview({ ...r, heldOn: d('2027-02-13') })?.message).toMatch(/future/));
  it('refuses one that does not say what changed', () => expect(checkReview({ ...r, whatChanged: '  ' })?.field).toBe('whatChanged'));
  it('refuses a very long account', () => expect(checkReview({ ...r, whatChanged: 'x'.repeat(5001) })?.field).toBe('whatChanged'));
});
