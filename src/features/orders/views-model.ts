import { CONTACT_SOURCE_LABELS, type ContactSource } from '../../domain/contacts/contact.js';
import { END_REASON_LABELS, isPoliceKind, ORDER_KIND_LABELS, orderStatus, type OrderKind } from '../../domain/orders/orders.js';
import type { Viewer } from '../../domain/redaction/confidential.js';
import { presentIncidentPlace } from '../people/service.js';
import type { PlainDate } from '../../domain/calendar/plain-date.js';
import { formatDate, formatTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Member, OrderRecord } from './queries.js';

/** How the orders pages show an order: names for ids, dates as people write them, and a place named only as present() allows. */

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'Europe/London' });

/** "Wednesday 2 September 2026, 10:00am": a hearing deadline as it is read out. */
export function formatDeadline(at: Date): string {
  return `${WEEKDAY.format(at)} ${formatDate(at)}, ${formatTime(at)}`;
}

const STATUS_TAGS = {
  'in-force': { text: 'In force', classes: 'govuk-tag--green' },
  'not-started': { text: 'Not started yet', classes: 'govuk-tag--blue' },
  expired: { text: 'Expired', classes: 'govuk-tag--grey' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
} as const;

const nameOf = (m: { given_name: string; family_name: string }) => `${m.given_name} ${m.family_name}`;

export function namesOf(members: readonly Member[], ids: readonly string[]): string[] {
  return ids.map((id) => {
    const m = members.find((x) => x.id === id);
    return m ? nameOf(m) : 'Someone no longer on the case';
  });
}

export interface BreachRow {
  id: string;
  order_id: string;
  contact_id: string;
  occurred_at: Date;
  source: string;
  reference: string | null;
  recorded_by_name: string | null;
}

/** One order as its card and its page show it. */
export function orderView(o: OrderRecord, members: readonly Member[], viewer: Viewer, today: PlainDate, breaches: readonly BreachRow[]) {
  const status = orderStatus(o, today);
  // A place named in the order goes through the one presenter, as a place a contact gives does.
  const zone = presentIncidentPlace(o.exclusionZone, viewer, 'screen');
  return {
    id: o.id,
    kind: o.kind,
    label: ORDER_KIND_LABELS[o.kind],
    href: paths.orders.order(o.caseId, o.id),
    status: STATUS_TAGS[status],
    running: o.endedOn === null,
    /** In force, or not started yet: the list's first section; expired and ended orders are under "Ended or expired". */
    current: status === 'in-force' || status === 'not-started',
    protectedNames: namesOf(members, o.protectedIds),
    boundName: namesOf(members, [o.boundId])[0]!,
    madeByLabel: isPoliceKind(o.kind) ? 'Police force' : 'Court',
    madeBy: o.madeBy,
    startsOn: formatDate(o.startsOn),
    givenAt: o.givenAt ? `${formatDate(o.givenAt)} at ${formatTime(o.givenAt)}` : null,
    hearingDeadline: o.hearingDeadline ? formatDeadline(o.hearingDeadline) : null,
    hearingPassed: o.hearingDeadline !== null && o.hearingDeadline.getTime() < Date.now(),
    expires: o.kind === 'dapn' ? 'When the court hears the application' : o.expiresOn ? formatDate(o.expiresOn) : 'No expiry date (until further order)',
    conditions: o.conditions,
    zone: zone ? { text: zone.text ?? '', withheld: !zone.shown, withheldLabel: zone.withheldLabel } : null,
    version: o.version,
    ended: o.endedOn ? { on: formatDate(o.endedOn), reason: o.endReason ? END_REASON_LABELS[o.endReason] : '', note: o.endNote } : null,
    breaches: breaches
      .filter((b) => b.order_id === o.id)
      .map((b) => ({
        at: `${formatDate(b.occurred_at)} at ${formatTime(b.occurred_at)}`,
        reportedBy: CONTACT_SOURCE_LABELS[b.source as ContactSource] ?? b.source,
        reference: b.reference,
        recordedBy: b.recorded_by_name ?? 'A former user',
        href: paths.contacts.contact(b.contact_id),
      })),
  };
}

export type OrderView = ReturnType<typeof orderView>;

/** The versions of an order, as its history shows them (never the place named: that is on the order itself). */
export function versionRows(rows: readonly { version: number; expires_on: PlainDate | null; conditions: string[]; varied_on: PlainDate | null; reason: string | null; saved_at: Date; saved_by_name: string | null }[], kind: OrderKind) {
  return rows.map((v) => ({
    version: v.version,
    what: v.version === 1 ? 'As recorded' : `Varied on ${formatDate(v.varied_on!)}`,
    expires: kind === 'dapn' ? 'When the court hears the application' : v.expires_on ? formatDate(v.expires_on) : 'No expiry date',
    conditions: v.conditions,
    reason: v.reason,
    by: v.saved_by_name ?? 'A former user',
    savedAt: `${formatDate(v.saved_at)} at ${formatTime(v.saved_at)}`,
  }));
}
