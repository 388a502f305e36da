import { addDays, addMonths, type PlainDate } from './plain-date.js';
import type { WorkingDayCalendar } from './working-days.js';

/**
 * Statutory timescales (England, Working Together 2023) as numbers an area can change. Scotland and
 * local practice differ, so these are defaults, not constants of nature.
 */
export interface Timescales {
  thresholdDecisionWorkingDays: number;
  assessmentWorkingDays: number;
  icpcWorkingDaysAfterStrategyDiscussion: number;
  firstCoreGroupWorkingDaysAfterIcpc: number;
  firstReviewMonthsAfterIcpc: number;
  laterReviewMonths: number;
  claresLawDecisionDays: number;
}

export const ENGLAND_TIMESCALES: Timescales = {
  thresholdDecisionWorkingDays: 1,
  assessmentWorkingDays: 45,
  icpcWorkingDaysAfterStrategyDiscussion: 15,
  firstCoreGroupWorkingDaysAfterIcpc: 10,
  firstReviewMonthsAfterIcpc: 3,
  laterReviewMonths: 6,
  claresLawDecisionDays: 28,
};

export function deadlines(calendar: WorkingDayCalendar, t: Timescales = ENGLAND_TIMESCALES) {
  return {
    /** The MASH threshold decision on a contact received on this day. */
    thresholdDecision: (received: PlainDate) => calendar.addWorkingDays(received, t.thresholdDecisionWorkingDays),
    /** The child and family assessment, counted from the referral. */
    assessment: (referral: PlainDate) => calendar.addWorkingDays(referral, t.assessmentWorkingDays),
    /** The initial child protection conference, counted from the last strategy discussion. */
    initialConference: (lastStrategyDiscussion: PlainDate) => calendar.addWorkingDays(lastStrategyDiscussion, t.icpcWorkingDaysAfterStrategyDiscussion),
    /** The first core group meeting after the initial conference. */
    firstCoreGroup: (icpc: PlainDate) => calendar.addWorkingDays(icpc, t.firstCoreGroupWorkingDaysAfterIcpc),
    /** The first review conference: within 3 months of the initial one. */
    firstReview: (icpc: PlainDate) => addMonths(icpc, t.firstReviewMonthsAfterIcpc),
    /** Each later review: within 6 months of the previous review. */
    nextReview: (previousReview: PlainDate) => addMonths(previousReview, t.laterReviewMonths),
    /** A Clare's Law disclosure decision: 28 calendar days from the request. */
    claresLawDecision: (request: PlainDate) => addDays(request, t.claresLawDecisionDays),
  };
}
