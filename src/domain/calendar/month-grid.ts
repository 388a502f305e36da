import { addDays, dayOfWeek, type PlainDate } from './plain-date.js';

/** A month as weeks of days, Monday first, for a calendar: days outside the month are null. */
export function monthGrid(month: string): (PlainDate | null)[][] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError('A month is YYYY-MM');
  const first = `${month}-01` as PlainDate;
  const weeks: (PlainDate | null)[][] = [];
  let week: (PlainDate | null)[] = Array.from({ length: (dayOfWeek(first) + 6) % 7 }, () => null);
  for (let day = first; day.startsWith(month); day = addDays(day, 1)) {
    week.push(day);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return weeks;
}

/** The month before or after, as YYYY-MM. */
export function otherMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}
