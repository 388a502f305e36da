import { deadlines } from '../calendar/deadlines.js';
import { compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import type { Recommendation } from './sections.js';

/** The stages at which a case may have a child and family assessment started. */
export const ASSESSMENT_STAGES = ['assessment', 'child-in-need', 'child-protection'] as const;

export function stageTakesAssessment(stage: string): boolean {
  return (ASSESSMENT_STAGES as readonly string[]).includes(stage);
}

export type AssessmentStatus = 'in-progress' | 'submitted' | 'returned' | 'authorised';

export const STATUS_LABELS: Record<AssessmentStatus, string> = {
  'in-progress': 'In progress',
  submitted: 'Waiting for the team manager',
  returned: 'Returned to the worker',
  authorised: 'Authorised',
};

/**
 * The referral the 45 working days count from: the day the contact behind the latest threshold
 * decision arrived, when the case has one; otherwise the day the case was opened. Never after today.
 */
export function referralDate(latestDecisionReceived: PlainDate | null, caseOpened: PlainDate, today: PlainDate): PlainDate {
  const chosen = latestDecisionReceived ?? caseOpened;
  return compareDates(chosen, today) > 0 ? today : chosen;
}

/** The assessment's due date: 45 working days after the referral on the tenant's calendar. */
export function assessmentDue(calendar: WorkingDayCalendar, referral: PlainDate): PlainDate {
  return deadlines(calendar).assessment(referral);
}

/** Sections may change while the worker has the assessment: in progress, or returned to them. */
export function mayEditSections(status: AssessmentStatus): boolean {
  return status === 'in-progress' || status === 'returned';
}

/** Why this user may not authorise or return the assessment (null when they may): never the one who submitted it. */
export function decisionProblem(status: AssessmentStatus, submittedBy: string | null, userId: string): string | null {
  if (status !== 'submitted') return 'This assessment is not waiting for a decision';
  if (submittedBy === userId) return 'You submitted this assessment, so another team manager must authorise it';
  return null;
}

/** What follows an authorised assessment's recommendation, in words. */
export const NEXT_STEP: Record<Recommendation, string> = {
  'no-further-action': 'Close the case, or step it down, with the reason',
  'early-help': 'Step the case down to early help',
  'child-in-need-plan': 'Make the child in need plan',
  'strategy-discussion': 'Hold a strategy discussion',
};
