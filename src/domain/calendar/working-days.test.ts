import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BankHolidayImportError, parseGovUkBankHolidays, SHIPPED_BANK_HOLIDAYS } from './bank-holidays.js';
import { deadlines } from './deadlines.js';
import { addDays, addMonths, InvalidDateError, londonDate, plainDate, type PlainDate } from './plain-date.js';
import { defaultCalendar as cal, WorkingDayCalendar } from './working-days.js';

const d = plainDate;

describe('plain dates', () => {
  it('refuses dates that do not exist', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-00-10', '26-11-23', '2026-1-5', '']) {
      expect(() => plainDate(bad)).toThrow(InvalidDateError);
    }
    expect(plainDate('2028-02-29')).toBe('2028-02-29');
  });

  it('adds months, keeping to the end of short months', () => {
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2028-01-31'), 1)).toBe('2028-02-29');
    expect(addMonths(d('2026-08-31'), 3)).toBe('2026-11-30');
    expect(addMonths(d('2026-11-23'), 3)).toBe('2027-02-23');
    expect(addMonths(d('2026-11-23'), 6)).toBe('2027-05-23');
  });

  it('takes the day in London, not UTC', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});

describe('shipped bank holidays', () => {
  it('has the eight England and Wales holidays for each year 2024 to 2028', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028]) {
      expect(SHIPPED_BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`))).toHaveLength(8);
    }
    expect(cal.firstYear).toBe(2024);
    expect(cal.lastYear).toBe(2028);
  });
});

describe('working days', () => {
  it('knows weekends and bank holidays are not working days', () => {
    expect(cal.isWorkingDay(d('2026-11-23'))).toBe(true); // Monday
    expect(cal.isWorkingDay(d('2026-11-21'))).toBe(false); // Saturday
    expect(cal.isWorkingDay(d('2026-11-22'))).toBe(false); // Sunday
    expect(cal.isWorkingDay(d('2026-12-25'))).toBe(false); // Christmas Day, Friday
    expect(cal.isWorkingDay(d('2026-12-28'))).toBe(false); // Boxing Day substitute, Monday
    expect(cal.bankHoliday(d('2026-12-28'))?.title).toBe('Boxing Day');
  });

  it('Christmas 2026: Friday Christmas, Boxing Day substituted to Monday', () => {
    expect(cal.addWorkingDays(d('2026-12-24'), 1)).toBe('2026-12-29');
    expect(cal.addWorkingDays(d('2026-12-23'), 1)).toBe('2026-12-24');
    expect(cal.addWorkingDays(d('2026-12-25'), 1)).toBe('2026-12-29');
    expect(cal.addWorkingDays(d('2026-12-26'), 1)).toBe('2026-12-29');
    expect(cal.addWorkingDays(d('2026-12-31'), 1)).toBe('2027-01-04'); // New Year's Day Friday
    expect(cal.workingDaysBetween(d('2026-12-24'), d('2027-01-04'))).toBe(4); // 29, 30, 31 Dec, 4 Jan
  });

  it('Christmas 2027: both days at the weekend, substitutes on Monday and Tuesday, New Year substituted', () => {
    expect(cal.isWorkingDay(d('2027-12-27'))).toBe(false);
    expect(cal.isWorkingDay(d('2027-12-28'))).toBe(false);
    expect(cal.addWorkingDays(d('2027-12-24'), 1)).toBe('2027-12-29');
    expect(cal.addWorkingDays(d('2027-12-31'), 1)).toBe('2028-01-04'); // 3 Jan 2028 is the substitute
    expect(cal.workingDaysBetween(d('2027-12-24'), d('2028-01-04'))).toBe(4); // 29, 30, 31 Dec, 4 Jan
  });

  it('Easter: Good Friday and Easter Monday are skipped', () => {
    expect(cal.addWorkingDays(d('2026-04-02'), 1)).toBe('2026-04-07');
    expect(cal.addWorkingDays(d('2027-03-25'), 1)).toBe('2027-03-30');
    expect(cal.addWorkingDays(d('2028-04-13'), 2)).toBe('2028-04-19');
    expect(cal.workingDaysBetween(d('2026-04-02'), d('2026-04-07'))).toBe(1);
  });

  it('counts a Friday contact as due on Monday, or Tuesday after a bank holiday Monday', () => {
    expect(cal.addWorkingDays(d('2026-11-20'), 1)).toBe('2026-11-23');
    expect(cal.addWorkingDays(d('2026-08-28'), 1)).toBe('2026-09-01');
    expect(cal.addWorkingDays(d('2026-05-22'), 1)).toBe('2026-05-26');
  });

  it('goes backwards with negative days, and zero days is the same day', () => {
    expect(cal.addWorkingDays(d('2026-12-29'), -1)).toBe('2026-12-24');
    expect(cal.addWorkingDays(d('2026-11-21'), 0)).toBe('2026-11-21');
    expect(cal.workingDaysBetween(d('2026-12-29'), d('2026-12-24'))).toBe(-1);
    expect(() => cal.addWorkingDays(d('2026-11-23'), 1.5)).toThrow(RangeError);
  });

  const anyDate = fc
    .integer({ min: 0, max: 365 * 5 - 60 })
    .map((n) => addDays(d('2024-01-01'), n));

  it('addWorkingDays always lands on a working day and round-trips with workingDaysBetween', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 60 }), (start: PlainDate, n: number) => {
        const end = cal.addWorkingDays(start, n);
        expect(cal.isWorkingDay(end)).toBe(true);
        expect(cal.workingDaysBetween(start, end)).toBe(n);
        expect(cal.workingDaysBetween(end, start)).toBe(-n);
      }),
      { numRuns: 500 },
    );
  });

  it('never counts a weekend day or bank holiday (checked day by day for every date 2024–2028)', () => {
    let date = d('2024-01-01');
    let weekdays = 0;
    let working = 0;
    while (date <= '2028-12-31') {
      const day = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (day !== 0 && day !== 6) weekdays++;
      if (cal.isWorkingDay(date)) working++;
      date = addDays(date, 1);
    }
    // Every shipped holiday falls on a weekday (substitutes included), so each removes one working day.
    expect(weekdays - working).toBe(40);
  });
});

describe('importing later years', () => {
  const file = { 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'New Year’s Day', date: '2029-01-01', notes: '' }] } };

  it('adds a later year from the gov.uk format', () => {
    const later = cal.with(parseGovUkBankHolidays(file));
    expect(later.isWorkingDay(d('2029-01-01'))).toBe(false);
    expect(later.lastYear).toBe(2029);
    expect(later.isWorkingDay(d('2026-12-25'))).toBe(false);
  });

  it('refuses a file with a bad date, a missing title or no division, whole', () => {
    expect(() => parseGovUkBankHolidays({ 'england-and-wales': { events: [{ title: 'X', date: '2029-02-30' }] } })).toThrow(BankHolidayImportError);
    expect(() => parseGovUkBankHolidays({ 'england-and-wales': { events: [{ date: '2029-01-01' }] } })).toThrow(/no title/);
    expect(() => parseGovUkBankHolidays({ scotland: { events: [] } })).toThrow(/england-and-wales/);
    expect(() => parseGovUkBankHolidays('nope')).toThrow(BankHolidayImportError);
  });

  it('covers only the years it holds', () => {
    expect(cal.covers(d('2028-06-01'))).toBe(true);
    expect(cal.covers(d('2029-06-01'))).toBe(false);
    expect(new WorkingDayCalendar(SHIPPED_BANK_HOLIDAYS).covers(d('2023-12-31'))).toBe(false);
  });
});

describe('statutory deadlines', () => {
  const due = deadlines(cal);

  it('threshold decision: one working day', () => {
    expect(due.thresholdDecision(d('2026-12-24'))).toBe('2026-12-29');
  });

  it('assessment: 45 working days from the referral', () => {
    expect(due.assessment(d('2026-11-23'))).toBe('2027-01-28');
    expect(cal.workingDaysBetween(d('2026-11-23'), d('2027-01-28'))).toBe(45);
  });

  it('initial conference 15 working days after the strategy discussion; core group 10 after that', () => {
    expect(due.initialConference(d('2026-12-14'))).toBe('2027-01-07');
    expect(due.firstCoreGroup(d('2027-01-07'))).toBe('2027-01-21');
  });

  it('reviews at 3 months then every 6; Clare’s Law in 28 calendar days', () => {
    expect(due.firstReview(d('2026-11-30'))).toBe('2027-02-28');
    expect(due.nextReview(d('2027-02-28'))).toBe('2027-08-28');
    expect(due.claresLawDecision(d('2026-12-20'))).toBe('2027-01-17');
  });
});
