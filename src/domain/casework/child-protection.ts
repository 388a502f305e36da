import { deadlines, type Timescales, ENGLAND_TIMESCALES } from '../calendar/deadlines.js';
import { compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import { dueStatus, type Due } from './due.js';

/**
 * The child protection process, Working Together 2023: a strategy discussion decides on a section 47
 * enquiry; an initial child protection conference is held within 15 working days of the last strategy
 * discussion; a plan's first core group meets within 10 working days of that conference; the first
 * review conference is within 3 months of it and each later one at most 6 months after the last. Every
 * due date is on the tenant's working-day calendar (Timescales may be changed by an area).
 */

export const STRATEGY_DECISIONS = ['section-47', 'child-in-need', 'early-help', 'no-further-action'] as const;
export type StrategyDecision = (typeof STRATEGY_DECISIONS)[number];
export const STRATEGY_DECISION_LABELS: Record<StrategyDecision, string> = {
  'section-47': 'Start a section 47 enquiry',
  'child-in-need': 'No section 47: support as a child in need (s17)',
  'early-help': 'No section 47: offer early help',
  'no-further-action': 'No further action',
};

export const ENQUIRY_OUTCOMES = ['conference', 'child-in-need', 'no-further-action'] as const;
export type EnquiryOutcome = (typeof ENQUIRY_OUTCOMES)[number];
export const ENQUIRY_OUTCOME_LABELS: Record<EnquiryOutcome, string> = {
  conference: 'Concerns substantiated: hold an initial child protection conference',
  'child-in-need': 'No conference: support as a child in need (s17)',
  'no-further-action': 'No further action',
};

export const ABUSE_CATEGORIES = ['neglect', 'physical', 'sexual', 'emotional', 'multiple'] as const;
export type AbuseCategory = (typeof ABUSE_CATEGORIES)[number];
export const ABUSE_CATEGORY_LABELS: Record<AbuseCategory, string> = {
  neglect: 'Neglect',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  emotional: 'Emotional abuse',
  multiple: 'Multiple categories',
};

export const CONFERENCE_KINDS = ['initial', 'review'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];
export const CONFERENCE_DECISIONS = { initial: ['plan', 'no-plan'], review: ['continue', 'end'] } as const;
export type ConferenceDecision = 'plan' | 'no-plan' | 'continue' | 'end';
export const CONFERENCE_DECISION_LABELS: Record<ConferenceDecision, string> = {
  plan: 'A child protection plan',
  'no-plan': 'No child protection plan',
  continue: 'The plan continues',
  end: 'The plan ends',
};

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** A problem with what was entered, naming the field to fix. */
export interface Problem {
  field: string;
  message: string;
}

const longDate = (d: PlainDate) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
};

/** A date given for something that has happened: not in the future, and not before `notBefore` (named by `what`). */
export function checkHappened(field: string, on: PlainDate, today: PlainDate, notBefore?: { on: PlainDate; what: string }): Problem | null {
  if (compareDates(on, today) > 0) return { field, message: 'The date must be today or in the past' };
  if (notBefore && compareDates(on, notBefore.on) < 0) return { field, message: `The date cannot be before ${notBefore.what} (${longDate(notBefore.on)})` };
  return null;
}

export interface Attendee {
  agency: string;
  name: string;
}

/** Who took part: at least two agencies (a strategy discussion is multi-agency), each row with both agency and name or neither. */
export function checkAttendees(rows: readonly Attendee[]): { attendees: Attendee[]; problem: Problem | null } {
  const filled = rows.map((r) => ({ agency: r.agency.trim(), name: r.name.trim() })).filter((r) => r.agency || r.name);
  const half = filled.findIndex((r) => !r.agency || !r.name);
  if (half >= 0) return { attendees: filled, problem: { field: 'attendees', message: `Give both the agency and the name for each person who took part (row ${half + 1})` } };
  if (new Set(filled.map((r) => r.agency.toLowerCase())).size < 2) return { attendees: filled, problem: { field: 'attendees', message: 'Name the people who took part from at least two agencies (for example children’s services and the police)' } };
  if (filled.some((r) => r.agency.length > 200 || r.name.length > 200)) return { attendees: filled, problem: { field: 'attendees', message: 'Write 200 characters or fewer for each agency and name' } };
  return { attendees: filled, problem: null };
}

/** One part of a conference: who attends, and whether the victim or the person causing harm is there. */
export interface ConferencePart {
  attendees: string;
  withVictim: boolean;
  withPersonCausingHarm: boolean;
}

/**
 * A split conference is held in parts so the victim and the person causing harm are never in the
 * same room: at least two parts, neither part holds both, and each part says who attends.
 */
export function checkParts(split: boolean, parts: readonly ConferencePart[]): Problem | null {
  const given = parts.filter((p) => p.attendees.trim() || p.withVictim || p.withPersonCausingHarm);
  if (given.some((p) => !p.attendees.trim())) return { field: 'parts', message: 'Say who attends each part' };
  if (given.some((p) => p.attendees.length > 2000)) return { field: 'parts', message: 'Write 2,000 characters or fewer for who attends each part' };
  if (!split) {
    if (given.length !== 1) return { field: 'parts', message: 'Say who attended the conference' };
    if (given[0]!.withVictim && given[0]!.withPersonCausingHarm) {
      return { field: 'split', message: 'The victim and the person causing harm cannot attend together: hold the conference in parts' };
    }
    return null;
  }
  if (given.length < 2) return { field: 'parts', message: 'A split conference has at least two parts: say who attends each' };
  if (given.some((p) => p.withVictim && p.withPersonCausingHarm)) return { field: 'parts', message: 'The victim and the person causing harm must attend different parts' };
  return null;
}

/** What the process has on record for one case. */
export interface ProcessFacts {
  strategyDiscussions: { id: string; heldOn: PlainDate; decision: StrategyDecision }[];
  enquiries: { id: string; childId: string; strategyDiscussionId: string; startedOn: PlainDate; outcome: EnquiryOutcome | null; outcomeOn: PlainDate | null }[];
  conferences: { id: string; kind: ConferenceKind; heldOn: PlainDate; decision: ConferenceDecision; planId: string | null }[];
  /** Child protection plans, oldest first. */
  plans: { id: string; startedOn: PlainDate; endedOn: PlainDate | null; reviewBroughtForwardTo: PlainDate | null }[];
  reviews: { planId: string; kind: 'core-group' | 'review-conference' | 'cin-review'; heldOn: PlainDate }[];
}

export type StepKey = 'strategy-discussion' | 'section-47' | 'initial-conference' | 'first-core-group' | 'review-conference' | 'plan-ended';

export interface Step {
  key: StepKey;
  /** When it happened, if it has. */
  doneOn: PlainDate | null;
  /** When it is due, with where it stands today; null for a step with no timescale. */
  due: Due | null;
}

const latest = <T extends { heldOn: PlainDate }>(rows: readonly T[]): T | undefined => [...rows].sort((a, b) => compareDates(a.heldOn, b.heldOn)).at(-1);

/**
 * The steps of the current child protection episode with their due dates: from the last strategy
 * discussion that decided on a section 47 enquiry (or the live plan), to the next review conference.
 */
export function processSteps(facts: ProcessFacts, calendar: WorkingDayCalendar, today: PlainDate, t: Timescales = ENGLAND_TIMESCALES): Step[] {
  const due = deadlines(calendar, t);
  const steps: Step[] = [];
  const plan = facts.plans.at(-1) ?? null;
  const discussion = latest(facts.strategyDiscussions);
  if (!discussion && !plan) return steps;
  if (discussion) {
    steps.push({ key: 'strategy-discussion', doneOn: discussion.heldOn, due: null });
    if (discussion.decision !== 'section-47' && !plan) return steps;
  }
  const enquiries = discussion ? facts.enquiries.filter((e) => e.strategyDiscussionId === discussion.id) : [];
  if (enquiries.length > 0) {
    const open = enquiries.some((e) => !e.outcome);
    const outcomeOn = open ? null : [...enquiries].map((e) => e.outcomeOn!).sort(compareDates).at(-1)!;
    steps.push({ key: 'section-47', doneOn: outcomeOn, due: null });
  }
  const initial = latest(facts.conferences.filter((c) => c.kind === 'initial' && (!discussion || compareDates(c.heldOn, discussion.heldOn) >= 0)));
  const conferenceWanted = enquiries.some((e) => e.outcome === 'conference' || !e.outcome);
  if (discussion && discussion.decision === 'section-47' && (conferenceWanted || initial)) {
    steps.push({ key: 'initial-conference', doneOn: initial?.heldOn ?? null, due: dueStatus(calendar, today, due.initialConference(discussion.heldOn), initial?.heldOn ?? null) });
  }
  // The plan of this episode: one still running, or one that started at or after the strategy discussion.
  const livePlan = plan && (!plan.endedOn || !discussion || compareDates(plan.startedOn, discussion.heldOn) >= 0) ? plan : null;
  if (!livePlan) return steps;
  const startedOn = livePlan.startedOn;
  const reviews = facts.reviews.filter((r) => r.planId === livePlan.id);
  const firstCoreGroup = [...reviews.filter((r) => r.kind === 'core-group')].sort((a, b) => compareDates(a.heldOn, b.heldOn))[0];
  steps.push({ key: 'first-core-group', doneOn: firstCoreGroup?.heldOn ?? null, due: dueStatus(calendar, today, due.firstCoreGroup(startedOn), firstCoreGroup?.heldOn ?? null) });
  if (livePlan.endedOn) {
    steps.push({ key: 'plan-ended', doneOn: livePlan.endedOn, due: null });
    return steps;
  }
  const lastReview = latest(reviews.filter((r) => r.kind === 'review-conference'));
  let nextDue = lastReview ? due.nextReview(lastReview.heldOn) : due.firstReview(startedOn);
  if (livePlan.reviewBroughtForwardTo && compareDates(livePlan.reviewBroughtForwardTo, nextDue) < 0 && (!lastReview || compareDates(livePlan.reviewBroughtForwardTo, lastReview.heldOn) > 0)) {
    nextDue = livePlan.reviewBroughtForwardTo;
  }
  steps.push({ key: 'review-conference', doneOn: null, due: dueStatus(calendar, today, nextDue) });
  return steps;
}

export const STEP_LABELS: Record<StepKey, string> = {
  'strategy-discussion': 'Strategy discussion',
  'section-47': 'Section 47 enquiry',
  'initial-conference': 'Initial child protection conference',
  'first-core-group': 'First core group meeting',
  'review-conference': 'Next review child protection conference',
  'plan-ended': 'Child protection plan ended',
};
