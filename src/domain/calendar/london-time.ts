import type { PlainDate } from './plain-date.js';

/**
 * Wall-clock times in London, the time zone every practitioner works in. Pure (Intl only), tested at
 * both clock changes in london-time.test.ts.
 */

const WALL = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** The London date and time of an instant, as "YYYY-MM-DD HH:MM". */
function wallClock(at: number): string {
  const parts = Object.fromEntries(WALL.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** "14:30", "9:05" or "9.05" as hours and minutes, or null when it is not a time of day. */
export function readTimeOfDay(text: string): { hours: number; minutes: number } | null {
  const m = /^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$/.exec(text);
  return m ? { hours: Number(m[1]), minutes: Number(m[2]) } : null;
}

/**
 * The instant a London wall-clock time names. In the hour that happens twice when the clocks go back,
 * the first (summer time) is meant; a time skipped when the clocks go forward is read an hour later.
 */
export function londonInstant(date: PlainDate, time: { hours: number; minutes: number }): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, time.hours, time.minutes);
  const wanted = `${date} ${String(time.hours).padStart(2, '0')}:${String(time.minutes).padStart(2, '0')}`;
  // London is UTC or one hour ahead: the earlier of the two readings that show this wall time.
  const fits = [asUtc - 3_600_000, asUtc].filter((at) => wallClock(at) === wanted);
  return new Date(fits[0] ?? asUtc);
}

/** The London wall-clock time of an instant as "HH:MM" (24-hour), as a time box shows it. */
export function londonTimeOfDay(at: Date): string {
  return wallClock(at.getTime()).slice(11);
}
