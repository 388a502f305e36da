import { londonInstant, readTimeOfDay } from '../../domain/calendar/london-time.js';
import { addDays, londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import type { ContactSource } from '../../domain/contacts/contact.js';
import { dapnHearingDeadline } from '../../domain/orders/hearing-deadline.js';
import {
  applyVariation,
  checkBreach,
  checkEnding,
  checkEndingSoonDays,
  checkOrder,
  conditionLines,
  DEFAULT_ENDING_SOON_DAYS,
  HEARING_SOON_DAYS,
  inForceOn,
  ORDER_KIND_LABELS,
  type EndReason,
  type OrderKind,
  type Problem,
} from '../../domain/orders/orders.js';
import { appearsIn, Confidential, type Viewer } from '../../domain/redaction/confidential.js';
import { accessFacts, caseViewerOf, requireAccess, viewerOf } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { formatDate } from '../../platform/http/format.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { tenantCalendar } from '../calendar/service.js';
import { recordIncidentWithin } from '../contacts/service.js';
import type { NewContactInput } from '../contacts/schemas.js';
import * as q from './queries.js';

export class OrdersError extends ServiceError {}

export interface NewOrderInput {
  kind: OrderKind;
  protectedIds: string[];
  boundId: string;
  madeBy: string;
  startsOn: PlainDate;
  /** A notice: the time it was given, as typed ("10:00"). */
  givenTime: string;
  expiresOn: PlainDate | null;
  conditions: string;
  exclusionZone: string;
  withholdZone: boolean;
}

export interface VariationInput {
  variedOn: PlainDate;
  expiresOn: PlainDate | null;
  noExpiry: boolean;
  conditions: string;
  reason: string;
  version: number;
}

export interface EndingInput {
  endedOn: PlainDate;
  reason: EndReason | null;
  note: string;
}

export interface BreachInput {
  occurredOn: PlainDate;
  occurredTime: string;
  source: ContactSource;
  reference: string;
  summary: string;
  childrenPresent: boolean;
  injuries: boolean;
  weaponUsed: boolean;
  alcoholOrDrugs: boolean;
}

function refuse(p: Problem): void {
  if (p) throw new OrdersError(400, p.message, p.field);
}

function optionalText(value: string, field: string, max: number): string | null {
  const text = value.trim();
  if (text.length > max) throw new OrdersError(400, `Write ${max.toLocaleString('en-GB')} characters or fewer`, field);
  return text || null;
}

/** Free text may never carry a protected person's withheld address, number or code word: the place belongs in its own withheld box. */
async function refuseWithheldText(trx: Trx, personIds: readonly string[], field: string, texts: readonly string[], message: string): Promise<void> {
  const held = await q.withheldValues(trx, personIds);
  if (texts.some((t) => held.some((h) => appearsIn(h, t)))) throw new OrdersError(400, message, field);
}

const CONDITIONS_HOLD_PLACE = 'A condition names a place or number that is withheld. Write the place in the box for a place named in the order, where it stays withheld';

/**
 * Protective orders on a case: recorded, read, varied (every earlier version kept), ended, and breached
 * (a breach is recorded as a contact, so it is an incident like any other). Every call starts with the
 * one access decision on the case.
 */
/**
 * Who may see each order's withheld place: a role that holds withheld whereabouts on the case, or someone
 * who may see the withheld whereabouts of every person the order protects whose whereabouts are withheld
 * (a named grant on her record reaches the place that is hers). A place withheld only because the worker
 * said so needs the role.
 */
async function zoneViewers(trx: Trx, user: CurrentUser, caseViewer: Viewer, orders: readonly q.OrderRecord[]): Promise<Map<string, Viewer>> {
  if (caseViewer.mayViewWithheld) return new Map(orders.map((o) => [o.id, caseViewer]));
  const withheld = await q.withheldWhereabouts(trx, [...new Set(orders.flatMap((o) => o.protectedIds))]);
  const mayPerson = new Map<string, boolean>();
  for (const id of withheld) {
    const facts = await accessFacts(trx, user, { kind: 'person', id });
    mayPerson.set(id, facts !== null && viewerOf(user, facts).mayViewWithheld);
  }
  return new Map(
    orders.map((o) => {
      const theirs = o.protectedIds.filter((id) => withheld.has(id));
      return [o.id, { id: user.id, mayViewWithheld: theirs.length > 0 && theirs.every((id) => mayPerson.get(id)) }];
    }),
  );
}

export function ordersService(db: Database) {
  const audit = (trx: Trx, user: CurrentUser, action: string, caseId: string, requestId: string, details: Record<string, unknown>) =>
    recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'case', subjectId: caseId, requestId, details });

  async function openOrder(trx: Trx, caseId: string, orderId: string) {
    const [order] = await q.caseOrders(trx, caseId, orderId);
    if (!order) throw new OrdersError(404, 'There is no such order on this case');
    return order;
  }

  return {
    /**
     * The orders in force on the case today, one line each as a notice to a school lists them: what it is,
     * whom it binds, who made it and until when. Never the place an order names, nor its conditions.
     */
    async inForce(user: CurrentUser, caseId: string): Promise<string[]> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const [orders, members] = await Promise.all([q.caseOrders(trx, caseId), q.caseMembers(trx, caseId)]);
        const today = londonDate(new Date());
        const nameOf = (id: string) => members.find((m) => m.id === id);
        return orders
          .filter((o) => inForceOn(o, today))
          .map((o) => {
            const bound = nameOf(o.boundId);
            const until = o.expiresOn ? `until ${formatDate(o.expiresOn)}` : 'with no end date';
            return `${ORDER_KIND_LABELS[o.kind]}${bound ? ` binding ${bound.given_name} ${bound.family_name}` : ''}, made by ${o.madeBy}, ${until}`;
          });
      });
    },

    /** The case's orders with their breaches, the people on the case, and what this viewer may see of a withheld place. */
    async caseOrders(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const kase = await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const orders = await q.caseOrders(trx, caseId);
        const [members, breaches] = await Promise.all([q.caseMembers(trx, caseId), q.breaches(trx, orders.map((o) => o.id))]);
        const viewers = await zoneViewers(trx, user, caseViewerOf(user, kase), orders);
        return { orders: orders.map((order) => ({ order, viewer: viewers.get(order.id)! })), members, breaches, today: londonDate(new Date()), mayEdit: can(user, 'case:edit', kase) };
      });
    },

    /** One order with its versions and breaches; a withheld place shown to someone who may see it is audited as a view of whereabouts. */
    async order(user: CurrentUser, caseId: string, orderId: string, requestId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        const kase = await requireAccess(trx, user, 'case:view', { kind: 'case', id: caseId });
        const order = await openOrder(trx, caseId, orderId);
        const [members, versions, breaches, names] = await Promise.all([q.caseMembers(trx, caseId), q.versions(trx, orderId), q.breaches(trx, [orderId]), q.userNames(trx, [order.recordedBy])]);
        const viewer = (await zoneViewers(trx, user, caseViewerOf(user, kase), [order])).get(order.id)!;
        if (viewer.mayViewWithheld && order.exclusionZone?.withheld) {
          await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'whereabouts.view', subjectType: 'case', subjectId: caseId, requestId, details: { orderId, place: 'exclusion-zone' } });
        }
        return { order, members, versions, breaches, viewer, recordedBy: names.get(order.recordedBy) ?? 'A former user', today: londonDate(new Date()), mayEdit: can(user, 'case:edit', kase) };
      });
    },

    /** What the new order form needs: the people on the case, and which of them have withheld whereabouts. */
    async formContext(user: CurrentUser, caseId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const members = await q.caseMembers(trx, caseId);
        return { members, withheld: await q.withheldWhereabouts(trx, members.map((m) => m.id)) };
      });
    },

    /** Records an order (a notice's hearing deadline worked out on the council's calendar); answers its id. */
    async add(user: CurrentUser, caseId: string, input: NewOrderInput, requestId: string): Promise<string> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const members = await q.caseMembers(trx, caseId);
        const now = new Date();
        const time = input.kind === 'dapn' ? readTimeOfDay(input.givenTime) : null;
        if (input.kind === 'dapn' && input.givenTime.trim() && !time) throw new OrdersError(400, 'Enter the time the notice was given, like 10:00 or 14:30', 'givenTime');
        const givenAt = time ? londonInstant(input.startsOn, time) : null;
        const conditions = conditionLines(input.conditions);
        const madeBy = input.madeBy.trim();
        refuse(checkOrder({ kind: input.kind, protectedIds: input.protectedIds, boundId: input.boundId, conditions, startsOn: input.startsOn, expiresOn: input.expiresOn, madeBy, givenAt }, members, now));
        await refuseWithheldText(trx, members.map((m) => m.id), 'conditions', conditions, CONDITIONS_HOLD_PLACE);
        const zone = optionalText(input.exclusionZone, 'exclusionZone', 500);
        const withheld = await q.withheldWhereabouts(trx, input.protectedIds);
        const zoneWithheld = zone !== null && (input.withholdZone || input.protectedIds.some((id) => withheld.has(id)));
        let hearingDeadline: Date | null = null;
        if (givenAt) {
          const calendar = await tenantCalendar(trx);
          hearingDeadline = dapnHearingDeadline(givenAt, calendar);
          const lastDay = londonDate(hearingDeadline);
          if (!calendar.covers(lastDay)) throw new OrdersError(400, `The calendar has no bank holidays for ${lastDay.slice(0, 4)}, so the hearing deadline cannot be worked out: ask an administrator to import them`, 'startsOn');
        }
        const id = await q.insertOrder(trx, {
          tenantId: user.tenantId,
          caseId,
          kind: input.kind,
          protectedIds: input.protectedIds,
          boundId: input.boundId,
          madeBy,
          startsOn: input.startsOn,
          givenAt,
          hearingDeadline,
          expiresOn: input.kind === 'dapn' ? null : input.expiresOn,
          conditions,
          exclusionZone: zone === null ? null : Confidential.of(zone),
          zoneWithheld,
          by: user.id,
        });
        await audit(trx, user, 'order.add', caseId, requestId, { orderId: id, kind: input.kind, zoneWithheld });
        return id;
      });
    },

    /** A new expiry or new conditions from the court; the earlier version is kept. */
    async vary(user: CurrentUser, caseId: string, orderId: string, input: VariationInput, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const order = await openOrder(trx, caseId, orderId);
        if (order.version !== input.version) throw new OrdersError(409, 'Someone else changed this order while you were looking at it: read it again, then make your change', 'expiresOn');
        const typed = conditionLines(input.conditions);
        const varied = applyVariation(order, { variedOn: input.variedOn, expiresOn: input.expiresOn, noExpiry: input.noExpiry, conditions: typed.length ? typed : null }, londonDate(new Date()));
        if ('problem' in varied) return refuse(varied.problem);
        await refuseWithheldText(trx, (await q.caseMembers(trx, caseId)).map((m) => m.id), 'conditions', varied.conditions, CONDITIONS_HOLD_PLACE);
        const reason = optionalText(input.reason, 'reason', 2000);
        const saved = await q.saveVariation(trx, { tenantId: user.tenantId, orderId, fromVersion: order.version, expiresOn: varied.expiresOn, conditions: varied.conditions, variedOn: input.variedOn, reason, by: user.id });
        if (!saved) throw new OrdersError(409, 'Someone else changed this order while you were looking at it: read it again, then make your change', 'expiresOn');
        await audit(trx, user, 'order.vary', caseId, requestId, { orderId, version: order.version + 1 });
      });
    },

    /** Ends (discharges) an order; it stays on the case, ended. */
    async end(user: CurrentUser, caseId: string, orderId: string, input: EndingInput, requestId: string): Promise<void> {
      await db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const order = await openOrder(trx, caseId, orderId);
        refuse(checkEnding(order, input.endedOn, input.reason, londonDate(new Date())));
        const note = optionalText(input.note, 'note', 2000);
        if (!(await q.endOrder(trx, { orderId, endedOn: input.endedOn, reason: input.reason!, note, by: user.id }))) throw new OrdersError(409, 'This order has already ended', 'endedOn');
        await audit(trx, user, 'order.end', caseId, requestId, { orderId, reason: input.reason });
      });
    },

    /**
     * Records a breach as a contact naming the protected adults as victims, the bound person as the
     * person causing harm, and the case's children: an incident that counts for the Marac criteria and
     * goes to the case's allocated worker to review. Answers the contact's id.
     */
    async recordBreach(user: CurrentUser, caseId: string, orderId: string, input: BreachInput, requestId: string): Promise<string> {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const order = await openOrder(trx, caseId, orderId);
        const time = readTimeOfDay(input.occurredTime);
        if (!time) throw new OrdersError(400, 'Enter the time it happened, like 21:40', 'occurredTime');
        const occurredAt = londonInstant(input.occurredOn, time);
        const now = new Date();
        refuse(checkBreach(order, occurredAt, input.occurredOn, now));
        const summary = optionalText(input.summary, 'summary', 5000);
        if (!summary) throw new OrdersError(400, 'Say what happened', 'summary');
        const reference = optionalText(input.reference, 'reference', 100);
        if (input.source === 'police' && !reference) throw new OrdersError(400, 'Enter the police reference', 'reference');
        const members = await q.caseMembers(trx, caseId);
        await refuseWithheldText(trx, members.map((m) => m.id), 'summary', [summary], 'This names a place or number that is withheld: take it out. The contact is read by the MASH as well');
        const named = members.filter((m) => m.id === order.boundId || order.protectedIds.includes(m.id) || m.role === 'child');
        const contact: NewContactInput = {
          source: input.source,
          ...(reference ? { reference } : {}),
          receivedAt: now.toISOString(),
          incident: {
            occurredAt: occurredAt.toISOString(),
            abuseTypes: [],
            childrenPresent: input.childrenPresent,
            injuries: input.injuries,
            weaponUsed: input.weaponUsed,
            alcoholOrDrugs: input.alcoholOrDrugs,
            summary: `A breach of the ${ORDER_KIND_LABELS[order.kind].toLowerCase()} recorded on the case. ${summary}`,
          },
          people: named.map((m, i) => ({
            ref: `p${i + 1}`,
            role: m.id === order.boundId ? 'person-causing-harm' : m.role === 'child' ? 'child' : order.protectedIds.includes(m.id) ? 'victim' : 'other-adult',
            personId: m.id,
            givenName: m.given_name,
            familyName: m.family_name,
            ...(m.date_of_birth ? { dateOfBirth: String(m.date_of_birth).slice(0, 10) } : {}),
          })),
        };
        let recorded: { contactId: string };
        try {
          recorded = await recordIncidentWithin(trx, user, contact, requestId);
        } catch (error) {
          if (error instanceof ServiceError && error.status === 400) {
            const field = error.field === 'reference' ? 'reference' : error.field.endsWith('summary') ? 'summary' : 'form';
            throw new OrdersError(400, field === 'form' ? `The incident could not be recorded: ${error.message}` : error.message, field);
          }
          throw error;
        }
        await q.insertBreach(trx, { tenantId: user.tenantId, orderId, contactId: recorded.contactId, occurredAt, by: user.id });
        await audit(trx, user, 'order.breach', caseId, requestId, { orderId, contactId: recorded.contactId });
        return recorded.contactId;
      });
    },

    /** The tenant's setting: orders expiring within this many days appear on the home page. */
    async endingSoonDays(user: CurrentUser): Promise<number> {
      if (!can(user, 'settings:manage')) throw new OrdersError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, async (trx) => (await q.endingSoonDays(trx)) ?? DEFAULT_ENDING_SOON_DAYS);
    },

    async saveEndingSoonDays(user: CurrentUser, days: number, requestId: string): Promise<void> {
      if (!can(user, 'settings:manage')) throw new OrdersError(403, 'You do not have permission to do this');
      refuse(checkEndingSoonDays(days));
      await db.tenant(user.tenantId, async (trx) => {
        await q.saveEndingSoonDays(trx, user.tenantId, days, user.id);
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'settings.orders-ending-soon', subjectType: 'tenant', subjectId: user.tenantId, requestId, details: { days } });
      });
    },

    /** For the home page: orders on the worker's (and their teams') cases ending within the council's days, and notices whose hearing is due within 2 days. */
    async endingSoon(user: CurrentUser) {
      if (!can(user, 'case:edit')) return [];
      return db.tenant(user.tenantId, async (trx) => {
        const days = (await q.endingSoonDays(trx)) ?? DEFAULT_ENDING_SOON_DAYS;
        const today = londonDate(new Date());
        const rows = await q.endingSoonFor(trx, user.id, user.teamIds, today, addDays(today, days), new Date(Date.now() + HEARING_SOON_DAYS * 86_400_000));
        return rows.map((r) => ({ caseId: r.case_id, orderId: r.id, reference: r.reference, kind: r.kind, label: ORDER_KIND_LABELS[r.kind], expiresOn: r.expires_on, hearingDeadline: r.hearing_deadline }));
      });
    },
  };
}

export type OrdersService = ReturnType<typeof ordersService>;
