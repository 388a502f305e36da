import { addDays, compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import type { Problem } from './child-protection.js';
import { dueStatus, type Due } from './due.js';
import { checkInterpreter, type InterpreterKind } from '../interpreting/interpreters.js';

/**
 * Visits to a child on a plan, at the local frequency (every 10 working days for a child protection
 * plan unless the area sets another), and the visits and appointments that did not happen: reviews
 * keep finding families where missed appointments across agencies were never put together.
 */

export const VISIT_KINDS = ['visit', 'no-access', 'missed-appointment'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  visit: 'Visit',
  'no-access': 'Visit with no access (nobody answered, or we were turned away)',
  'missed-appointment': 'Missed appointment',
};

/** Who interpreted at a visit: the one rule for interpreters (domain/interpreting), re-exported for the visit's form. */
export { INTERPRETER_KINDS, INTERPRETER_KIND_LABELS, type InterpreterKind } from '../interpreting/interpreters.js';

export const DEFAULT_VISIT_WORKING_DAYS = { 'child-protection': 10, 'child-in-need': 20 } as const;

export interface VisitInput {
  kind: VisitKind;
  happenedOn: PlainDate;
  childId: string | null;
  seen: boolean | null;
  seenAlone: boolean | null;
  othersPresent: string;
  interpreter: InterpreterKind;
  /** The professional interpreter's name or booking reference. */
  interpreterName: string;
}

/** A visit says whether the child was seen, and alone; a child seen alone had nobody else there; only a professional interprets. */
export function checkVisit(v: VisitInput, today: PlainDate, childrenOnCase: readonly string[]): Problem | null {
  if (compareDates(v.happenedOn, today) > 0) return { field: 'happenedOn', message: 'The date must be today or in the past' };
  if (v.childId !== null && !childrenOnCase.includes(v.childId)) return { field: 'childId', message: 'Choose a child on this case' };
  if (v.othersPresent.length > 500) return { field: 'othersPresent', message: 'Write 500 characters or fewer' };
  const interpreter = checkInterpreter(v.interpreter, v.interpreterName, undefined, 'A family member, a friend of the family or a child must never interpret: book a professional interpreter and visit again');
  if (interpreter) return interpreter;
  if (v.kind !== 'visit') {
    if (v.seen !== null || v.seenAlone !== null) return { field: 'seen', message: 'Only a visit that happened records whether the child was seen' };
    return null;
  }
  if (v.childId === null) return { field: 'childId', message: 'Choose the child the visit was to' };
  if (v.seen === null) return { field: 'seen', message: 'Say whether the child was seen' };
  if (!v.seen && v.seenAlone) return { field: 'seenAlone', message: 'A child who was not seen cannot have been seen alone' };
  if (v.seen && v.seenAlone === null) return { field: 'seenAlone', message: 'Say whether the child was seen alone' };
  if (v.seenAlone && v.othersPresent.trim()) {
    return { field: 'othersPresent', message: 'A child seen alone had nobody else there: remove who else was present, or say they were not seen alone' };
  }
  return null;
}

export interface VisitRecord {
  childId: string | null;
  kind: VisitKind;
  happenedOn: PlainDate;
  seen: boolean | null;
}

export interface ChildVisits {
  /** The last visit at which the child was seen. */
  lastSeenOn: PlainDate | null;
  /** When the next visit is due, counted from the last time the child was seen or the plan's start. */
  next: Due;
  /** Visits with no access and missed appointments in the last 90 days. */
  missedLately: number;
}

/** Where one child's visits stand: the next due (overdue when no visit saw them in time), and what was missed. */
export function childVisits(childId: string, planStartedOn: PlainDate, everyWorkingDays: number, visits: readonly VisitRecord[], calendar: WorkingDayCalendar, today: PlainDate): ChildVisits {
  const mine = visits.filter((v) => v.childId === childId || v.childId === null);
  const seen = mine
    .filter((v) => v.kind === 'visit' && v.seen && compareDates(v.happenedOn, planStartedOn) >= 0)
    .map((v) => v.happenedOn)
    .sort(compareDates)
    .at(-1);
  const from = seen ?? planStartedOn;
  const since = addDays(today, -90);
  return {
    lastSeenOn: seen ?? null,
    next: dueStatus(calendar, today, calendar.addWorkingDays(from, everyWorkingDays)),
    missedLately: mine.filter((v) => v.kind !== 'visit' && compareDates(v.happenedOn, since) >= 0).length,
  };
}
