import { compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { AbuseCategory, Problem } from './child-protection.js';

/**
 * The child's plan (child in need or child protection). Reviews of child deaths found plans that left
 * the mother "to take full responsibility for protecting the children" while nothing was asked of the
 * man causing the harm (seed 000). A plan here names who does each action, the person causing harm
 * too, and says so when a domestic abuse plan asks everything of the non-abusive parent.
 */

export const PLAN_KINDS = ['child-in-need', 'child-protection'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = { 'child-in-need': 'Child in need plan', 'child-protection': 'Child protection plan' };

export const ACTION_STATUSES = ['not-started', 'in-progress', 'done', 'not-done'] as const;
export type PlanActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<PlanActionStatus, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', 'not-done': 'Not done' };

export const REVIEW_KINDS = ['core-group', 'review-conference', 'cin-review'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = {
  'core-group': 'Core group meeting',
  'review-conference': 'Review child protection conference',
  'cin-review': 'Child in need review',
};

/** The case role of whoever owns an action: a person on the case, or an agency. */
export type ActionOwner = { kind: 'person'; role: 'child' | 'adult-victim' | 'person-causing-harm' | 'other-adult' | 'supporter' } | { kind: 'agency' };

/**
 * Warns when a plan for a domestic abuse case (one with a person causing harm on it) asks things of the
 * adult victim and nothing of the person causing harm.
 */
export function onlyTheVictimActs(owners: readonly ActionOwner[], hasPersonCausingHarm: boolean): boolean {
  if (!hasPersonCausingHarm) return false;
  const roles = owners.flatMap((o) => (o.kind === 'person' ? [o.role] : []));
  return roles.includes('adult-victim') && !roles.includes('person-causing-harm');
}

/** An earlier plan of the same kind for the same child: a repeat plan, shown with its category and dates. */
export interface EarlierPlan {
  planId: string;
  startedOn: PlainDate;
  endedOn: PlainDate | null;
  category: AbuseCategory | null;
}

/** The child's earlier plans of this kind that ended before this one started, newest first. */
export function earlierPlans(current: { planId: string; startedOn: PlainDate }, plansOfChild: readonly EarlierPlan[]): EarlierPlan[] {
  return plansOfChild
    .filter((p) => p.planId !== current.planId && p.endedOn !== null && compareDates(p.endedOn, current.startedOn) <= 0)
    .sort((a, b) => compareDates(b.startedOn, a.startedOn));
}

/** An action: what it answers, who does it, and when by; never due before the plan started. */
export function checkAction(input: { need: string; action: string; dueOn: PlainDate | null; planStartedOn: PlainDate; ownerGiven: boolean }): Problem | null {
  if (!input.need.trim()) return { field: 'need', message: 'Say which risk or need from the assessment this action answers' };
  if (input.need.length > 500) return { field: 'need', message: 'Write 500 characters or fewer' };
  if (!input.action.trim()) return { field: 'action', message: 'Say what will be done' };
  if (input.action.length > 2000) return { field: 'action', message: 'Write 2,000 characters or fewer' };
  if (!input.ownerGiven) return { field: 'owner', message: 'Choose who will do it: a person on the case or an agency' };
  if (!input.dueOn) return { field: 'dueOn', message: 'Enter the date it is due by' };
  if (compareDates(input.dueOn, input.planStartedOn) < 0) return { field: 'dueOn', message: 'An action cannot be due before the plan started' };
  return null;
}

/** Ending a plan: not before it started, not in the future, with the reason. */
export function checkPlanEnd(endedOn: PlainDate, startedOn: PlainDate, today: PlainDate, reason: string): Problem | null {
  if (compareDates(endedOn, startedOn) < 0) return { field: 'endedOn', message: 'A plan cannot end before it started' };
  if (compareDates(endedOn, today) > 0) return { field: 'endedOn', message: 'The date must be today or in the past' };
  if (!reason.trim()) return { field: 'reason', message: 'Say why the plan is ending' };
  if (reason.length > 2000) return { field: 'reason', message: 'Write 2,000 characters or fewer' };
  return null;
}

/** Bringing the next review forward after a new incident: to a day from today and before it was due. */
export function checkBringForward(to: PlainDate, today: PlainDate, currentlyDue: PlainDate): Problem | null {
  if (compareDates(to, today) < 0) return { field: 'reviewOn', message: 'The review cannot be brought forward to a day in the past' };
  if (compareDates(to, currentlyDue) >= 0) return { field: 'reviewOn', message: 'Choose a day before the review is now due' };
  return null;
}
