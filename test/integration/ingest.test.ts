import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveBatch, type Arrival } from '../../src/features/contacts/ingest.js';
import type { NewContactInput } from '../../src/features/contacts/schemas.js';
import { contactsService, routeToAllocatedCase } from '../../src/features/contacts/service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { ActorType } from '../../src/platform/audit/audit-log.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { createTestTenant, userOfRole, type TestTenant } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';
import { testDatabase, type TestDatabase } from '../helpers/database.js';

// Issue 12, point 6: notifications are stored in batches, the same way for the API (group commit of
// the requests arriving together) and the CSV import (a batch of rows): one transaction per batch, a
// savepoint per notification so one refused is undone alone, the audit events of the batch appended
// at its end; a batch whose transaction fails leaves nothing.

let t: TestDatabase;
let tenant: TestTenant;

beforeAll(async () => {
  t = await testDatabase();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.cleanup());

const contactRows = (references: string[]) =>
  t.db
    .owner()
    .selectFrom('contacts')
    .select(['id', 'reference'])
    .where('tenant_id', '=', tenant.id)
    .where('reference', 'in', references)
    .execute();

const receiveEvents = (contactIds: string[]) =>
  contactIds.length === 0
    ? Promise.resolve([])
    : t.db
        .owner()
        .selectFrom('audit_events')
        .select(['subject_id', 'request_id', sql<string>`xmin::text`.as('transaction')])
        .where('action', '=', 'contact.receive')
        .where('subject_id', 'in', contactIds)
        .execute();

async function mashWorker() {
  return { kind: 'user' as const, user: await userOfRole(t.db, tenant, 'mash-worker') };
}

describe('a batch of notifications', () => {
  it('keeps every good notification when one in the middle is refused, each with its audit event, in one transaction', async () => {
    const actor = await mashWorker();
    const good1 = policeNotification() as NewContactInput;
    const bad = policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: 'Nobody', familyName: 'Linked', personId: randomUUID() }] }) as NewContactInput;
    const good2 = policeNotification() as NewContactInput;
    const results = await contactsService(t.db).receiveMany(actor, [good1, bad, good2]);

    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const refused = results[1]!;
    expect(!refused.ok && (refused.error as Error).message).toBe('There is no person record with this id');
    const rows = await contactRows([good1.reference!, bad.reference!, good2.reference!]);
    expect(rows.map((r) => r.reference).sort()).toEqual([good1.reference, good2.reference].sort());
    // Their audit events were appended together at the end of the batch's one transaction (each
    // notification's own rows carry the id of its savepoint's subtransaction instead).
    const events = await receiveEvents(rows.map((r) => r.id));
    expect(events.length).toBe(2);
    expect(new Set(events.map((e) => e.transaction)).size).toBe(1);
    // The refused one left nothing behind: no people, no events of its own.
    const strays = await t.db.owner().selectFrom('contact_people').select('id').where('given_name', '=', 'Nobody').execute();
    expect(strays).toEqual([]);
    expect((await verifyAuditChain(t.db.owner(), { tenantId: tenant.id })).firstBreak).toBeNull();
  });

  it('counts the same notification twice in a batch once, as already held the second time', async () => {
    const actor = await mashWorker();
    const once = policeNotification() as NewContactInput;
    const results = await contactsService(t.db).receiveMany(actor, [once, { ...once }]);
    expect(results).toMatchObject([{ ok: true, created: true }, { ok: true, created: false }]);
    expect(results[0]!.ok && results[1]!.ok && results[0]!.id === results[1]!.id).toBe(true);
    expect(await contactRows([once.reference!])).toHaveLength(1);
  });

  it('leaves nothing at all when the batch’s transaction fails', async () => {
    const actor = await mashWorker();
    // Each with its child linked to a record, so that the allocated-case route is asked (and gives the broken entry below).
    const manager = { kind: 'user' as const, user: await userOfRole(t.db, tenant, 'team-manager') };
    const child = await peopleService(t.db).create(manager, { givenName: 'Linden', familyName: 'Battery', dateOfBirth: '2019-04-04' }, randomUUID());
    const linked = () =>
      policeNotification({ people: [{ ref: 'c1', role: 'child', givenName: 'Linden', familyName: 'Battery', dateOfBirth: '2019-04-04', personId: child.id }], relationships: [] }) as NewContactInput;
    const batch: Arrival[] = [linked(), linked(), linked()].map((input) => ({ actor, input, requestId: null }));
    const eventsBefore = await t.db.owner().selectFrom('audit_events').select(sql<number>`count(*)::int`.as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    // An audit entry the log refuses (an actor type it does not know) fails the batch's closing insert.
    const brokenAudit = async () => ({ actorType: 'nobody' as ActorType, actorId: null, action: 'contact.send-to-allocated-worker', subjectType: 'contact' });
    await expect(receiveBatch(t.db, tenant.id, batch, brokenAudit)).rejects.toThrow();
    expect(await contactRows(batch.map((a) => a.input.reference!))).toEqual([]);
    const eventsAfter = await t.db.owner().selectFrom('audit_events').select(sql<number>`count(*)::int`.as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    expect(eventsAfter.n).toBe(eventsBefore.n);
    // The same batch with the real route is stored whole.
    const stored = await receiveBatch(t.db, tenant.id, batch, routeToAllocatedCase);
    expect(stored.every((r) => r.ok && r.created)).toBe(true);
  });
});

describe('notifications arriving together through the API path', () => {
  it('stores those arriving at once in fewer transactions than notifications, each answered and audited with its own request id', async () => {
    const actor = await mashWorker();
    const contacts = contactsService(t.db);
    const inputs = Array.from({ length: 30 }, () => policeNotification() as NewContactInput);
    const requestIds = inputs.map(() => randomUUID());
    const received = await Promise.all(inputs.map((input, i) => contacts.receive(actor, input, requestIds[i]!)));
    expect(received.every((r) => r.created)).toBe(true);
    // Each answer still proposes records for the people on it (found after the batch is stored).
    expect(received[0]!.people.map((p) => p.ref).sort()).toEqual(['c1', 'h', 'v']);

    const rows = await contactRows(inputs.map((i) => i.reference!));
    expect(rows).toHaveLength(30);
    const events = await receiveEvents(rows.map((r) => r.id));
    expect(new Set(events.map((e) => e.transaction)).size).toBeLessThan(30);
    expect(new Set(events.map((e) => e.request_id))).toEqual(new Set(requestIds));
    expect((await verifyAuditChain(t.db.owner(), { tenantId: tenant.id })).firstBreak).toBeNull();
  });
});
