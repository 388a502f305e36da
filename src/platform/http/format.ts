const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

/** 23 November 2026 */
export function formatDate(value: Date | string): string {
  return DATE.format(new Date(value));
}

/** 23 November 2026 at 2:05pm */
export function formatDateTime(value: Date | string): string {
  return `${formatDate(value)} at ${TIME.format(new Date(value)).replace(' ', '').toLowerCase()}`;
}
