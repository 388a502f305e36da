/**
 * A calendar date with no time or zone, written YYYY-MM-DD. Deadlines are days, not instants:
 * keeping them as plain dates means a clock change or a server in another zone can never move one.
 */
export type PlainDate = string & { readonly __plainDate: unique symbol };

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidDateError extends Error {}

/** Parses YYYY-MM-DD, refusing dates that do not exist (30 February, month 13). */
export function plainDate(text: string): PlainDate {
  const match = PATTERN.exec(text);
  if (!match) throw new InvalidDateError(`${text} is not a date in the form YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new InvalidDateError(`${text} is not a real date`);
  }
  return text as PlainDate;
}

export function isPlainDate(text: string): boolean {
  try {
    plainDate(text);
    return true;
  } catch {
    return false;
  }
}

function toUtc(date: PlainDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): PlainDate {
  return date.toISOString().slice(0, 10) as PlainDate;
}

export function addDays(date: PlainDate, days: number): PlainDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Adds calendar months; a day past the end of the target month becomes its last day (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(date: PlainDate, months: number): PlainDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: PlainDate): number {
  return toUtc(date).getUTCDay();
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar day in England of an instant (Europe/London, so 23:30 UTC in summer is the next day). */
export function londonDate(instant: Date): PlainDate {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}` as PlainDate;
}
