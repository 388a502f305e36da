import shipped from './england-and-wales-bank-holidays.json' with { type: 'json' };
import { isPlainDate, plainDate, type PlainDate } from './plain-date.js';

export interface BankHoliday {
  date: PlainDate;
  title: string;
}

export class BankHolidayImportError extends Error {}

/** The file format gov.uk publishes at /bank-holidays.json (one division of it is all we read). */
interface GovUkBankHolidays {
  [division: string]: { division?: string; events?: { title?: unknown; date?: unknown }[] } | undefined;
}

export const ENGLAND_AND_WALES = 'england-and-wales';

/**
 * Reads bank holidays from the gov.uk JSON format. Refuses the whole file if any entry is not a real
 * date or has no title, so a bad import changes nothing.
 */
export function parseGovUkBankHolidays(json: unknown, division = ENGLAND_AND_WALES): BankHoliday[] {
  if (!json || typeof json !== 'object') throw new BankHolidayImportError('The file is not in the gov.uk bank holidays format');
  const events = (json as GovUkBankHolidays)[division]?.events;
  if (!Array.isArray(events)) throw new BankHolidayImportError(`The file has no "${division}" list of events`);
  if (events.length === 0) throw new BankHolidayImportError(`The "${division}" list is empty`);
  return events.map((event, index) => {
    const date = typeof event?.date === 'string' ? event.date : '';
    if (!isPlainDate(date)) throw new BankHolidayImportError(`Event ${index + 1} has no valid date (YYYY-MM-DD)`);
    if (typeof event.title !== 'string' || event.title.trim() === '') throw new BankHolidayImportError(`Event ${index + 1} (${date}) has no title`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(event.title)) throw new BankHolidayImportError(`Event ${index + 1} (${date}) has a control character in its title`);
    return { date: plainDate(date), title: event.title.trim() };
  });
}

/** England and Wales bank holidays 2024–2028, shipped with the product. */
export const SHIPPED_BANK_HOLIDAYS: readonly BankHoliday[] = parseGovUkBankHolidays(shipped);
