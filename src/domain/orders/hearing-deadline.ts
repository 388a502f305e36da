import { londonInstant } from '../calendar/london-time.js';
import { addDays, dayOfWeek, londonDate, type PlainDate } from '../calendar/plain-date.js';

/**
 * When the court must hear the application for a domestic abuse protection order after the police gave
 * a domestic abuse protection notice: 48 hours after the notice was given, not counting Sundays and bank
 * holidays. The notice lasts until that hearing.
 *
 * Time is counted on the London wall clock (Europe/London), the time everyone involved works in: the
 * notice's moment is read as a London date and time, 48 hours of wall-clock time are walked forward
 * skipping every whole Sunday and bank holiday (each from midnight to midnight, London time), and the
 * London date and time reached is turned back into an instant. The clocks in England change only on a
 * Sunday, which is never counted, so counting wall-clock hours and counting elapsed hours give the
 * same answer; wall-clock hours are used because that is how a deadline is read out ("Wednesday at
 * 10am"). A notice given on a Sunday or a bank holiday starts counting at midnight of the next day
 * that counts.
 */

export const DAPN_HEARING_HOURS = 48;

const MINUTES_A_DAY = 24 * 60;

/** The bank holidays: the tenant's calendar (shipped and imported). */
export interface HolidayCalendar {
  bankHoliday(date: PlainDate): unknown;
}

/**
 * The days that do not count: every Sunday, every bank holiday, and Christmas Day and Good Friday even
 * when the published list leaves them out (Christmas Day on a Saturday is listed only by the Monday or
 * Tuesday that stands in for it; the law leaves out the day itself as well).
 */
export function isUncountedDay(date: PlainDate, calendar: HolidayCalendar): boolean {
  return dayOfWeek(date) === 0 || date.endsWith('-12-25') || Boolean(calendar.bankHoliday(date));
}

/** The London wall-clock minute of the day of an instant (0 to 1439). */
function londonMinuteOfDay(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return get('hour') * 60 + get('minute');
}

/** The instant the hearing of the order application must happen by, for a notice given at `givenAt`. */
export function dapnHearingDeadline(givenAt: Date, calendar: HolidayCalendar, hours = DAPN_HEARING_HOURS): Date {
  if (Number.isNaN(givenAt.getTime())) throw new RangeError('The time the notice was given is not a real time');
  let day = londonDate(givenAt);
  // Seconds are carried through unchanged: only whole minutes are walked.
  let seconds = givenAt.getUTCSeconds() * 1000 + givenAt.getUTCMilliseconds();
  let minute = londonMinuteOfDay(givenAt);
  let left = hours * 60;
  for (;;) {
    if (isUncountedDay(day, calendar)) {
      day = addDays(day, 1);
      minute = 0;
      seconds = 0;
      continue;
    }
    const rest = MINUTES_A_DAY - minute;
    if (left <= rest) {
      // Landing exactly on midnight reads as 00:00 of the next day, whether or not that day counts.
      const end = minute + left;
      const on = end === MINUTES_A_DAY ? addDays(day, 1) : day;
      const at = end % MINUTES_A_DAY;
      return new Date(londonInstant(on, { hours: Math.floor(at / 60), minutes: at % 60 }).getTime() + seconds);
    }
    left -= rest;
    day = addDays(day, 1);
    minute = 0;
  }
}
