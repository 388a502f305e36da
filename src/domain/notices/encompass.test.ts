import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonInstant } from '../calendar/london-time.js';
import { addDays, londonDate, plainDate } from '../calendar/plain-date.js';
import { defaultCalendar, WorkingDayCalendar } from '../calendar/working-days.js';
import { encompassDueAt, encompassState, schoolDayStart } from './encompass.js';

const start = schoolDayStart(null);
const at = (date: string, hours: number, minutes = 0) => londonInstant(plainDate(date), { hours, minutes });
const due = (date: string, hours: number, minutes = 0) => encompassDueAt(at(date, hours, minutes), defaultCalendar, start);

describe('when an Operation Encompass notice is due', () => {
  it('the school day starts at 08:30 unless the council says otherwise', () => {
    expect(start).toEqual({ hours: 8, minutes: 30 });
    expect(schoolDayStart('08:45')).toEqual({ hours: 8, minutes: 45 });
    expect(schoolDayStart('not a time')).toEqual({ hours: 8, minutes: 30 });
  });

  it('a notification at 07:00 on a school day is due at 08:30 that day', () => {
    // Tuesday 10 March 2026.
    expect(due('2026-03-10', 7)).toEqual(at('2026-03-10', 8, 30));
  });

  it('one at 08:30 or later on a school day is due at 08:30 the next school day', () => {
    expect(due('2026-03-10', 8, 30)).toEqual(at('2026-03-11', 8, 30));
    expect(due('2026-03-10', 23, 50)).toEqual(at('2026-03-11', 8, 30));
  });

  it('across a weekend: Friday evening and any time at the weekend are due on Monday morning', () => {
    expect(due('2026-03-13', 19)).toEqual(at('2026-03-16', 8, 30));
    expect(due('2026-03-14', 2)).toEqual(at('2026-03-16', 8, 30));
    expect(due('2026-03-15', 7)).toEqual(at('2026-03-16', 8, 30));
  });

  it('across a bank holiday: Good Friday and Easter Monday 2026 are not school days', () => {
    // Thursday 2 April 2026 after school starts: Friday 3 April (Good Friday), the weekend and Monday 6 April (Easter Monday) pass.
    expect(due('2026-04-02', 18)).toEqual(at('2026-04-07', 8, 30));
    expect(due('2026-04-06', 6)).toEqual(at('2026-04-07', 8, 30));
  });

  it('across the clock change: the Monday after clocks go forward is still 08:30 London time', () => {
    // Clocks went forward on Sunday 29 March 2026.
    const d = due('2026-03-27', 20);
    expect(d.toISOString()).toBe('2026-03-30T07:30:00.000Z');
  });

  it('uses the council’s own start time and its imported bank holidays', () => {
    const calendar = defaultCalendar.with([{ date: plainDate('2026-03-11'), title: 'A local closure day' }]);
    expect(encompassDueAt(at('2026-03-10', 9), calendar, { hours: 9, minutes: 0 })).toEqual(at('2026-03-12', 9, 0));
    expect(encompassDueAt(at('2026-03-10', 8, 45), calendar, { hours: 9, minutes: 0 })).toEqual(at('2026-03-10', 9, 0));
  });

  it('is due, then overdue; sent on time or late', () => {
    const dueAt = at('2026-03-11', 8, 30);
    expect(encompassState(dueAt, at('2026-03-11', 8, 0), null)).toBe('due');
    expect(encompassState(dueAt, at('2026-03-11', 8, 31), null)).toBe('overdue');
    expect(encompassState(dueAt, at('2026-03-12', 10), at('2026-03-11', 8, 15))).toBe('sent-on-time');
    expect(encompassState(dueAt, at('2026-03-12', 10), at('2026-03-11', 9, 15))).toBe('sent-late');
  });

  it('property: the notice is due after the notification, at the start of a school day, with no school day started in between', () => {
    const calendar: WorkingDayCalendar = defaultCalendar;
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-20T00:00:00Z'), noInvalidDate: true }), (arrived) => {
        const dueAt = encompassDueAt(arrived, calendar, start);
        const dueOn = londonDate(dueAt);
        expect(dueAt.getTime()).toBeGreaterThan(arrived.getTime());
        expect(calendar.isWorkingDay(dueOn)).toBe(true);
        expect(dueAt).toEqual(londonInstant(dueOn, start));
        // No school day's start lies between the notification and the due time.
        for (let d = londonDate(arrived); d < dueOn; d = addDays(d, 1)) {
          if (calendar.isWorkingDay(d)) expect(londonInstant(d, start).getTime()).toBeLessThanOrEqual(arrived.getTime());
        }
      }),
    );
  });
});
