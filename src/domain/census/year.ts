import { compareDates, type PlainDate } from '../calendar/plain-date.js';

/**
 * A collection year of the children in need census: year YYYY runs from 1 April YYYY-1 to 31 March
 * YYYY (the reference date). A child is in the census when a CIN episode of theirs was open on any day
 * of it.
 */
export interface CensusYear {
  year: number;
  start: PlainDate;
  end: PlainDate;
}

export class CensusYearError extends Error {}

/** The earliest and latest collection years the export takes. */
export const FIRST_CENSUS_YEAR = 2009;
export const LAST_CENSUS_YEAR = 2100;

export function censusYear(text: string): CensusYear {
  const trimmed = text.trim();
  if (!/^\d{4}$/.test(trimmed)) throw new CensusYearError('Enter the collection year as four digits, for example 2025 for April 2024 to March 2025');
  const year = Number(trimmed);
  if (year < FIRST_CENSUS_YEAR || year > LAST_CENSUS_YEAR) throw new CensusYearError(`The collection year must be from ${FIRST_CENSUS_YEAR} to ${LAST_CENSUS_YEAR}`);
  return { year, start: `${year - 1}-04-01` as PlainDate, end: `${year}-03-31` as PlainDate };
}

/** The collection year a day falls in (1 April starts the next one). */
export function censusYearOf(day: PlainDate): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '04-01' ? year + 1 : year;
}

/** Whether a span from `from` to `to` (open when null) touches the year. */
export function overlapsYear(year: CensusYear, from: PlainDate, to: PlainDate | null): boolean {
  return compareDates(from, year.end) <= 0 && (to === null || compareDates(to, year.start) >= 0);
}

/** A date kept only when it is on or before the reference date: the census shows things as they stood then. */
export function byYearEnd(year: CensusYear, date: PlainDate | null): PlainDate | null {
  return date !== null && compareDates(date, year.end) <= 0 ? date : null;
}
