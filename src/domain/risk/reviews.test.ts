import { describe, expect, it } from 'vitest';
import { plainDate as d } from '../calendar/plain-date.js';
import { DUE_SOON_DAYS, EVENT_REVIEW_DAYS, reviewDue, type ReviewQuestion } from './reviews.js';

const completedOn = d('2026-01-05');
const ask = (q: Partial<ReviewQuestion>): ReviewQuestion => ({ completedOn, reviewWeeks: 6, incidentsSince: [], caseClosedOn: null, today: d('2026-01-06'), ...q });

describe('reviewDue', () => {
  it('has the constants the rule is written with', () => {
    expect(EVENT_REVIEW_DAYS).toBe(7);
    expect(DUE_SOON_DAYS).toBe(14);
  });

  it('schedules a review every so many weeks after completion', () => {
    expect(reviewDue(ask({}))).toEqual({ dueOn: '2026-02-16', reason: 'scheduled', state: 'not-due' });
    expect(reviewDue(ask({ reviewWeeks: 8 })).dueOn).toBe('2026-03-02');
  });

  it('shows a scheduled review as due from 14 days before, on the day itself, and overdue the day after', () => {
    expect(reviewDue(ask({ today: d('2026-02-01') })).state).toBe('not-due');
    expect(reviewDue(ask({ today: d('2026-02-02') })).state).toBe('due');
    expect(reviewDue(ask({ today: d('2026-02-16') })).state).toBe('due');
    expect(reviewDue(ask({ today: d('2026-02-17') })).state).toBe('overdue');
  });

  it('brings the review forward to 7 days after the earliest incident since completion, due at once', () => {
    const answer = reviewDue(ask({ incidentsSince: [d('2026-01-20'), d('2026-01-10'), d('2026-01-30')] }));
    expect(answer).toEqual({ dueOn: '2026-01-17', reason: 'new-incident', state: 'due' });
    expect(reviewDue(ask({ incidentsSince: [d('2026-01-10')], today: d('2026-01-17') })).state).toBe('due');
    expect(reviewDue(ask({ incidentsSince: [d('2026-01-10')], today: d('2026-01-18') })).state).toBe('overdue');
  });

  it('ignores incidents on or before the day the checklist was completed', () => {
    expect(reviewDue(ask({ incidentsSince: [d('2026-01-05'), d('2025-12-30')] })).reason).toBe('scheduled');
    expect(reviewDue(ask({ incidentsSince: [d('2026-01-05'), d('2026-01-06')] })).dueOn).toBe('2026-01-13');
  });

  it('keeps the scheduled date when an incident comes late enough that it is earlier', () => {
    expect(reviewDue(ask({ incidentsSince: [d('2026-02-12')] }))).toMatchObject({ dueOn: '2026-02-16', reason: 'scheduled' });
  });

  it('makes a review due on the day the case closes, including the day of completion', () => {
    expect(reviewDue(ask({ caseClosedOn: d('2026-01-20') }))).toEqual({ dueOn: '2026-01-20', reason: 'case-closure', state: 'due' });
    expect(reviewDue(ask({ caseClosedOn: completedOn, today: completedOn }))).toEqual({ dueOn: '2026-01-05', reason: 'case-closure', state: 'due' });
    expect(reviewDue(ask({ caseClosedOn: d('2026-01-20'), today: d('2026-01-21') })).state).toBe('overdue');
  });

  it('ignores a closure before the checklist was completed', () => {
    expect(reviewDue(ask({ caseClosedOn: d('2026-01-04') })).reason).toBe('scheduled');
  });

  it('takes the earliest date; on a tie, a new incident beats a closure, which beats the schedule', () => {
    expect(reviewDue(ask({ incidentsSince: [d('2026-01-10')], caseClosedOn: d('2026-01-16') })).reason).toBe('case-closure');
    expect(reviewDue(ask({ incidentsSince: [d('2026-01-10')], caseClosedOn: d('2026-01-17') }))).toMatchObject({ dueOn: '2026-01-17', reason: 'new-incident' });
    expect(reviewDue(ask({ incidentsSince: [d('2026-01-10')], caseClosedOn: d('2026-01-18') })).reason).toBe('new-incident');
    expect(reviewDue(ask({ incidentsSince: [d('2026-02-09')] }))).toMatchObject({ dueOn: '2026-02-16', reason: 'new-incident', state: 'due' });
    expect(reviewDue(ask({ caseClosedOn: d('2026-02-16') }))).toMatchObject({ dueOn: '2026-02-16', reason: 'case-closure', state: 'due' });
    expect(reviewDue(ask({ incidentsSince: [d('2026-02-09')], caseClosedOn: d('2026-02-16') })).reason).toBe('new-incident');
  });

  it('counts across month and year ends', () => {
    expect(reviewDue(ask({ completedOn: d('2026-12-01'), today: d('2026-12-01') })).dueOn).toBe('2027-01-12');
    expect(reviewDue(ask({ completedOn: d('2026-12-01'), incidentsSince: [d('2026-12-28')], today: d('2026-12-28') })).dueOn).toBe('2027-01-04');
  });

  it('refuses a review period that is not a whole number of weeks from 1', () => {
    for (const reviewWeeks of [0, -6, 6.5, Number.NaN]) expect(() => reviewDue(ask({ reviewWeeks })), String(reviewWeeks)).toThrow(RangeError);
  });
});
