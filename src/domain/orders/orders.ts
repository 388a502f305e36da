import { addDays, compareDates, type PlainDate } from '../calendar/plain-date.js';

/**
 * Protective orders and notices on a case (issue 16, point 5): what each records, the rules a new one,
 * a variation and an ending must keep, and when one is in force or ending soon. Pure: the service hands
 * in the case's people and today.
 */

export const ORDER_KINDS = ['dapn', 'dapo', 'non-molestation', 'occupation', 'restraining', 'bail-conditions', 'child-arrangements'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const ORDER_KIND_LABELS: Record<OrderKind, string> = {
  dapn: 'Domestic abuse protection notice',
  dapo: 'Domestic abuse protection order',
  'non-molestation': 'Non-molestation order',
  occupation: 'Occupation order',
  restraining: 'Restraining order',
  'bail-conditions': 'Bail conditions',
  'child-arrangements': 'Child arrangements order',
};

/** A line of guidance shown beside each kind where the worker chooses it. */
export const ORDER_KIND_HINTS: Record<OrderKind, string> = {
  dapn: 'Given by the police. It lasts until a court hears the application for an order, which must be within 48 hours, not counting Sundays and bank holidays.',
  dapo: 'Made by a court on an application by the police, the victim or someone else. It can set conditions and require him to attend a programme.',
  'non-molestation': 'A civil order stopping him from using or threatening violence, or harassing or intimidating her or the children.',
  occupation: 'A civil order about who may live in the home, or who must leave it or keep away from it.',
  restraining: 'Made by a criminal court, after a conviction or an acquittal.',
  'bail-conditions': 'Set by the police or a court while a criminal case goes on.',
  'child-arrangements': 'A family court order about whom the children live with or spend time with, and on what conditions.',
};

/** Orders and conditions given by the police rather than a court: who gave them is a police force. */
export const POLICE_KINDS: readonly OrderKind[] = ['dapn', 'bail-conditions'];

export const isPoliceKind = (kind: OrderKind) => POLICE_KINDS.includes(kind);

export const END_REASONS = ['heard', 'discharged', 'replaced', 'withdrawn', 'other'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const END_REASON_LABELS: Record<EndReason, string> = {
  heard: 'The court heard the application (for a notice)',
  discharged: 'The court discharged or ended it',
  replaced: 'A new order replaced it',
  withdrawn: 'It was withdrawn or cancelled',
  other: 'Another reason',
};

/** The expiry warning's default: orders ending within this many days appear on the worker's home page. */
export const DEFAULT_ENDING_SOON_DAYS = 28;
/** A notice whose hearing deadline is this close (or past) appears on the worker's home page. */
export const HEARING_SOON_DAYS = 2;

export const MAX_CONDITIONS = 30;
export const MAX_CONDITION_LENGTH = 500;

/** A person on the case, as the rules see them. */
export interface OnCase {
  id: string;
  role: string;
}

export interface OrderInput {
  kind: OrderKind;
  protectedIds: readonly string[];
  boundId: string;
  conditions: readonly string[];
  startsOn: PlainDate;
  /** Null: no expiry, or until further order. A notice has none: it lasts until the hearing. */
  expiresOn: PlainDate | null;
  /** The court that made it, or the police force that gave it. */
  madeBy: string;
  /** A notice: the instant it was given (its date is `startsOn`). */
  givenAt: Date | null;
}

export type Problem = { field: string; message: string } | null;

const problem = (field: string, message: string): Problem => ({ field, message });

/** The conditions as the worker typed them, one a line: blank lines dropped, each trimmed. */
export function conditionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function checkConditions(conditions: readonly string[]): Problem {
  if (conditions.length === 0) return problem('conditions', 'Write the conditions, one on each line');
  if (conditions.length > MAX_CONDITIONS) return problem('conditions', `Write at most ${MAX_CONDITIONS} conditions`);
  const long = conditions.findIndex((c) => c.length > MAX_CONDITION_LENGTH);
  if (long >= 0) return problem('conditions', `Condition ${long + 1} is too long: write ${MAX_CONDITION_LENGTH} characters or fewer on each line`);
  return null;
}

/** The first problem with a new order, or null. `now` is the instant it is recorded. */
export function checkOrder(input: OrderInput, people: readonly OnCase[], now: Date): Problem {
  if (!ORDER_KINDS.includes(input.kind)) return problem('kind', 'Choose the kind of order');
  const onCase = new Set(people.map((p) => p.id));
  if (input.protectedIds.length === 0) {
    return input.kind === 'child-arrangements' ? problem('protectedIds', 'Choose the children the order is about') : problem('protectedIds', 'Choose who the order protects');
  }
  if (input.protectedIds.some((id) => !onCase.has(id))) return problem('protectedIds', 'Choose people on this case');
  if (!input.boundId) return problem('boundId', 'Choose who must keep to the order');
  if (!onCase.has(input.boundId)) return problem('boundId', 'Choose a person on this case');
  if (input.protectedIds.includes(input.boundId)) return problem('boundId', 'The person who must keep to the order cannot also be protected by it');
  if (input.kind === 'child-arrangements') {
    const children = new Set(people.filter((p) => p.role === 'child').map((p) => p.id));
    if (!input.protectedIds.some((id) => children.has(id))) return problem('protectedIds', 'A child arrangements order must name the children it is about');
  }
  const conditions = checkConditions(input.conditions);
  if (conditions) return conditions;
  const madeBy = input.madeBy.trim();
  if (!madeBy) return problem('madeBy', isPoliceKind(input.kind) ? 'Enter the police force that gave it' : 'Enter the court that made it');
  if (madeBy.length > 200) return problem('madeBy', 'Write 200 characters or fewer');
  if (input.kind === 'dapn') {
    if (!input.givenAt) return problem('givenTime', 'Enter the time the notice was given, so the hearing deadline can be worked out');
    if (input.givenAt.getTime() > now.getTime()) return problem('startsOn', 'The notice cannot have been given in the future');
    if (input.expiresOn) return problem('expiresOn', 'A notice lasts until the court hears the application: leave the expiry date blank');
    return null;
  }
  if (input.expiresOn && compareDates(input.expiresOn, input.startsOn) <= 0) return problem('expiresOn', 'The expiry date must be after the start date');
  return null;
}

export interface Variation {
  variedOn: PlainDate;
  /** Null: the same expiry as now (use `noExpiry` for an order now made "until further order"). */
  expiresOn: PlainDate | null;
  noExpiry: boolean;
  /** Null: the same conditions as now. */
  conditions: readonly string[] | null;
}

export interface OrderState {
  kind: OrderKind;
  startsOn: PlainDate;
  expiresOn: PlainDate | null;
  conditions: readonly string[];
  endedOn: PlainDate | null;
}

/** The order as it reads after the variation, or the first problem with it. */
export function applyVariation(order: OrderState, v: Variation, today: PlainDate): { problem: Problem } | { expiresOn: PlainDate | null; conditions: readonly string[] } {
  if (order.endedOn) return { problem: problem('variedOn', 'This order has ended: record a new order instead') };
  if (order.kind === 'dapn') return { problem: problem('variedOn', 'A notice is not varied: when the court hears the application, end the notice and record the order it made') };
  if (compareDates(v.variedOn, today) > 0) return { problem: problem('variedOn', 'The date it was varied cannot be in the future') };
  if (compareDates(v.variedOn, order.startsOn) < 0) return { problem: problem('variedOn', 'The date it was varied cannot be before the order started') };
  const expiresOn = v.noExpiry ? null : (v.expiresOn ?? order.expiresOn);
  const conditions = v.conditions ?? order.conditions;
  const checked = checkConditions(conditions);
  if (checked) return { problem: checked };
  if (expiresOn && compareDates(expiresOn, v.variedOn) <= 0) return { problem: problem('expiresOn', 'The new expiry date must be after the date it was varied') };
  const sameConditions = conditions.length === order.conditions.length && conditions.every((c, i) => c === order.conditions[i]);
  if (expiresOn === order.expiresOn && sameConditions) return { problem: problem('expiresOn', 'Change the expiry date or the conditions, or both') };
  return { expiresOn, conditions };
}

/** The first problem with ending an order on this date, or null. */
export function checkEnding(order: OrderState, endedOn: PlainDate, reason: EndReason | null, today: PlainDate): Problem {
  if (order.endedOn) return problem('endedOn', 'This order has already ended');
  if (!reason || !END_REASONS.includes(reason)) return problem('reason', 'Choose why it ended');
  if (reason === 'heard' && order.kind !== 'dapn') return problem('reason', 'Only a notice ends when the court hears the application: choose another reason');
  if (compareDates(endedOn, today) > 0) return problem('endedOn', 'The date it ended cannot be in the future');
  if (compareDates(endedOn, order.startsOn) < 0) return problem('endedOn', 'The date it ended cannot be before it started');
  return null;
}

/**
 * In force on a date: started, not ended (an order ended on a day is no longer in force that day), and
 * not past its expiry (an order is in force on its expiry date itself). A notice has no expiry: it is
 * in force until it is ended.
 */
export function inForceOn(order: OrderState, date: PlainDate): boolean {
  if (compareDates(date, order.startsOn) < 0) return false;
  if (order.endedOn && compareDates(date, order.endedOn) >= 0) return false;
  if (order.expiresOn && compareDates(date, order.expiresOn) > 0) return false;
  return true;
}

/** In force today and expiring within `days` days (today included): on the worker's home page. */
export function endsWithin(order: OrderState, today: PlainDate, days: number): boolean {
  if (!order.expiresOn || !inForceOn(order, today)) return false;
  return compareDates(order.expiresOn, addDays(today, days)) <= 0;
}

/** A notice still in force whose hearing deadline is within `days` days of now, or already past. */
export function hearingDueSoon(order: OrderState & { hearingDeadline: Date | null }, now: Date, days = HEARING_SOON_DAYS): boolean {
  if (order.kind !== 'dapn' || !order.hearingDeadline || order.endedOn) return false;
  return order.hearingDeadline.getTime() <= now.getTime() + days * 86_400_000;
}

/** The tenant's setting: how many days ahead an expiry shows on the home page. */
export function checkEndingSoonDays(days: number): Problem {
  if (!Number.isInteger(days) || days < 1 || days > 365) return problem('days', 'Enter a whole number of days from 1 to 365');
  return null;
}

/** The order's status in words, for a tag. */
export function orderStatus(order: OrderState, today: PlainDate): 'in-force' | 'not-started' | 'expired' | 'ended' {
  if (order.endedOn && compareDates(today, order.endedOn) >= 0) return 'ended';
  if (compareDates(today, order.startsOn) < 0) return 'not-started';
  if (order.expiresOn && compareDates(today, order.expiresOn) > 0) return 'expired';
  return 'in-force';
}

/** The first problem with recording a breach at this moment (its London date `on`), or null. */
export function checkBreach(order: OrderState, occurredAt: Date, on: PlainDate, now: Date): Problem {
  if (occurredAt.getTime() > now.getTime()) return problem('occurredOn', 'The breach cannot have happened in the future');
  if (!inForceOn(order, on)) return problem('occurredOn', 'The order was not in force on that date: check the date, or the order');
  return null;
}
