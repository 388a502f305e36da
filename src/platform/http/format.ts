const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
/** hourCycle h12 (1–12), not `hour12: true`, which en-GB turns into h11 ("0:05 pm"). */
const TIME = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'Europe/London' });

/** 23 November 2026 */
export function formatDate(value: Date | string): string {
  return DATE.format(new Date(value));
}

/** 2:05pm, or midnight and midday as the GOV.UK style guide words them. */
export function formatTime(value: Date | string): string {
  const parts = TIME.formatToParts(new Date(value));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = part('hour');
  const minute = part('minute');
  const period = part('dayPeriod').toLowerCase().replace(/[^a-z]/g, '');
  if (hour === '12' && minute === '00') return period === 'am' ? 'midnight' : 'midday';
  return `${hour}:${minute}${period}`;
}

/** 23 November 2026 at 2:05pm */
export function formatDateTime(value: Date | string): string {
  return `${formatDate(value)} at ${formatTime(value)}`;
}

/** A label as it reads inside a sentence: "Date of birth" becomes "date of birth"; "NHS number" stays. */
export function inSentence(label: string): string {
  return /^[A-Z]{2,}\b/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** Text made safe to place inside HTML built in code (a table cell's `html`, for example). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}
