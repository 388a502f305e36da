import { addDays, compareDates, type PlainDate } from '../calendar/plain-date.js';
import { isRedFlag, RED_FLAG_CODES, type RedFlagCode } from './red-flags.js';

/**
 * When a case is escalated to the worker and their team manager for a management discussion (seed 004
 * section 11: non-engagement raises the risk and is discussed with the manager at once; seed 003 s8):
 *
 * - non-engagement: `missedCount` missed appointments or visits with no access (by any agency) that all
 *   fall within one period of `missedDays` days, counting the first and the last day. Each missed
 *   appointment counts towards one escalation only: after a discussion, a new escalation needs as many
 *   new ones again;
 * - a red flag the area has chosen to escalate (the family moving or going missing, a breach of an order);
 * - a new incident on the case (a breach of an order that arrives as an incident is one).
 *
 * Each escalation has a trigger key. The rules never give a trigger already raised, so the same facts
 * never raise a second escalation, however often they are evaluated.
 */

export interface EscalationSettings {
  missedCount: number;
  missedDays: number;
  escalatingFlags: readonly RedFlagCode[];
}

export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = { missedCount: 2, missedDays: 28, escalatingFlags: ['family-moved', 'family-missing', 'order-breached'] };

export type EscalationReason = 'non-engagement' | 'red-flag' | 'incident';
export const ESCALATION_REASONS: readonly EscalationReason[] = ['non-engagement', 'red-flag', 'incident'];

export interface Missed {
  id: string;
  on: PlainDate;
}

export interface EscalationFacts {
  /** Missed appointments and visits with no access, by any agency. */
  missed: readonly Missed[];
  redFlags: readonly { id: string; flag: RedFlagCode; on: PlainDate }[];
  /** New incidents on the case (the contact's id, the day it reached the case). */
  incidents: readonly { id: string; on: PlainDate }[];
  /** The escalations already raised on the case: their trigger and the records they counted. */
  raised: readonly { trigger: string; counted: readonly string[] }[];
}

export interface DueEscalation {
  trigger: string;
  reason: EscalationReason;
  /** The records behind it: the missed appointments counted, the red flag, or the incident. */
  counted: string[];
  flag: RedFlagCode | null;
  /** The day of the latest fact behind it. */
  on: PlainDate;
}

export interface SettingsProblem {
  field: 'missedCount' | 'missedDays' | 'escalatingFlags';
  message: string;
}

/** The area's numbers: 1 to 10 missed appointments within 1 to 365 days; flags from the list. */
export function checkSettings(s: EscalationSettings): SettingsProblem | null {
  if (!Number.isInteger(s.missedCount) || s.missedCount < 1 || s.missedCount > 10) return { field: 'missedCount', message: 'Enter a whole number of missed appointments from 1 to 10' };
  if (!Number.isInteger(s.missedDays) || s.missedDays < 1 || s.missedDays > 365) return { field: 'missedDays', message: 'Enter a whole number of days from 1 to 365' };
  if (!s.escalatingFlags.every(isRedFlag)) return { field: 'escalatingFlags', message: 'Choose red flags from the list' };
  return null;
}

const byDayThenId = (a: Missed, b: Missed) => compareDates(a.on, b.on) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Groups of `count` missed appointments within `days` days, earliest first, each missed appointment in one group at most. */
export function nonEngagementGroups(missed: readonly Missed[], count: number, days: number): Missed[][] {
  const sorted = [...new Map(missed.map((m) => [m.id, m])).values()].sort(byDayThenId);
  const groups: Missed[][] = [];
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (compareDates(sorted[start]!.on, addDays(sorted[end]!.on, -(days - 1))) < 0) start++;
    if (end - start + 1 >= count) {
      groups.push(sorted.slice(end - count + 1, end + 1));
      start = end + 1;
    }
  }
  return groups;
}

/** The escalations due on a case that have not been raised yet, in the order their facts happened. */
export function escalationsDue(facts: EscalationFacts, settings: EscalationSettings): DueEscalation[] {
  const raisedTriggers = new Set(facts.raised.map((r) => r.trigger));
  const counted = new Set(facts.raised.filter((r) => r.trigger.startsWith('non-engagement:')).flatMap((r) => r.counted));
  const due: DueEscalation[] = [];

  const uncounted = facts.missed.filter((m) => !counted.has(m.id));
  for (const group of nonEngagementGroups(uncounted, settings.missedCount, settings.missedDays)) {
    const last = group[group.length - 1]!;
    due.push({ trigger: `non-engagement:${last.id}`, reason: 'non-engagement', counted: group.map((m) => m.id), flag: null, on: last.on });
  }
  const escalating = new Set(settings.escalatingFlags.filter((f) => RED_FLAG_CODES.includes(f)));
  for (const f of facts.redFlags) {
    if (escalating.has(f.flag)) due.push({ trigger: `red-flag:${f.id}`, reason: 'red-flag', counted: [f.id], flag: f.flag, on: f.on });
  }
  for (const i of facts.incidents) due.push({ trigger: `incident:${i.id}`, reason: 'incident', counted: [i.id], flag: null, on: i.on });

  const seen = new Set<string>();
  return due
    .filter((d) => !raisedTriggers.has(d.trigger) && !seen.has(d.trigger) && seen.add(d.trigger))
    .sort((a, b) => compareDates(a.on, b.on) || (a.trigger < b.trigger ? -1 : 1));
}

/** What a management discussion records: what was decided, by whom (named), on which day. */
export interface Discussion {
  decision: string;
  decidedBy: string;
  decidedOn: PlainDate;
}

export interface DiscussionProblem {
  field: 'decision' | 'decidedBy' | 'decidedOn';
  message: string;
}

/** A decision in words, by a named person, on a day not in the future nor before the escalation was raised. */
export function checkDiscussion(d: Discussion, raisedOn: PlainDate, today: PlainDate): DiscussionProblem | null {
  if (!d.decision.trim()) return { field: 'decision', message: 'Say what was decided, and what happens next' };
  if (d.decision.length > 5000) return { field: 'decision', message: 'Write 5,000 characters or fewer' };
  if (!d.decidedBy.trim()) return { field: 'decidedBy', message: 'Name who made the decision' };
  if (d.decidedBy.length > 200) return { field: 'decidedBy', message: 'Write 200 characters or fewer' };
  if (compareDates(d.decidedOn, today) > 0) return { field: 'decidedOn', message: 'The date must be today or in the past' };
  if (compareDates(d.decidedOn, raisedOn) < 0) return { field: 'decidedOn', message: 'The date must be on or after the day the escalation was raised' };
  return null;
}
