import { SHIPPED_BANK_HOLIDAYS, type BankHoliday } from './bank-holidays.js';
import { addDays, compareDates, dayOfWeek, type PlainDate } from './plain-date.js';

/** The days that are not working days besides weekends. Build one from shipped and imported holidays. */
export class WorkingDayCalendar {
  readonly #holidays: ReadonlyMap<string, BankHoliday>;
  readonly firstYear: number;
  readonly lastYear: number;

  constructor(holidays: readonly BankHoliday[]) {
    this.#holidays = new Map(holidays.map((h) => [h.date, h]));
    const years = holidays.map((h) => Number(h.date.slice(0, 4)));
    this.firstYear = Math.min(...years);
    this.lastYear = Math.max(...years);
  }

  /** Adds imported holidays (later years) to these; the same date twice is kept once. */
  with(holidays: readonly BankHoliday[]): WorkingDayCalendar {
    return new WorkingDayCalendar([...this.#holidays.values(), ...holidays]);
  }

  /** The bank holiday on this date, if there is one. */
  bankHoliday(date: PlainDate): BankHoliday | undefined {
    return this.#holidays.get(date);
  }

  /** Monday to Friday and not a bank holiday. */
  isWorkingDay(date: PlainDate): boolean {
    const day = dayOfWeek(date);
    return day !== 0 && day !== 6 && !this.#holidays.has(date);
  }

  /** True when the calendar holds bank holidays for the year of this date. */
  covers(date: PlainDate): boolean {
    const year = Number(date.slice(0, 4));
    return year >= this.firstYear && year <= this.lastYear;
  }

  /**
   * The date `days` working days after `from` (before it, for negative days). The start day itself
   * never counts, so one working day after a Friday referral is the Monday, or the Tuesday after a
   * bank holiday Monday; zero days is `from` itself.
   */
  addWorkingDays(from: PlainDate, days: number): PlainDate {
    if (!Number.isInteger(days)) throw new RangeError('days must be a whole number');
    const step = days >= 0 ? 1 : -1;
    let date = from;
    let left = Math.abs(days);
    while (left > 0) {
      date = addDays(date, step);
      if (this.isWorkingDay(date)) left--;
    }
    return date;
  }

  /**
   * Working days after `from` up to and including `to`; negative when `to` is earlier. For a
   * working day `to`, addWorkingDays(from, workingDaysBetween(from, to)) === to.
   */
  workingDaysBetween(from: PlainDate, to: PlainDate): number {
    const order = compareDates(from, to);
    if (order === 0) return 0;
    const [start, end, sign] = order < 0 ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let date = addDays(start, 1); compareDates(date, end) <= 0; date = addDays(date, 1)) {
      if (this.isWorkingDay(date)) count++;
    }
    return sign * count;
  }
}

export const defaultCalendar = new WorkingDayCalendar(SHIPPED_BANK_HOLIDAYS);
