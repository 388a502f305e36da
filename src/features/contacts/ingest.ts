import { deadlines } from '../../domain/calendar/deadlines.js';
import { londonDate, type PlainDate } from '../../domain/calendar/plain-date.js';
import { Confidential } from '../../domain/redaction/confidential.js';
import { openToUser } from '../../platform/access/decide.js';
import { appendAuditEvents, type AuditEntry } from '../../platform/audit/audit-log.js';
import { inSavepoint, type Database, type Trx } from '../../platform/db/database.js';
import { GroupCommit } from '../../platform/db/group-commit.js';
import { tenantCalendar } from '../calendar/service.js';
import { auditActor, ContactError, eventActor, type ContactActor } from './actor.js';
import * as q from './queries.js';
import * as change from './queries/changes.js';
import type { NewContactInput } from './schemas.js';

/** One notification to store, and who sent it. */
export interface Arrival {
  actor: ContactActor;
  input: NewContactInput;
  requestId: string | null;
}

/** What became of one notification of a batch: stored (or found already held), or refused with why. */
export type Arrived = { ok: true; id: string; created: boolean } | { ok: false; error: unknown };

/** The most notifications one transaction stores. */
export const MAX_INGEST_BATCH = 100;

/** A person record the actor may link to a contact: it exists, and a restricted one needs the user's grant (never through the API). */
export async function requireLinkable(trx: Trx, actor: ContactActor, personId: string, field: string): Promise<void> {
  const person = await change.personToLink(trx, personId);
  if (!person) throw new ContactError(400, 'There is no person record with this id', field);
  if (person.merged_into) throw new ContactError(400, 'This record was merged into another record of the same person: find the person again and link that record', field);
  if (!person.restricted) return;
  if (actor.kind === 'user' && (await openToUser(trx, actor.user, { kind: 'person', id: personId }, true))) return;
  throw new ContactError(403, 'This record is restricted: ask a manager for access before linking it', field);
}

type RouteToCase = (trx: Trx, tenantId: string, contactId: string, actor: ContactActor) => Promise<AuditEntry | null>;

/**
 * Stores one notification inside the batch's transaction: the contact, its people and relationships,
 * the received event, and the allocated-family route. The same source and reference again stores
 * nothing and answers with the contact already held. Answers the audit entries for the batch to
 * append once all its notifications are stored.
 */
async function storeOne(trx: Trx, tenantId: string, arrival: Arrival, dueBy: (on: PlainDate) => PlainDate, routeToCase: RouteToCase): Promise<{ id: string; created: boolean; audit: AuditEntry[] }> {
  const { actor, input, requestId } = arrival;
  const linking = input.people.some((p) => p.personId);
  // A notification already held is answered as such before its links are checked. Without links the
  // insert below finds it (its unique reference) and the look-up is left to that rarer case.
  if (input.reference && linking) {
    const existing = await q.findBySourceReference(trx, input.source, input.reference);
    if (existing) return { id: existing.id, created: false, audit: [] };
  }
  for (const [i, p] of input.people.entries()) if (p.personId) await requireLinkable(trx, actor, p.personId, `/people/${i}/personId`);
  const receivedAt = new Date(input.receivedAt);
  const receivedOn = londonDate(receivedAt);
  const id = await change.insertContact(trx, tenantId, input, { at: receivedAt, on: receivedOn, decisionDueBy: dueBy(receivedOn) }, eventActor(actor));
  if (id === null) {
    // Another request stored the same notification a moment ago.
    const existing = await q.findBySourceReference(trx, input.source, input.reference!);
    return { id: existing!.id, created: false, audit: [] };
  }
  const now = new Date();
  await q.insertContactPeople(
    trx,
    tenantId,
    id,
    input.people.map((p) => ({
      ref: p.ref,
      role: p.role,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth ?? null,
      sex: p.sex ?? null,
      nhsNumber: p.nhsNumber ?? null,
      send: p.send ?? false,
      address: p.address ? Confidential.of(p.address) : null,
      postcode: p.postcode ? Confidential.of(p.postcode) : null,
      school: p.school ?? null,
      personId: p.personId ?? null,
      linkedBy: p.personId && actor.kind === 'user' ? actor.user.id : null,
      linkedAt: p.personId ? now : null,
    })),
  );
  if (input.relationships?.length) await change.insertContactRelationships(trx, tenantId, id, input.relationships);
  await q.insertEvent(trx, tenantId, id, eventActor(actor), 'received', { source: input.source, linked: input.people.filter((p) => p.personId).map((p) => p.ref) });
  // Only a child linked to a record can have an open case to send the contact to.
  const routed = input.people.some((p) => p.role === 'child' && p.personId) ? await routeToCase(trx, tenantId, id, actor) : null;
  const received: AuditEntry = { ...auditActor(actor), action: 'contact.receive', subjectType: 'contact', subjectId: id, requestId, details: { source: input.source, people: input.people.length } };
  return { id, created: true, audit: routed ? [routed, received] : [received] };
}

/**
 * Stores one contact inside a transaction the caller already holds (a breach of a protective order
 * recorded on a case, with its link to the order in the same transaction): the same store as every
 * notification's, its audit appended before the caller commits.
 */
export async function storeWithin(trx: Trx, tenantId: string, arrival: Arrival, routeToCase: RouteToCase): Promise<{ id: string; created: boolean }> {
  const calendar = deadlines(await tenantCalendar(trx));
  const stored = await storeOne(trx, tenantId, arrival, (on) => calendar.thresholdDecision(on), routeToCase);
  await appendAuditEvents(trx, tenantId, stored.audit);
  return { id: stored.id, created: stored.created };
}

/**
 * Stores a batch of notifications for one tenant in one transaction (issue 12, point 6): all of them
 * in one savepoint, or, when one is refused (a bad link, a failed constraint), each in a savepoint of
 * its own, so that the refused one is undone alone and the others are kept; then the audit events of
 * all that were stored are appended to the chain in one insert, so the chain's lock is held only at the
 * very end. Nothing is kept if the transaction fails.
 * The API (through `NotificationIngest`) and the CSV import both store notifications here.
 */
export async function receiveBatch(db: Database, tenantId: string, arrivals: readonly Arrival[], routeToCase: RouteToCase): Promise<Arrived[]> {
  return db.tenant(tenantId, async (trx) => {
    const calendar = deadlines(await tenantCalendar(trx));
    const store = (arrival: Arrival) => storeOne(trx, tenantId, arrival, (on) => calendar.thresholdDecision(on), routeToCase);
    const results: Arrived[] = [];
    const audit: AuditEntry[] = [];
    // Usually every notification is stored: the whole batch is tried in one savepoint first, and only
    // when one is refused is it done again with a savepoint for each.
    const storeEach = async () => {
      const all = [];
      for (const arrival of arrivals) all.push(await store(arrival));
      return all;
    };
    const whole = arrivals.length > 1 ? await inSavepoint(trx, storeEach) : null;
    if (whole?.ok) {
      for (const stored of whole.value) {
        audit.push(...stored.audit);
        results.push({ ok: true, id: stored.id, created: stored.created });
      }
    } else {
      for (const arrival of arrivals) {
        const stored = await inSavepoint(trx, () => store(arrival));
        if (stored.ok) {
          audit.push(...stored.value.audit);
          results.push({ ok: true, id: stored.value.id, created: stored.value.created });
        } else results.push({ ok: false, error: stored.error });
      }
    }
    await appendAuditEvents(trx, tenantId, audit);
    return results;
  });
}

/**
 * Notifications arriving one request at a time (the API), group-committed (`GroupCommit`): those of a
 * tenant that arrive while a batch is being stored are stored together in the next, each request
 * waiting only until the transaction holding its notification has committed. A lone notification is
 * stored at once. A batch whose transaction fails is stored again one notification at a time, so that
 * a failure is reported only to the request it belongs to.
 */
export class NotificationIngest {
  private readonly batches: GroupCommit<Arrival, Arrived>;

  constructor(db: Database, routeToCase: RouteToCase) {
    this.batches = new GroupCommit(MAX_INGEST_BATCH, (tenantId, arrivals) => receiveBatch(db, tenantId, arrivals, routeToCase));
  }

  receive(tenantId: string, arrival: Arrival): Promise<Arrived> {
    return this.batches.submit(tenantId, arrival);
  }
}
