import { addDays, addMonths, compareDates, dayOfWeek, type PlainDate } from '../calendar/plain-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';

/**
 * The rules of Marac meetings: when a series falls, when the agenda goes out and research is due, which
 * meeting a referral goes to, the agenda's order, and how long an agency's representatives see a case.
 * Pure: the calendar and the clock are given.
 */

export const CADENCES = ['single', 'fortnightly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** A series is at most a year of meetings. */
export const MAX_SERIES = 26;

export interface PanelTimings {
  /** The agenda goes out this many working days before the meeting. */
  circulateDays: number;
  /** Research is due this many working days before the meeting. */
  researchDays: number;
  /** Representatives see the meeting's cases for this many days after it. */
  windowDays: number;
  /** Cases a meeting takes before the coordinator is warned. */
  meetingCap: number;
}

export const DEFAULT_PANEL_TIMINGS: PanelTimings = { circulateDays: 5, researchDays: 2, windowDays: 30, meetingCap: 16 };

/** The week of the month a date falls in: 1 for days 1 to 7, … 5 for days 29 to 31. */
function weekOfMonth(date: PlainDate): number {
  return Math.ceil(Number(date.slice(8, 10)) / 7);
}

/** The nth given weekday of the month that `monthOf` is in; the last such weekday when the month has no nth. */
function nthWeekday(monthOf: PlainDate, weekday: number, n: number): PlainDate {
  const first = `${monthOf.slice(0, 8)}01` as PlainDate;
  let date = addDays(first, (weekday - dayOfWeek(first) + 7) % 7);
  for (let i = 1; i < n; i++) {
    const next = addDays(date, 7);
    if (next.slice(0, 7) !== first.slice(0, 7)) break;
    date = next;
  }
  return date;
}

/**
 * The days of a series of meetings starting on `first`: every 14 days, or monthly on the same week and
 * weekday ("the second Tuesday"; the last one in a month without a fifth). A day that is not a working
 * day moves to the next working day, so no meeting is set on a bank holiday.
 */
export function seriesDays(first: PlainDate, cadence: Cadence, count: number, calendar: WorkingDayCalendar): PlainDate[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SERIES) throw new RangeError(`A series is 1 to ${MAX_SERIES} meetings`);
  const n = cadence === 'single' ? 1 : count;
  const days: PlainDate[] = [];
  for (let i = 0; i < n; i++) {
    const planned = cadence === 'fortnightly' ? addDays(first, 14 * i) : cadence === 'monthly' ? nthWeekday(addMonths(`${first.slice(0, 8)}01` as PlainDate, i), dayOfWeek(first), weekOfMonth(first)) : first;
    days.push(calendar.isWorkingDay(planned) ? planned : calendar.addWorkingDays(planned, 1));
  }
  return days;
}

/** When the agenda should go out and when research is due, counted back in working days from the meeting. */
export function meetingDeadlines(held: PlainDate, timings: Pick<PanelTimings, 'circulateDays' | 'researchDays'>, calendar: WorkingDayCalendar): { circulateOn: PlainDate; researchDueOn: PlainDate } {
  return { circulateOn: calendar.addWorkingDays(held, -timings.circulateDays), researchDueOn: calendar.addWorkingDays(held, -timings.researchDays) };
}

export interface MeetingSlot {
  id: string;
  heldAt: Date;
  status: 'scheduled' | 'cancelled';
  /** Cases on its agenda now. */
  cases: number;
  /** Cases it takes before the coordinator is warned (its panel's). */
  cap: number;
}

/** Why a referral cannot go onto this meeting, or null when it can. */
export function acceptRefusal(meeting: Pick<MeetingSlot, 'heldAt' | 'status'>, now: Date): string | null {
  if (meeting.status === 'cancelled') return 'This meeting has been cancelled: choose another';
  if (meeting.heldAt.getTime() <= now.getTime()) return 'This meeting has already taken place: choose a later one';
  return null;
}

/** The next meeting still to come with room under the cap; the next to come at all when every one is full; null when none is scheduled. */
export function nextMeetingWithRoom<M extends MeetingSlot>(meetings: readonly M[], now: Date): M | null {
  const open = meetings.filter((m) => acceptRefusal(m, now) === null).sort((a, b) => a.heldAt.getTime() - b.heldAt.getTime());
  return open.find((m) => m.cases < m.cap) ?? open[0] ?? null;
}

/** Whether adding one more case takes the meeting over its cap (the coordinator is warned, not stopped). */
export function overCap(casesNow: number, cap: number): boolean {
  return casesNow + 1 > cap;
}

export interface AgendaEntry {
  id: string;
  repeat: boolean;
  /** The highest risk known: the checklist score on the referral (null when none), and whether the visible high risk criterion was met. */
  score: number | null;
  visibleHighRisk: boolean;
  referredOn: PlainDate;
}

/** The agenda's default order: repeats first, then the highest risk, then the longest waiting. */
export function agendaOrder<E extends AgendaEntry>(entries: readonly E[]): E[] {
  return [...entries].sort(
    (a, b) =>
      Number(b.repeat) - Number(a.repeat) ||
      Number(b.visibleHighRisk) - Number(a.visibleHighRisk) ||
      (b.score ?? -1) - (a.score ?? -1) ||
      compareDates(a.referredOn, b.referredOn) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export type PartnerWindow = 'not-yet-circulated' | 'open' | 'closed';

/**
 * Whether an agency's representatives may see a meeting's cases now: from when the agenda goes out until
 * `windowDays` days after the meeting. A cancelled meeting shows them nothing.
 */
export function partnerWindow(now: Date, meeting: { heldAt: Date; circulatedAt: Date | null; status: 'scheduled' | 'cancelled' }, windowDays: number): PartnerWindow {
  if (meeting.status === 'cancelled') return 'closed';
  if (!meeting.circulatedAt || meeting.circulatedAt.getTime() > now.getTime()) return 'not-yet-circulated';
  return now.getTime() < windowClosesAt(meeting.heldAt, windowDays).getTime() ? 'open' : 'closed';
}

/** When representatives stop seeing a meeting's cases. */
export function windowClosesAt(heldAt: Date, windowDays: number): Date {
  return new Date(heldAt.getTime() + windowDays * 86_400_000);
}
