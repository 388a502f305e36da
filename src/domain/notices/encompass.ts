import { londonInstant, readTimeOfDay } from '../calendar/london-time.js';
import { addDays, londonDate, type PlainDate } from '../calendar/plain-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';

/**
 * Operation Encompass: after the police tell us of a domestic abuse incident a child lived through, the
 * child's school is told before the child arrives the next school day, so the staff there can be ready.
 * A school day here is a weekday that is not a bank holiday (the tenant's calendar); the school day starts
 * at a time the tenant sets (08:30 unless changed). Pure, tested in encompass.test.ts.
 */

export const DEFAULT_SCHOOL_DAY_START = '08:30';

export interface TimeOfDay {
  hours: number;
  minutes: number;
}

/** The tenant's start of the school day, as "HH:MM"; anything unreadable is the default. */
export function schoolDayStart(text: string | null | undefined): TimeOfDay {
  return readTimeOfDay(text ?? '') ?? (readTimeOfDay(DEFAULT_SCHOOL_DAY_START) as TimeOfDay);
}

/**
 * When the notice must reach the school: the start of the first school day that has not yet started when
 * the notification arrived. A notification at 07:00 on a school day is due at 08:30 that day; one at
 * 08:30 or later, or on a weekend or bank holiday, is due at 08:30 on the next school day.
 */
export function encompassDueAt(arrivedAt: Date, calendar: WorkingDayCalendar, start: TimeOfDay): Date {
  const arrivedOn = londonDate(arrivedAt);
  const startToday = londonInstant(arrivedOn, start);
  let day: PlainDate = arrivedOn;
  if (!calendar.isWorkingDay(day) || arrivedAt.getTime() >= startToday.getTime()) {
    day = addDays(day, 1);
    while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  }
  return londonInstant(day, start);
}

export type EncompassState = 'due' | 'overdue' | 'sent-on-time' | 'sent-late';

/** Where an Encompass notice stands, seen at `now`: sent (on time or late) or, until then, due or overdue. */
export function encompassState(dueAt: Date, now: Date, sentAt: Date | null): EncompassState {
  if (sentAt) return sentAt.getTime() <= dueAt.getTime() ? 'sent-on-time' : 'sent-late';
  return now.getTime() > dueAt.getTime() ? 'overdue' : 'due';
}
