import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { parseServerTiming, TIMING_PHASES } from '../../src/platform/request-timings.js';
import { createTestTenant, signedIn, startTestApp, userOfRole, type TestApp, type TestTenant } from '../helpers/app.js';

// Issue 12, "What to do" 2: page views are audited with group commit. A page is still never shown
// unless its view is recorded; the views that arrive together are written together (fewer
// transactions than views, each holding the tenant's chain lock only for its insert); the chain stays
// gap-free and verifies with changes written between the batches. The kill -9 during a burst is in
// crash-safety.test.ts.

const BURST = 40;

let t: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp({ env: { SERVER_TIMING: 'true' } });
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

const chain = () =>
  t.db
    .owner()
    .selectFrom('audit_events')
    .select(['seq', 'action', 'subject_id', 'request_id', 'details', sql<string>`xmin::text`.as('transaction')])
    .where('tenant_id', '=', tenant.id)
    .orderBy('seq')
    .execute();

describe('page views written in batches', () => {
  it('records every view of a burst before its page is shown, in fewer transactions than views, with the chain intact', async () => {
    const visitor = await signedIn(t.app, tenant.users['social-worker'].email);
    const before = (await chain()).length;
    // Each view is of a record of its own (none exists: the view is recorded, then the page says 404).
    const ids = Array.from({ length: BURST }, () => randomUUID());
    const pages = await Promise.all(ids.map((id) => visitor.get(`/people/${id}`)));
    expect(pages.map((p) => p.statusCode)).toEqual(ids.map(() => 404));

    const events = (await chain()).slice(before);
    const views = events.filter((e) => e.action === 'page.view');
    expect(new Set(views.map((v) => v.subject_id))).toEqual(new Set(ids));
    // Every request's own view (its request id), once.
    expect(new Set(views.map((v) => v.request_id)).size).toBe(BURST);
    // Batched: the burst went in fewer transactions than it had views.
    expect(new Set(views.map((v) => v.transaction)).size).toBeLessThan(BURST);
    expect(views[0]!.details).toMatchObject({ route: '/people/:personId', people: [ids.find((id) => id === views[0]!.subject_id)] });
    expect((await verifyAuditChain(t.db.owner(), { tenantId: tenant.id })).firstBreak).toBeNull();
  });

  it('keeps the chain gap-free when changes are written between batches of views', async () => {
    const visitor = await signedIn(t.app, tenant.users['team-manager'].email);
    const manager = await userOfRole(t.db, tenant, 'team-manager');
    const people = peopleService(t.db);
    const before = (await chain()).length;
    await Promise.all([
      ...Array.from({ length: 30 }, () => visitor.get('/')),
      ...Array.from({ length: 10 }, (_, i) => people.create({ kind: 'user', user: manager }, { givenName: `Interleaved${i}`, familyName: 'Viewcount' }, `r${i}`)),
    ]);
    const events = (await chain()).slice(before);
    expect(events.filter((e) => e.action === 'page.view')).toHaveLength(30);
    expect(events.filter((e) => e.action === 'person.create')).toHaveLength(10);
    const seqs = (await chain()).map((e) => BigInt(e.seq));
    expect(seqs).toEqual(seqs.map((_, i) => BigInt(i + 1)));
    expect((await verifyAuditChain(t.db.owner(), { tenantId: tenant.id })).firstBreak).toBeNull();
  });

  it('records the people a view concerns, found in the batch, as before', async () => {
    const manager = await userOfRole(t.db, tenant, 'team-manager');
    const { id } = await peopleService(t.db).create({ kind: 'user', user: manager }, { givenName: 'Concerned', familyName: 'Viewcount' }, 'r');
    const visitor = await signedIn(t.app, tenant.users['team-manager'].email);
    expect((await visitor.get(`/people/${id}`)).statusCode).toBe(200);
    const view = (await chain()).filter((e) => e.action === 'page.view' && e.subject_id === id).at(-1);
    expect(view?.details).toEqual({ route: '/people/:personId', people: [id] });
  });
});

describe('Server-Timing', () => {
  it('breaks a signed-in page into its parts when SERVER_TIMING is on', async () => {
    const visitor = await signedIn(t.app, tenant.users['team-manager'].email);
    const home = await visitor.get('/');
    expect(home.statusCode).toBe(200);
    const timing = parseServerTiming(String(home.headers['server-timing']));
    expect(Object.keys(timing).sort()).toEqual([...TIMING_PHASES, 'total'].sort());
    for (const phase of ['session', 'audit', 'render', 'total']) expect(timing[phase], JSON.stringify(timing)).toBeGreaterThan(0);
    const parts = TIMING_PHASES.reduce((sum, phase) => sum + timing[phase]!, 0);
    expect(parts).toBeLessThanOrEqual(timing.total! + 0.05);
  });
});
