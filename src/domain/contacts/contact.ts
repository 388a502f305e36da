import type { WorkingDayCalendar } from '../calendar/working-days.js';
import { compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { Pathway } from '../triage/threshold.js';

/** Where a contact came from. */
export const CONTACT_SOURCES = ['police', 'school', 'health', 'housing', 'other-agency', 'family', 'self', 'anonymous'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export const CONTACT_SOURCE_LABELS: Record<ContactSource, string> = {
  police: 'Police',
  school: 'School',
  health: 'Health',
  housing: 'Housing',
  'other-agency': 'Other agency',
  family: 'Family member',
  self: 'The person themselves',
  anonymous: 'Anonymous',
};

/** The part a person plays in the incident a contact reports. */
export const CONTACT_ROLES = ['victim', 'person-causing-harm', 'child', 'other-adult'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  victim: 'Victim',
  'person-causing-harm': 'Person causing harm',
  child: 'Child',
  'other-adult': 'Other adult',
};

/** Kinds of abuse: the Domestic Abuse Act 2021 categories, with stalking and technology-facilitated abuse named. */
export const ABUSE_TYPES = [
  'physical',
  'sexual',
  'controlling-coercive',
  'harassment-stalking',
  'economic',
  'emotional-psychological',
  'verbal',
  'technology-facilitated',
] as const;
export type AbuseType = (typeof ABUSE_TYPES)[number];

export const ABUSE_TYPE_LABELS: Record<AbuseType, string> = {
  physical: 'Physical',
  sexual: 'Sexual',
  'controlling-coercive': 'Controlling or coercive behaviour',
  'harassment-stalking': 'Harassment or stalking',
  economic: 'Economic',
  'emotional-psychological': 'Emotional or psychological',
  verbal: 'Verbal',
  'technology-facilitated': 'Technology-facilitated',
};

/** Where the victim is referred for domestic abuse support, by the level of risk. */
export const DA_SERVICE_REFERRALS = ['idsva', 'floating-support', 'victim-support', 'none'] as const;
export type DaServiceReferral = (typeof DA_SERVICE_REFERRALS)[number];

export const DA_SERVICE_REFERRAL_LABELS: Record<DaServiceReferral, string> = {
  idsva: 'High risk: IDVA or IDSVA service (safety plan, reviewed every 6 weeks)',
  'floating-support': 'Medium risk: floating support',
  'victim-support': 'Standard risk: victim support',
  none: 'No referral (give the reason in the decision)',
};

export const PATHWAY_LABELS: Record<Pathway, string> = {
  'no-further-action': 'No further action, or advice and information',
  'early-help': 'Early help',
  'child-in-need': 'Child in need (s17 assessment)',
  'child-protection': 'Child protection (strategy discussion, s47)',
};

export const PATHWAYS = Object.keys(PATHWAY_LABELS) as Pathway[];

export type ContactStatus = 'awaiting-decision' | 'decided' | 'sent-to-allocated-worker';

/** How a contact's threshold decision stands against its deadline. */
export type Timeliness = 'on-time' | 'late' | 'due' | 'overdue';

/**
 * On time: decided on or before the due day. Late: decided after it. Undecided contacts are due
 * until the due day has passed, then overdue.
 */
export function timeliness(dueBy: PlainDate, decidedOn: PlainDate | null, today: PlainDate): Timeliness {
  if (decidedOn) return compareDates(decidedOn, dueBy) <= 0 ? 'on-time' : 'late';
  return compareDates(today, dueBy) > 0 ? 'overdue' : 'due';
}

/**
 * Working days from today to the due day: 0 when due today, negative when overdue (the number of
 * working days it is late by, counting the days after the due day).
 */
export function workingDaysLeft(calendar: WorkingDayCalendar, today: PlainDate, dueBy: PlainDate): number {
  return calendar.workingDaysBetween(today, dueBy);
}

/** Words for the queue: "Overdue by 2 working days", "Due today", "1 working day left". */
export function daysLeftText(daysLeft: number, overdue: boolean): string {
  if (overdue) {
    const late = Math.max(1, -daysLeft);
    return `Overdue by ${late} working day${late === 1 ? '' : 's'}`;
  }
  if (daysLeft <= 0) return 'Due today';
  return `${daysLeft} working day${daysLeft === 1 ? '' : 's'} left`;
}

export interface OpenCaseOfChild {
  caseId: string;
  childPersonId: string;
  workerId: string | null;
  lastActivityAt: Date;
}

/**
 * The allocated-family route: a contact about a child who already has an open case with an
 * allocated worker goes to that worker as a new incident, not to a fresh screening. With several,
 * the case most recently worked on. Null when no linked child has an allocated open case.
 */
export function allocatedCaseFor(cases: readonly OpenCaseOfChild[]): OpenCaseOfChild | null {
  const allocated = cases.filter((c) => c.workerId !== null);
  if (!allocated.length) return null;
  return [...allocated].sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || a.caseId.localeCompare(b.caseId))[0]!;
}

export class DecisionError extends Error {}

export interface DecisionInput {
  pathway: Pathway;
  reason: string;
  daServiceReferral: DaServiceReferral | null;
  checkMarac: boolean;
  /** The team whose managers allocate the case (and hold a strategy discussion on child protection). */
  teamId: string | null;
}

/**
 * The manager's decision: it needs a reason (the more so when it differs from the worker's
 * recommendation), and a contact is decided once; a later change of mind is a new contact or a
 * case decision, never a rewrite.
 */
export function checkDecision(status: ContactStatus, recommended: Pathway | null, input: DecisionInput): void {
  if (status === 'decided') throw new DecisionError('This contact already has a decision');
  if (status === 'sent-to-allocated-worker') throw new DecisionError('This contact went to the allocated worker of an open case: they decide what happens next');
  if (!input.reason.trim()) {
    throw new DecisionError(
      recommended && recommended !== input.pathway
        ? 'Give the reason for deciding differently from the recommendation'
        : 'Give the reason for the decision',
    );
  }
}
