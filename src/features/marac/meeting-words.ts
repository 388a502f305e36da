import { formatDate, formatTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'Europe/London' });

/** A meeting in words: "Eastwick Marac, Tuesday 8 December 2026, 10:00am". */
export function meetingInWords(m: { heldAt: Date; panelName: string }): string {
  return `${m.panelName}, ${WEEKDAY.format(m.heldAt)} ${formatDate(m.heldAt)}, ${formatTime(m.heldAt)}`;
}

/** Where a representative signs in to the Marac: the service's address when set, else the page alone. */
export function signInAddress(publicUrl: string | null | undefined): string {
  return publicUrl ? `${publicUrl.replace(/\/$/, '')}${paths.marac.myMeetings}` : paths.marac.myMeetings;
}
