/**
 * Days as whole numbers (days since 1 January 1970) while a family is made, and as YYYY-MM-DD when it
 * is written: arithmetic on numbers is cheap, and a million families need a great deal of it.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const YEAR_DAYS = 365.2425;

export function dayOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

const texts = new Map<number, string>();

/** The day as YYYY-MM-DD (cached: families share few enough days). */
export function dateOf(day: number): string {
  let text = texts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (texts.size < 100_000) texts.set(day, text);
  }
  return text;
}

/** Whole years from the day of birth to the day. */
export function ageOn(dateOfBirth: number, day: number): number {
  const born = dateOf(dateOfBirth);
  const on = dateOf(day);
  const years = Number(on.slice(0, 4)) - Number(born.slice(0, 4));
  return on.slice(5) < born.slice(5) ? years - 1 : years;
}
