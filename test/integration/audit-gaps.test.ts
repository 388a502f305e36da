import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { peopleService } from '../../src/features/people/service.js';
import { safetyService } from '../../src/features/safety/service.js';
import { paths, withQuery } from '../../src/platform/http/paths.js';
import type { AuditEventRow } from '../../src/platform/db/schema.js';
import type { Role } from '../../src/platform/access/roles.js';
import { createTestTenant, signedIn, startTestApp, userOfRole, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';

// Issue 11, finding 4: views of a person's case and contacts were not attributed to the person;
// refusals (403) were not recorded; whereabouts withheld when a person was created recorded no
// withholding; the restrict and break-glass pages recorded the kind of record instead of its id.

let t: TestApp;
let tenant: TestTenant;

const user = (role: Role) => userOfRole(t.db, tenant, role);

/** The tenant's events after `seq`, oldest first. */
async function eventsAfter(seq: string): Promise<AuditEventRow[]> {
  return t.db.owner().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenant.id).where('seq', '>', seq).orderBy('seq').execute();
}

async function lastSeq(): Promise<string> {
  const row = await t.db.owner().selectFrom('audit_events').select('seq').where('tenant_id', '=', tenant.id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return String(row?.seq ?? '0');
}

let social: Visitor;
let family: { victim: string; harm: string; child: string; caseId: string };

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  social = await signedIn(t.app, tenant.users['social-worker'].email);
  const worker = await user('social-worker');
  const people = peopleService(t.db);
  const caller = { kind: 'user' as const, user: worker };
  const victim = (await people.create(caller, { givenName: 'Oriel', familyName: 'Pennick', dateOfBirth: '1990-02-03' }, 'r')).id;
  const harm = (await people.create(caller, { givenName: 'Dacre', familyName: 'Pennick', dateOfBirth: '1987-05-06' }, 'r')).id;
  const child = (await people.create(caller, { givenName: 'Ivo', familyName: 'Pennick', dateOfBirth: '2018-07-08' }, 'r')).id;
  const kase = await casesService(t.db).open(
    await user('team-manager'),
    { stage: 'child-in-need', members: [{ personId: victim, role: 'adult-victim' }, { personId: harm, role: 'person-causing-harm' }, { personId: child, role: 'child' }], workerId: worker.id },
    'r',
  );
  family = { victim, harm, child, caseId: kase.id };
});
afterAll(() => t.close());

describe('views attributed to the people they are about', () => {
  it('names every person on a case in the view of each of its pages', async () => {
    const before = await lastSeq();
    for (const url of [paths.cases.overview(family.caseId), paths.cases.people(family.caseId), paths.cases.risk(family.caseId)]) {
      expect((await social.get(url)).statusCode, url).toBe(200);
    }
    const views = (await eventsAfter(before)).filter((e) => e.action === 'page.view');
    expect(views).toHaveLength(3);
    for (const view of views) {
      expect(view.subject_id).toBe(family.caseId);
      expect(view.details.people).toEqual([family.victim, family.harm, family.child].sort());
    }
  });

  it('names the people linked to a contact in the view of the contact, and the auditor finds it by the person', async () => {
    const mash = await user('mash-worker');
    const contact = await contactsService(t.db).receive({ kind: 'system', tenantId: tenant.id }, policeNotification(), null);
    const mashVisitor = await signedIn(t.app, tenant.users['mash-worker'].email);
    const linked = await mashVisitor.post(paths.contacts.link(contact.id, 'v'), { personId: family.victim });
    expect(linked.statusCode, linked.body).toBe(303);
    expect(mash.id).toBeTruthy();
    const before = await lastSeq();
    expect((await mashVisitor.get(paths.contacts.contact(contact.id))).statusCode).toBe(200);
    const [view] = (await eventsAfter(before)).filter((e) => e.action === 'page.view');
    expect(view).toMatchObject({ subject_id: contact.id });
    expect(view!.details.people).toContain(family.victim);

    // A subject access request: the auditor's filter by the person's id finds views of their contact and case.
    const auditor = await signedIn(t.app, tenant.users.auditor.email);
    const log = await auditor.get(withQuery(paths.audit.events, { subject: family.victim }));
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain(contact.id);
    expect(log.body).toContain(family.caseId);
  });

  it('does not fail the view of a page whose id is not a record id', async () => {
    const res = await social.get(paths.cases.overview('not-a-case'));
    expect(res.statusCode).toBe(404);
  });
});

describe('refusals', () => {
  it('records a refused page (403) with who was refused, the page and the record', async () => {
    const before = await lastSeq();
    const res = await social.get(paths.admin.users);
    expect(res.statusCode).toBe(403);
    const refused = (await eventsAfter(before)).filter((e) => e.action === 'access.refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor_type: 'user', actor_id: tenant.users['social-worker'].id, subject_type: 'admin-users' });
    expect(refused[0]!.details).toMatchObject({ route: paths.admin.users, method: 'GET' });
  });

  it('records a refused record: a restricted person opened without a grant', async () => {
    const other = (await peopleService(t.db).create({ kind: 'user', user: await user('team-manager') }, { givenName: 'Sabra', familyName: 'Quill' }, 'r')).id;
    await safetyService(t.db).restrict(await user('team-manager'), 'person', other, 'Staff relative', 'r');
    const before = await lastSeq();
    const res = await social.get(paths.marac.refer(other));
    expect(res.statusCode).toBe(403);
    const refused = (await eventsAfter(before)).filter((e) => e.action === 'access.refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor_id: tenant.users['social-worker'].id, subject_id: other });
  });

  it('records an API token refused for want of a scope', async () => {
    const client = await tenantService(t.db).createApiClient(tenant.id, 'Read-only partner', ['people:read']);
    const before = await lastSeq();
    const res = await t.app.inject({ method: 'GET', url: paths.api.case(family.caseId), headers: { authorization: `Bearer ${client.token}` } });
    expect(res.statusCode).toBe(403);
    const refused = (await eventsAfter(before)).filter((e) => e.action === 'access.refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor_type: 'api-client', actor_id: client.id });
  });
});

describe('withholding, restricting and breaking glass', () => {
  it('records each address and contact detail withheld when the person is created', async () => {
    const before = await lastSeq();
    const { id } = await peopleService(t.db).create(
      { kind: 'user', user: await user('team-manager') },
      {
        givenName: 'Linnet',
        familyName: 'Harrow',
        addresses: [{ line1: '4 Heron Close', withheld: true, withheldReason: 'Fled to a refuge' }, { line1: '9 Old Lane' }],
        contactDetails: [{ kind: 'phone', value: '07700 900123', withheld: true, withheldReason: 'New number after fleeing' }],
      },
      'r',
    );
    const events = await eventsAfter(before);
    expect(events.map((e) => e.action)).toEqual(['person.create', 'address.withhold', 'contact-detail.withhold']);
    const addressIds = await t.db.owner().selectFrom('person_addresses').select(['id', 'withheld']).where('person_id', '=', id).execute();
    expect(events[1]).toMatchObject({ subject_id: id, details: { id: addressIds.find((a) => a.withheld)!.id, onCreate: true } });
  });

  it('records the record’s id, not its kind, for views of the restrict and break-glass pages', async () => {
    const manager = await signedIn(t.app, tenant.users['team-manager'].email);
    const own = (await peopleService(t.db).create({ kind: 'user', user: await user('team-manager') }, { givenName: 'Corin', familyName: 'Vale' }, 'r')).id;
    const before = await lastSeq();
    const page = await manager.get(paths.restricted.restrict('person', own));
    expect(page.statusCode, page.body).toBe(200);
    const [view] = (await eventsAfter(before)).filter((e) => e.action === 'page.view');
    expect(view).toMatchObject({ subject_type: 'restrict', subject_id: own });
    expect(view!.details.people).toEqual([own]);
  });
});
