import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonInstant } from '../calendar/london-time.js';
import { addDays, dayOfWeek, londonDate, plainDate, type PlainDate } from '../calendar/plain-date.js';
import { defaultCalendar } from '../calendar/working-days.js';
import { dapnHearingDeadline, isUncountedDay } from './hearing-deadline.js';

const at = (date: string, hours: number, minutes = 0) => londonInstant(plainDate(date), { hours, minutes });
const deadline = (date: string, hours: number, minutes = 0) => dapnHearingDeadline(at(date, hours, minutes), defaultCalendar);
const HOUR = 3_600_000;

describe('the hearing deadline of a domestic abuse protection notice', () => {
  it('is 48 hours later in a week with no Sunday or bank holiday in the way', () => {
    // Monday 14 September 2026, 9:30 → Wednesday 16 September, 9:30.
    expect(deadline('2026-09-14', 9, 30)).toEqual(at('2026-09-16', 9, 30));
    expect(deadline('2026-09-14', 9, 30).getTime() - at('2026-09-14', 9, 30).getTime()).toBe(48 * HOUR);
  });

  it('skips the Sunday and the bank holiday Monday: given Saturday 29 August 2026 at 10:00, due Wednesday 2 September at 10:00', () => {
    expect(defaultCalendar.bankHoliday(plainDate('2026-08-31'))).toBeTruthy();
    const due = deadline('2026-08-29', 10);
    expect(due).toEqual(at('2026-09-02', 10));
    expect(due.toISOString()).toBe('2026-09-02T09:00:00.000Z');
  });

  it('skips Christmas Day and the Boxing Day bank holiday', () => {
    // 2026: Christmas is a Friday, Boxing Day a Saturday with its bank holiday on Monday 28 December.
    // Given Thursday 24 December 2026 at 18:00: 6 hours on the 24th, none on the 25th (holiday), 24 on
    // Saturday the 26th (a Saturday counts), none on Sunday or Monday the 28th, 18 on Tuesday: 18:00.
    expect(deadline('2026-12-24', 18)).toEqual(at('2026-12-29', 18));
    // Given on Christmas Day itself: counting starts at midnight on Saturday 26th; 24 hours then, 24 on Tuesday.
    expect(deadline('2026-12-25', 11)).toEqual(at('2026-12-30', 0));
    // 2027: Christmas on a Saturday (its bank holiday Monday 27th), Boxing Day a Sunday (its bank holiday
    // Tuesday 28th). Christmas Day itself does not count although the list names only the 27th and 28th:
    // 12 hours on Friday 24th, none from the 25th to the 28th, 24 on the 29th, 12 on the 30th.
    expect(defaultCalendar.bankHoliday(plainDate('2027-12-25'))).toBeUndefined();
    expect(deadline('2027-12-24', 12)).toEqual(at('2027-12-30', 12));
  });

  it('keeps the London wall-clock time across the clocks going back (25 October 2026)', () => {
    // Saturday 24 October 10:00 BST → Tuesday 27 October 10:00 GMT: 73 hours of real time, one of them the extra hour of the Sunday not counted.
    const given = at('2026-10-24', 10);
    const due = deadline('2026-10-24', 10);
    expect(given.toISOString()).toBe('2026-10-24T09:00:00.000Z');
    expect(due.toISOString()).toBe('2026-10-27T10:00:00.000Z');
    expect(due.getTime() - given.getTime()).toBe((14 + 25 + 24 + 10) * HOUR);
  });

  it('keeps the London wall-clock time across the clocks going forward (29 March 2026)', () => {
    const due = deadline('2026-03-28', 10);
    expect(due.toISOString()).toBe('2026-03-31T09:00:00.000Z');
    expect(due).toEqual(at('2026-03-31', 10));
  });

  it('starts counting at midnight after a notice given on a Sunday', () => {
    expect(deadline('2026-09-13', 22, 15)).toEqual(at('2026-09-16', 0));
  });

  it('lands on midnight when the hours run out exactly at the end of a day', () => {
    // Given Friday 00:00: Friday and Saturday count in full; the deadline is the midnight that starts Sunday.
    expect(deadline('2026-09-18', 0)).toEqual(at('2026-09-20', 0));
  });

  it('uses holidays the council imported as well as the shipped ones', () => {
    const imported = defaultCalendar.with([{ date: plainDate('2026-09-15'), title: 'A local holiday' }]);
    expect(dapnHearingDeadline(at('2026-09-14', 9), imported)).toEqual(at('2026-09-17', 9));
  });

  it('counts 48 hours on days that count, whatever the moment (checked minute by minute against a plain walk)', () => {
    // The plain walk: step 15 minutes of real time at a time, counting each step that starts on a day that counts.
    // One formatter for the whole walk (London's date of each step), so the check stays quick.
    const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const walk = (given: Date): Date => {
      let counted = 0;
      let t = given.getTime();
      while (counted < 48 * 4) {
        if (!isUncountedDay(plainDate(london.format(new Date(t))), defaultCalendar)) counted++;
        t += 15 * 60_000;
      }
      return new Date(t);
    };
    const quarterHours = fc.integer({ min: 0, max: 4 * 24 * 365 * 2 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 15 * 60_000));
    fc.assert(
      fc.property(quarterHours, (given) => {
        const due = dapnHearingDeadline(given, defaultCalendar);
        // The walk reaches the end of the 48th counted quarter hour; when the notice was given on a day that
        // does not count, the formula starts at midnight and the walk at the first counted step: both agree.
        expect(due.getTime()).toBe(walk(isUncountedDay(londonDate(given), defaultCalendar) ? firstCountedMidnight(given) : given).getTime());
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  it('is never earlier than 48 hours after the notice, and a later notice never has an earlier deadline', () => {
    const instants = fc.date({ min: new Date('2024-01-01'), max: new Date('2028-12-01'), noInvalidDate: true });
    fc.assert(
      fc.property(instants, instants, (a, b) => {
        const [first, second] = a <= b ? [a, b] : [b, a];
        const dueFirst = dapnHearingDeadline(first, defaultCalendar);
        expect(dueFirst.getTime() - first.getTime()).toBeGreaterThanOrEqual(48 * HOUR);
        expect(dapnHearingDeadline(second, defaultCalendar).getTime()).toBeGreaterThanOrEqual(dueFirst.getTime());
      }),
    );
  });

  it('never falls inside a Sunday or a bank holiday (only ever on its first moment, midnight)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2024-01-01'), max: new Date('2028-12-01'), noInvalidDate: true }), (given) => {
        const due = dapnHearingDeadline(given, defaultCalendar);
        const day = londonDate(due);
        if (isUncountedDay(day, defaultCalendar)) expect(due).toEqual(londonInstant(day, { hours: 0, minutes: 0 }));
      }),
    );
  });

  it('treats every Sunday as not counted', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), (n) => {
      const day = addDays(plainDate('2024-01-07'), n * 7);
      return dayOfWeek(day) === 0 && isUncountedDay(day, defaultCalendar);
    }));
  });
});

/** Midnight at the start of the first day that counts after the notice's day. */
function firstCountedMidnight(given: Date): Date {
  let day: PlainDate = londonDate(given);
  while (isUncountedDay(day, defaultCalendar)) day = addDays(day, 1);
  return londonInstant(day, { hours: 0, minutes: 0 });
}
