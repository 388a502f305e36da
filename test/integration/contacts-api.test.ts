import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { peopleService } from '../../src/features/people/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { hoursAgo, policeNotification } from '../helpers/contacts.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { emailSender } from '../../src/platform/mail/outbox.js';

let t: TestApp;
let tenant: TestTenant;
let police: string;
let mash: string;
let manager: string;
let reader: string;
let otherSender: string;
let team: { id: string };
let otherTenantToken: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const tenants = tenantService(t.db);
  police = (await tenants.createApiClient(tenant.id, 'Police notifications', ['notifications:write', 'notifications:read'])).token;
  // Another sender, which reads outcomes of its own notifications only.
  otherSender = (await tenants.createApiClient(tenant.id, 'Another force', ['notifications:write', 'notifications:read'])).token;
  mash = (await tenants.createApiClient(tenant.id, 'MASH tool', ['contacts:read', 'contacts:write'])).token;
  manager = (await tenants.createApiClient(tenant.id, 'MASH manager tool', ['contacts:read', 'contact-decisions:write'])).token;
  reader = (await tenants.createApiClient(tenant.id, 'Read only', ['contacts:read'])).token;
  team = await adminService(t.db).createTeam({ kind: 'system', tenantId: tenant.id }, 'Assessment team', null);
  const other = await createTestTenant(t.db);
  otherTenantToken = (await tenants.createApiClient(other.id, 'Other council', ['contacts:read', 'notifications:write', 'contacts:write'])).token;
});
afterAll(() => t.close());

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, payload: payload ? JSON.stringify(payload) : undefined });

async function user(role: keyof TestTenant['users']) {
  const u = await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users[role].id));
  if (!u) throw new Error('no user');
  return u;
}

async function count(table: 'contacts' | 'contact_people' | 'contact_events') {
  const rows = await t.db.tenant(tenant.id, (trx) => trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
  return Number(rows.n);
}

describe('POST /api/v1/notifications', () => {
  it('records the notification, gives the decision deadline, and proposes records with reasons', async () => {
    const people = peopleService(t.db);
    const caller = { kind: 'user' as const, user: await user('mash-worker') };
    const { id: heldVictim } = await people.create(caller, { givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1991-03-14' }, 'r');
    const { id: swapped } = await people.create(caller, { givenName: 'Quennell', familyName: 'Marisol', dateOfBirth: '1991-03-14' }, 'r');
    const body = policeNotification();
    const res = await call(police, 'POST', '/api/v1/notifications', body);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json<{ id: string; decisionDueBy: string; people: { ref: string; candidates: { personId: string; score: number; reasons: string[] }[] }[] }>();
    expect(out.decisionDueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(out.decisionDueBy > body.receivedAt.slice(0, 10)).toBe(true);
    const victim = out.people.find((p) => p.ref === 'v')!;
    expect(victim.candidates[0]).toMatchObject({ personId: heldVictim });
    expect(victim.candidates[0]!.reasons).toEqual(expect.arrayContaining(['Same name', 'Same date of birth']));
    const swappedCandidate = victim.candidates.find((c) => c.personId === swapped);
    expect(swappedCandidate?.reasons).toContain('Given and family names swapped');
  });

  it('finds a record by how the names sound, with no date of birth to go on', async () => {
    const { id } = await peopleService(t.db).create({ kind: 'user', user: await user('mash-worker') }, { givenName: 'Mohammed', familyName: 'Rahmaan' }, 'r');
    const body = policeNotification({ people: [{ ref: 'h', role: 'person-causing-harm', givenName: 'muhammad', familyName: 'RAHMAN' }], relationships: [] });
    const res = await call(police, 'POST', '/api/v1/notifications', body);
    const candidates = res.json<{ people: { candidates: { personId: string; reasons: string[] }[] }[] }>().people[0]!.candidates;
    expect(candidates.map((c) => c.personId)).toContain(id);
  });

  it('is idempotent on source and reference: the same notification again returns 200 with the same id and stores nothing', async () => {
    const body = policeNotification();
    const first = await call(police, 'POST', '/api/v1/notifications', body);
    expect(first.statusCode).toBe(201);
    const before = [await count('contacts'), await count('contact_people'), await count('contact_events')];
    const again = await call(police, 'POST', '/api/v1/notifications', body);
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect([await count('contacts'), await count('contact_people'), await count('contact_events')]).toEqual(before);
  });

  it('links a person the sender already knows by personId, and refuses an id that is not in the tenant', async () => {
    const people = peopleService(t.db);
    const { id: known } = await people.create({ kind: 'user', user: await user('mash-worker') }, { givenName: 'Ines', familyName: 'Harcourt-Vale' }, 'r');
    const body = policeNotification();
    body.people[0] = { ...body.people[0]!, personId: known } as (typeof body.people)[number];
    const res = await call(police, 'POST', '/api/v1/notifications', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ people: { ref: string; personId: string | null }[] }>().people.find((p) => p.ref === 'v')?.personId).toBe(known);

    const before = await count('contacts');
    const wrong = policeNotification();
    wrong.people[1] = { ...wrong.people[1]!, personId: '00000000-0000-4000-8000-000000000000' } as (typeof wrong.people)[number];
    const refused = await call(police, 'POST', '/api/v1/notifications', wrong);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ errors: [{ path: '/people/1/personId', message: expect.stringMatching(/no person record/) }] });
    expect(await count('contacts')).toBe(before);
  });

  it('refuses bad bodies with 400 and field paths, storing nothing', async () => {
    const before = await count('contacts');
    const future = policeNotification();
    future.incident.occurredAt = new Date(Date.now() + 86_400_000).toISOString();
    const badRef = policeNotification({ relationships: [{ from: 'v', to: 'nobody', type: 'married' }] });
    const badType = { ...policeNotification(), incident: { ...policeNotification().incident, abuseTypes: ['shouting'] } };
    const cases: [unknown, string][] = [
      [future, '/incident/occurredAt'],
      [badRef, '/relationships/0/to'],
      [badType, '/incident/abuseTypes/0'],
      [{ ...policeNotification(), reference: undefined }, '/reference'],
      [{ ...policeNotification(), people: [] }, '/people'],
    ];
    for (const [body, path] of cases) {
      const res = await call(police, 'POST', '/api/v1/notifications', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
    }
    expect(await count('contacts')).toBe(before);
  });

  it('needs the notifications:write scope, and keeps tenants apart', async () => {
    expect((await call(reader, 'POST', '/api/v1/notifications', policeNotification())).statusCode).toBe(403);
    const res = await call(police, 'POST', '/api/v1/notifications', policeNotification());
    const id = res.json<{ id: string }>().id;
    expect((await call(otherTenantToken, 'GET', `/api/v1/contacts/${id}`)).statusCode).toBe(404);
  });
});

describe('the decision deadline', () => {
  const dueFor = async (receivedAt: string) => {
    const body = policeNotification({ receivedAt });
    body.incident.occurredAt = new Date(Date.parse(receivedAt) - 3_600_000).toISOString();
    const res = await call(police, 'POST', '/api/v1/notifications', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ decisionDueBy: string }>().decisionDueBy;
  };

  it('is one working day after the day it arrived, skipping Christmas, Boxing Day, Easter and weekends', async () => {
    expect(await dueFor('2025-12-24T10:00:00Z')).toBe('2025-12-29'); // Christmas Eve: Thu 25 and Fri 26 are bank holidays
    expect(await dueFor('2026-04-02T15:00:00Z')).toBe('2026-04-07'); // Thursday before Good Friday; Easter Monday too
    expect(await dueFor('2026-11-20T16:00:00Z')).toBe('2026-11-23'); // Friday to Monday
    expect(await dueFor('2026-11-17T09:00:00Z')).toBe('2026-11-18'); // an ordinary Tuesday
  });

  it('counts from the day in England: 23:30 UTC on a summer Friday is already Saturday in London', async () => {
    expect(await dueFor('2026-06-05T23:30:00Z')).toBe('2026-06-08'); // Saturday 00:30 BST: due Monday
    expect(await dueFor('2026-06-05T22:30:00Z')).toBe('2026-06-08'); // Friday 23:30 BST: due Monday
    expect(await dueFor('2026-06-04T22:59:00Z')).toBe('2026-06-05'); // Thursday 23:59 BST: due Friday
  });
});

describe('contacts API', () => {
  it('links, sets indicators, shows the triage with the young-child modifier, and records the decision', async () => {
    const created = await call(police, 'POST', '/api/v1/notifications', policeNotification({ receivedAt: hoursAgo(1) }));
    const id = created.json<{ id: string }>().id;
    const held = await peopleService(t.db).create({ kind: 'user', user: await user('mash-worker') }, { givenName: 'Dorian', familyName: 'Quennell', dateOfBirth: '1988-08-02' }, 'r');
    expect((await call(mash, 'POST', `/api/v1/contacts/${id}/people/h/link`, { personId: held.id })).statusCode).toBe(204);

    const before = await call(reader, 'GET', `/api/v1/contacts/${id}`);
    expect(before.json<{ triage: unknown; people: { ref: string; personId: string | null }[] }>()).toMatchObject({ triage: null });
    expect(before.json<{ people: { ref: string; personId: string | null }[] }>().people.find((p) => p.ref === 'h')?.personId).toBe(held.id);

    const unknown = await call(mash, 'POST', `/api/v1/contacts/${id}/indicators`, { indicators: ['eh-low-nonphysical', 'no-such-code'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ errors: [{ path: '/indicators', message: 'Unknown threshold indicator: no-such-code' }] });

    expect((await call(mash, 'POST', `/api/v1/contacts/${id}/indicators`, { indicators: ['eh-low-coercive-control'] })).statusCode).toBe(204);
    const triaged = (await call(reader, 'GET', `/api/v1/contacts/${id}`)).json<{ triage: { scale: number; rag: string; pathway: string; children: { ref: string; scale: number; modifierApplied: boolean; rag: string }[] } }>();
    // The child was born in 2021: under 7, so scale 2 becomes 3 (amber, child in need).
    expect(triaged.triage).toMatchObject({ scale: 3, rag: 'amber', pathway: 'child-in-need', children: [{ ref: 'c1', scale: 3, modifierApplied: true, rag: 'amber' }] });

    expect((await call(mash, 'POST', `/api/v1/contacts/${id}/decision`, { pathway: 'child-in-need', reason: 'x' })).statusCode).toBe(403);
    const noReason = await call(manager, 'POST', `/api/v1/contacts/${id}/decision`, { pathway: 'child-in-need', reason: '' });
    expect(noReason.statusCode).toBe(400);
    const decision = { pathway: 'child-in-need', reason: 'Young child present; coercive control', daServiceReferral: 'floating-support', checkMarac: true, teamId: team.id };
    // Two people are not linked yet: the decision waits until each is linked or added as a new record.
    const unlinked = await call(manager, 'POST', `/api/v1/contacts/${id}/decision`, decision);
    expect(unlinked.statusCode).toBe(400);
    expect(unlinked.json()).toEqual({ errors: [{ path: '/pathway', message: '2 people on this contact are not linked to a record. Link each one to their record, or add a new record for them, before you make the decision' }] });
    for (const [ref, person] of [['v', { givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1991-03-14' }], ['c1', { givenName: 'Tobiah', familyName: 'Quennell', dateOfBirth: '2021-05-09' }]] as const) {
      const made = await peopleService(t.db).create({ kind: 'user', user: await user('mash-worker') }, person, 'r');
      expect((await call(mash, 'POST', `/api/v1/contacts/${id}/people/${ref}/link`, { personId: made.id })).statusCode).toBe(204);
    }
    const noTeam = await call(manager, 'POST', `/api/v1/contacts/${id}/decision`, { ...decision, teamId: undefined });
    expect(noTeam.json()).toEqual({ errors: [{ path: '/teamId', message: 'Choose the team whose managers will act on the decision' }] });
    expect((await call(manager, 'POST', `/api/v1/contacts/${id}/decision`, { ...decision, teamId: 'not-a-team' })).statusCode).toBe(400);
    expect((await count('contact_events')) > 0 && (await call(reader, 'GET', `/api/v1/contacts/${id}`)).json<{ status: string }>().status).toBe('awaiting-decision');
    const decided = await call(manager, 'POST', `/api/v1/contacts/${id}/decision`, decision);
    expect(decided.statusCode, decided.body).toBe(204);
    const after = (await call(reader, 'GET', `/api/v1/contacts/${id}`)).json<{ status: string; decision: unknown; caseId: string | null }>();
    expect(after).toMatchObject({ status: 'decided', decision: { pathway: 'child-in-need', daServiceReferral: 'floating-support', checkMarac: true } });
    // The decision opened a case for the child at the s17 assessment, and tasked the team's managers.
    const kase = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('cases').selectAll().where('id', '=', after.caseId!).executeTakeFirstOrThrow());
    expect(kase).toMatchObject({ status: 'open', stage: 'assessment', team_id: team.id, worker_id: null });
    const tasks = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('tasks').select(['kind', 'team_id', 'done_at']).where('case_id', '=', kase.id).execute());
    expect(tasks).toEqual([{ kind: 'allocate-case', team_id: team.id, done_at: null }]);
    // The police read the outcome of their own notification, and nothing about the people.
    const outcome = await call(police, 'GET', `/api/v1/notifications/${id}`);
    expect(outcome.statusCode, outcome.body).toBe(200);
    expect(outcome.json()).toMatchObject({ id, status: 'decided', outcome: { decision: 'child-in-need' } });
    expect(outcome.body).not.toMatch(/Quennell|Marisol|Tobiah|caseId|WA-/);
    expect((await call(otherSender, 'GET', `/api/v1/notifications/${id}`)).statusCode).toBe(404);
    expect((await call(reader, 'GET', `/api/v1/notifications/${id}`)).statusCode).toBe(403);
    const twice = await call(manager, 'POST', `/api/v1/contacts/${id}/decision`, { pathway: 'early-help', reason: 'Changed my mind' });
    expect(twice.statusCode).toBe(409);
    expect((await call(mash, 'POST', `/api/v1/contacts/${id}/indicators`, { indicators: [] })).statusCode).toBe(409);
  });

  it('proposes a restricted record on its name alone, and refuses to link it without access', async () => {
    const { id: restricted } = await peopleService(t.db).create({ kind: 'user', user: await user('mash-worker') }, { givenName: 'Perpetua', familyName: 'Oyelowo-Grant', dateOfBirth: '1984-10-10', nhsNumber: '9434765919' }, 'r');
    await t.db.owner().updateTable('people').set({ restricted: true, restricted_reason: 'Staff member' }).where('id', '=', restricted).execute();
    const body = policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: 'Perpetua', familyName: 'Oyelowo-Grant', dateOfBirth: '1984-10-10', nhsNumber: '9434765919' }], relationships: [] });
    const res = await call(police, 'POST', '/api/v1/notifications', body);
    const cand = res.json<{ people: { candidates: { personId: string; reasons: string[]; restricted: boolean }[] }[] }>().people[0]!.candidates.find((c) => c.personId === restricted);
    expect(cand).toMatchObject({ restricted: true, reasons: ['Same name'] });
    const id = res.json<{ id: string }>().id;
    const refused = await call(mash, 'POST', `/api/v1/contacts/${id}/people/v/link`, { personId: restricted });
    expect(refused.statusCode).toBe(403);
    const worker = await user('mash-worker');
    await expect(contactsService(t.db).link({ kind: 'user', user: worker }, id, 'v', restricted, null)).rejects.toMatchObject({ status: 403 });
    await t.db.tenant(tenant.id, (trx) =>
      trx.insertInto('access_grants').values({ tenant_id: tenant.id, subject_type: 'person', subject_id: restricted, user_id: worker.id, kind: 'grant', reason: 'MASH check', granted_by: worker.id }).execute(),
    );
    await contactsService(t.db).link({ kind: 'user', user: worker }, id, 'v', restricted, null);
    expect((await call(reader, 'GET', `/api/v1/contacts/${id}`)).json<{ people: { personId: string }[] }>().people[0]!.personId).toBe(restricted);
  });

  it('uses a local authority’s own threshold indicators when it has set them', async () => {
    const own = await createTestTenant(t.db);
    const token = (await tenantService(t.db).createApiClient(own.id, 'Own MASH', ['notifications:write', 'contacts:read', 'contacts:write'])).token;
    await t.db.owner().insertInto('threshold_indicators').values([
      { tenant_id: own.id, code: 'local-repeat-call', level: 3, meaning: 'Police called to the address twice in a month', position: 1 },
      { tenant_id: own.id, code: 'local-low-level', level: 1, meaning: 'A single low-level incident', position: 2 },
    ]).execute();
    const id = (await call(token, 'POST', '/api/v1/notifications', policeNotification({ people: [{ ref: 'c', role: 'child', givenName: 'Ottilie', familyName: 'Brackenbury', dateOfBirth: '2012-01-01' }], relationships: [] }))).json<{ id: string }>().id;
    const refused = await call(token, 'POST', `/api/v1/contacts/${id}/indicators`, { indicators: ['eh-low-nonphysical'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ errors: [{ path: '/indicators', message: 'Unknown threshold indicator: eh-low-nonphysical' }] });
    expect((await call(token, 'POST', `/api/v1/contacts/${id}/indicators`, { indicators: ['local-repeat-call'] })).statusCode).toBe(204);
    expect((await call(token, 'GET', `/api/v1/contacts/${id}`)).json<{ triage: unknown }>().triage).toMatchObject({ scale: 3, rag: 'amber', pathway: 'child-in-need' });
  });

  it('refuses a link to a ref that is not on the contact, and to a person who does not exist', async () => {
    const id = (await call(police, 'POST', '/api/v1/notifications', policeNotification())).json<{ id: string }>().id;
    expect((await call(mash, 'POST', `/api/v1/contacts/${id}/people/nobody/link`, { personId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    const missing = await call(mash, 'POST', `/api/v1/contacts/${id}/people/v/link`, { personId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('/personId');
  });

  it('sends a contact about a child with an allocated open case to that worker, not to screening', async () => {
    const worker = await user('social-worker');
    const people = peopleService(t.db);
    const caller = { kind: 'user' as const, user: await user('mash-manager') };
    const child = await people.create(caller, { givenName: 'Lowenna', familyName: 'Pendarves', dateOfBirth: '2016-02-11' }, 'r');
    const kase = await casesService(t.db).open(await user('team-manager'), { stage: 'child-in-need', members: [{ personId: child.id, role: 'child' }], workerId: worker.id }, 'r');
    const body = policeNotification({
      people: [
        { ref: 'v', role: 'victim', givenName: 'Kerensa', familyName: 'Pendarves' },
        { ref: 'c', role: 'child', givenName: 'Lowenna', familyName: 'Pendarves', dateOfBirth: '2016-02-11', personId: child.id },
      ],
      relationships: [],
    });
    const res = await call(police, 'POST', '/api/v1/notifications', body);
    expect(res.json<{ status: string }>().status).toBe('sent-to-allocated-worker');
    const view = (await call(reader, 'GET', `/api/v1/contacts/${res.json<{ id: string }>().id}`)).json<{ caseId: string; status: string }>();
    expect(view).toMatchObject({ caseId: kase.id, status: 'sent-to-allocated-worker' });
    const overview = await casesService(t.db).overview(worker, kase.id);
    expect(overview.state.incidentsToReview).toEqual([res.json<{ id: string }>().id]);
  });
});

describe('the outcome emailed to the unit that sent the notification', () => {
  it('sends the reference, the decision and the day over SMTP, and nothing about the people; only when the sender named an address', async () => {
    const smtp = await startSmtpServer();
    try {
      const tenants = tenantService(t.db);
      const force = await tenants.createApiClient(tenant.id, 'Force with an outcome address', ['notifications:write', 'notifications:read']);
      await expect(tenants.setOutcomeEmail(tenant.id, force.id, 'not an address')).rejects.toThrow(/right format/);
      await tenants.setOutcomeEmail(tenant.id, force.id, 'ppu.outcomes@police.example');
      const body = policeNotification();
      const sent = await call(force.token, 'POST', '/api/v1/notifications', body);
      expect(sent.statusCode, sent.body).toBe(201);
      const contactId = sent.json<{ id: string }>().id;
      // A sender without an address gets no email.
      const quiet = await call(police, 'POST', '/api/v1/notifications', policeNotification());
      const mashManager = await user('mash-manager');
      const people = peopleService(t.db);
      for (const id of [contactId, quiet.json<{ id: string }>().id]) {
        for (const p of body.people) {
          const { id: personId } = await people.create({ kind: 'user', user: await user('team-manager') }, { givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth }, 'r');
          await contactsService(t.db).link({ kind: 'user', user: await user('mash-worker') }, id, p.ref, personId, null);
        }
        await contactsService(t.db).decide({ kind: 'user', user: mashManager }, id, { pathway: 'child-in-need', reason: 'Second incident', daServiceReferral: 'none', checkMarac: false, teamId: team.id }, 'r');
      }
      const waiting = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('emails').select(['contact_id', 'to_address']).execute());
      expect(waiting).toEqual([{ contact_id: contactId, to_address: 'ppu.outcomes@police.example' }]);

      expect(await emailSender(t.db, { url: smtp.url, from: 'Wraparound <no-reply@test.invalid>' }).sendWaiting()).toBe(1);
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0]!;
      expect(mail.to).toEqual(['ppu.outcomes@police.example']);
      expect(mail.text).toContain(`Subject: Outcome of notification ${body.reference}`);
      expect(mail.text).toContain('Decision: Child in need (s17 assessment)');
      expect(mail.text).toContain(`GET /api/v1/notifications/${contactId}`);
      for (const p of body.people) for (const value of [p.givenName, p.familyName, p.dateOfBirth]) expect(mail.text, value).not.toContain(value);
      expect(mail.text).not.toContain(body.incident.summary.slice(0, 20));
      // Sent once: a second run finds nothing waiting.
      expect(await emailSender(t.db, { url: smtp.url, from: 'Wraparound <no-reply@test.invalid>' }).sendWaiting()).toBe(0);
      const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('emails').select(['sent_at', 'attempts']).executeTakeFirstOrThrow());
      expect(row.sent_at).not.toBeNull();
      expect(row.attempts).toBe(1);
    } finally {
      await smtp.close();
    }
  });
});
