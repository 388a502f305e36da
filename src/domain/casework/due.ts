import { compareDates, type PlainDate } from '../calendar/plain-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';

/** Where a dated step stands: done (on time or late), due, or overdue. */
export type DueState = 'done-on-time' | 'done-late' | 'due' | 'overdue';

export interface Due {
  dueOn: PlainDate;
  state: DueState;
  /** Working days from today to the due day: negative when overdue. */
  workingDaysLeft: number;
  /** "Due today", "4 working days left", "Overdue by 2 working days", "Done on time", "Done 3 working days late". */
  text: string;
}

const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/** A step due on `dueOn`, done on `doneOn` (or not yet), seen from `today`, in working days on the tenant's calendar. */
export function dueStatus(calendar: WorkingDayCalendar, today: PlainDate, dueOn: PlainDate, doneOn: PlainDate | null = null): Due {
  if (doneOn) {
    const late = calendar.workingDaysBetween(dueOn, doneOn);
    const onTime = compareDates(doneOn, dueOn) <= 0;
    return { dueOn, state: onTime ? 'done-on-time' : 'done-late', workingDaysLeft: 0, text: onTime ? 'Done on time' : `Done ${days(Math.max(1, late))} late` };
  }
  const left = calendar.workingDaysBetween(today, dueOn);
  if (compareDates(today, dueOn) > 0) return { dueOn, state: 'overdue', workingDaysLeft: left, text: `Overdue by ${days(Math.max(1, -left))}` };
  return { dueOn, state: 'due', workingDaysLeft: left, text: left <= 0 ? 'Due today' : `${days(left)} left` };
}
