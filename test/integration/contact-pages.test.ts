import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { hoursAgo, policeNotification } from '../helpers/contacts.js';
import { checkedRadios, errorSummary } from '../helpers/pages.js';

let t: TestApp;
let tenant: TestTenant;
let worker: Visitor;
let manager: Visitor;
let teamManager: Visitor;
let team: { id: string; name: string };

async function user(role: Role): Promise<CurrentUser> {
  const u = await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users[role].id));
  if (!u) throw new Error('no user');
  return u;
}

async function receive(body = policeNotification()) {
  return contactsService(t.db).receive({ kind: 'system', tenantId: tenant.id }, body, null);
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  worker = await signedIn(t.app, tenant.users['mash-worker'].email);
  manager = await signedIn(t.app, tenant.users['mash-manager'].email);
  const admin = adminService(t.db);
  const system = { kind: 'system', tenantId: tenant.id } as const;
  team = await admin.createTeam(system, 'Children in need North', null);
  await admin.createUser(system, { email: 'north.manager@contact-pages.test.invalid', name: 'North Manager', roles: ['team-manager'], teamIds: [team.id], password: TEST_PASSWORD }, null);
  teamManager = await signedIn(t.app, 'north.manager@contact-pages.test.invalid');
});

/** The open cases of the children on a contact, as the database holds them. */
async function casesOfChild(contactId: string) {
  return t.db.tenant(tenant.id, (trx) =>
    trx
      .selectFrom('contact_people')
      .innerJoin('case_members', 'case_members.person_id', 'contact_people.person_id')
      .innerJoin('cases', 'cases.id', 'case_members.case_id')
      .select(['cases.id', 'cases.reference', 'cases.stage', 'cases.status', 'cases.team_id', 'cases.worker_id'])
      .where('contact_people.contact_id', '=', contactId)
      .where('contact_people.role', '=', 'child')
      .where('case_members.role', '=', 'child')
      .execute(),
  );
}
afterAll(() => t.close());

describe('the MASH queue', () => {
  it('lists contacts awaiting a decision, soonest due first, with the days-left tag', async () => {
    const contact = await receive();
    const res = await worker.get(paths.contacts.queue);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`data-contact-row="${contact.id}"`);
    expect(res.body).toMatch(/working day(s)? left|Due today|Overdue by/);
    const overdue = await receive(policeNotification({ receivedAt: '2026-01-05T09:00:00Z', incident: { ...policeNotification().incident, occurredAt: '2026-01-04T22:00:00Z' } }));
    const filtered = await worker.get(`${paths.contacts.queue}?overdue=1`);
    expect(filtered.body).toContain(`data-contact-row="${overdue.id}"`);
    expect(filtered.body).not.toContain(`data-contact-row="${contact.id}"`);
    expect(filtered.body).toContain('Overdue by');
  });

  it('is only for MASH roles', async () => {
    const social = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await social.get(paths.contacts.queue)).statusCode).toBe(403);
  });
});

describe('a contact from arrival to decision', () => {
  it('shows matches with reasons, links one, shows the repeat in the history, triages, recommends and decides', async () => {
    const mash = await user('mash-worker');
    const { id: victim } = await peopleService(t.db).create({ kind: 'user', user: mash }, { givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1991-03-14' }, 'r');
    // An earlier incident, already linked to the victim's record.
    const earlier = policeNotification({ receivedAt: hoursAgo(24 * 40) });
    earlier.incident.occurredAt = hoursAgo(24 * 41);
    earlier.people[0] = { ...earlier.people[0]!, personId: victim } as (typeof earlier.people)[number];
    await receive(earlier);
    const contact = await receive();

    const people = await worker.get(paths.contacts.people(contact.id));
    expect(people.statusCode).toBe(200);
    expect(people.body).toContain(`data-candidate="${victim}"`);
    expect(people.body).toContain('Same date of birth');
    const linked = await worker.post(paths.contacts.link(contact.id, 'v'), { personId: victim });
    expect(linked.statusCode).toBe(303);

    const history = await worker.get(paths.contacts.history(contact.id));
    expect(history.body).toMatch(/1 domestic abuse incident in the 12 months before this contact/);
    const summary = await worker.get(paths.contacts.contact(contact.id));
    expect(summary.body).toContain('data-warning="repeat"');
    expect(summary.body).toContain('I hid in my room');

    const noIndicator = await worker.post(paths.contacts.triage(contact.id), { indicators: 'made-up-code' });
    expect(noIndicator.statusCode).toBe(400);
    expect(Object.values(errorSummary(noIndicator.body))[0]).toMatch(/Unknown threshold indicator/);
    // Saving the indicators alone shows the page again with the scale, keeping what was typed below.
    const worked = await worker.post(paths.contacts.triage(contact.id), { indicators: ['eh-low-coercive-control'], pathway: 'early-help', reason: 'Typed before the scale' });
    expect(worked.statusCode).toBe(200);
    expect(worked.body).toContain('The indicators have been saved');
    expect(worked.body).toContain('Typed before the scale');
    expect(checkedRadios(worked.body, 'pathway')).toEqual(['early-help']);
    const triage = await worker.get(paths.contacts.triage(contact.id));
    // One form: the indicators go with the recommendation, under one primary button.
    expect(triage.body.match(/<form [^>]*action="\/contacts\//g)?.length).toBe(1);
    expect(triage.body).toContain(`formaction="${paths.contacts.triage(contact.id)}"`);
    expect(triage.body).toMatch(/data-triage-child="c1"[\s\S]*?Raised by one: under 7[\s\S]*?Amber/);
    expect(triage.body).toContain('data-history-summary');

    // The scale's suggestion is shown, never chosen for the worker: no pathway is selected until they choose one.
    expect(checkedRadios(triage.body, 'pathway')).toEqual([]);
    const noReason = await worker.post(paths.contacts.recommend(contact.id), { indicators: 'eh-low-coercive-control', pathway: 'child-in-need' });
    expect(errorSummary(noReason.body)).toEqual({ reason: 'Give the reason for your recommendation' });
    // The person causing harm and the child are not linked yet: no recommendation until each is linked or added on purpose.
    const unlinked = await worker.post(paths.contacts.recommend(contact.id), { indicators: 'eh-low-coercive-control', pathway: 'child-in-need', reason: 'Sent too soon' });
    expect(unlinked.statusCode).toBe(400);
    expect(errorSummary(unlinked.body)).toEqual({ pathway: '2 people on this contact are not linked to a record. Link each one to their record, or add a new record for them, before you make the recommendation' });
    expect(unlinked.body).toContain('Sent too soon');
    for (const ref of ['h', 'c1']) expect((await worker.post(paths.contacts.addPerson(contact.id, ref))).statusCode).toBe(303);
    // A box ticked and the recommendation sent at once: both are saved; a made-up indicator refuses both.
    const refused = await worker.post(paths.contacts.recommend(contact.id), { indicators: ['eh-low-coercive-control', 'made-up-code'], pathway: 'child-in-need', reason: 'Sent with a bad box' });
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(errorSummary(refused.body))).toEqual(['indicators']);
    expect((await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contacts').select('recommended_pathway').where('id', '=', contact.id).executeTakeFirstOrThrow())).recommended_pathway).toBeNull();
    const both = ['eh-low-coercive-control', 'cin-repeat-victim-low-nonphysical'];
    expect((await worker.post(paths.contacts.recommend(contact.id), { indicators: both, pathway: 'child-in-need', reason: 'Second incident in weeks; young child heard it' })).statusCode).toBe(303);
    const stored = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contacts').select(['indicators', 'recommended_pathway']).where('id', '=', contact.id).executeTakeFirstOrThrow());
    expect([...stored.indicators].sort()).toEqual([...both].sort());
    expect(stored.recommended_pathway).toBe('child-in-need');
    expect((await worker.get(paths.contacts.decision(contact.id))).statusCode).toBe(403);
    expect((await worker.post(paths.contacts.decision(contact.id), { pathway: 'child-in-need', reason: 'x', daServiceReferral: 'none', checkMarac: 'no' })).statusCode).toBe(403);

    const decisionPage = await manager.get(paths.contacts.decision(contact.id));
    expect(decisionPage.body).toContain('Second incident in weeks');
    // Nor is the recommendation chosen for the manager: the decision is theirs to make on purpose.
    expect(checkedRadios(decisionPage.body, 'pathway')).toEqual([]);
    const unchosen = await manager.post(paths.contacts.decision(contact.id), { reason: 'Escalating', daServiceReferral: 'idsva', checkMarac: 'yes' });
    expect(unchosen.statusCode).toBe(400);
    expect(Object.keys(errorSummary(unchosen.body))).toEqual(['pathway']);
    const differs = await manager.post(paths.contacts.decision(contact.id), { pathway: 'child-protection', reason: '', daServiceReferral: 'idsva', checkMarac: 'yes' });
    expect(differs.statusCode).toBe(400);
    expect(errorSummary(differs.body)).toEqual({ reason: 'Give the reason for deciding differently from the recommendation' });
    // Each choice says what it will do: the children have no case yet, so one is opened.
    expect(decisionPage.body).toContain('Opens a case at child protection (s47) for Tobiah Quennell. The managers of the team you choose are asked to allocate it. They are also asked to hold a strategy discussion.');
    const decision = { pathway: 'child-protection', reason: 'Escalating; strategy discussion today', daServiceReferral: 'idsva', checkMarac: 'yes' };
    const noTeam = await manager.post(paths.contacts.decision(contact.id), decision);
    expect(errorSummary(noTeam.body)).toEqual({ teamId: 'Choose the team whose managers will act on the decision' });
    expect(await casesOfChild(contact.id)).toEqual([]);
    const decided = await manager.post(paths.contacts.decision(contact.id), { ...decision, teamId: team.id });
    expect(decided.statusCode).toBe(303);
    const after = await manager.get(decided.headers.location as string);
    expect(after.body).toContain('The threshold decision has been recorded');
    expect(after.body).toContain('data-decision');
    expect(after.body).toContain('Escalating; strategy discussion today');
    const events = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contact_events').select('type').where('contact_id', '=', contact.id).orderBy('id').execute());
    expect(events.map((e) => e.type)).toEqual(['received', 'person-linked', 'indicators-set', 'person-added', 'person-added', 'indicators-set', 'recommended', 'decided']);

    // The decision acted: a case for the child at child protection, with everyone on the contact on it.
    const [kase] = await casesOfChild(contact.id);
    expect(kase).toMatchObject({ stage: 'child-protection', status: 'open', team_id: team.id, worker_id: null });
    expect(after.body).toMatch(new RegExp(`Case ${kase!.reference} was opened at child protection \\(s47\\)\\.[^<]*<a class="govuk-link" href="${paths.cases.overview(kase!.id)}">`));
    expect(after.body).toContain(`The managers of ${team.name} have been asked to allocate the case to a worker.`);
    expect(after.body).toContain(`The managers of ${team.name} have been asked to hold a strategy discussion.`);
    const members = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('case_members').select('role').where('case_id', '=', kase!.id).orderBy('role').execute());
    expect(members.map((m) => m.role)).toEqual(['adult-victim', 'child', 'person-causing-harm']);
    const chronology = await manager.get(paths.cases.chronology(kase!.id));
    expect(chronology.body).toContain('Threshold decision');
    expect(chronology.body).toContain('Decision: Child protection (strategy discussion, s47)');
    expect(chronology.body).toContain(paths.contacts.contact(contact.id));
    // The victim's record shows the contact and its decision, and the case.
    const person = await manager.get(paths.people.person(victim));
    expect(person.body).toMatch(/data-person-contacts[\s\S]*Child protection \(strategy discussion, s47\)/);
    expect(person.body).toContain(`Case ${kase!.reference}`);

    // The team's manager sees both tasks at home, records the strategy discussion, and allocates: both are done.
    const home = await teamManager.get('/');
    expect(home.body).toMatch(new RegExp(`data-task="allocate-case"[\\s\\S]*?Case ${kase!.reference}`));
    expect(home.body).toMatch(new RegExp(`data-task="strategy-discussion"[\\s\\S]*?Case ${kase!.reference}`));
    const elsewhere = await signedIn(t.app, tenant.users['team-manager'].email);
    expect((await elsewhere.get('/')).body).not.toContain('data-team-tasks');
    // The task leads to the strategy discussion form; recording the discussion there does the task.
    expect((await teamManager.get(paths.cases.overview(kase!.id))).body).toContain(`href="${paths.cases.newStrategyDiscussion(kase!.id)}"`);
    const sd = paths.cases.newStrategyDiscussion(kase!.id);
    await teamManager.get(sd);
    const held = { 'heldOn-day': '1', 'heldOn-month': '12', 'heldOn-year': '2026', 'agency-1': 'Children’s services', 'name-1': 'A Manager', 'agency-2': 'Police', 'name-2': 'DS Example', decision: 'section-47', reasons: 'Held with police and health; s47 enquiry to start', childIds: [] as string[] };
    const blank = await teamManager.post(sd, { ...held, reasons: ' ' });
    expect(errorSummary(blank.body)).toEqual({ reasons: 'Say what was decided and why' });
    const childId = (await t.db.tenant(tenant.id, (trx) => trx.selectFrom('case_members').select('person_id').where('case_id', '=', kase!.id).where('role', '=', 'child').executeTakeFirstOrThrow())).person_id;
    expect((await teamManager.post(sd, { ...held, childIds: [childId] })).statusCode).toBe(303);
    const social = tenant.users['social-worker'].id;
    expect((await teamManager.post(paths.cases.allocate(kase!.id), { workerId: social, teamId: team.id })).statusCode).toBe(303);
    const done = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('tasks').select(['kind', 'done_at', 'done_note']).where('case_id', '=', kase!.id).orderBy('kind').execute());
    expect(done.map((d) => [d.kind, d.done_at !== null, d.done_note])).toEqual([
      ['allocate-case', true, null],
      ['strategy-discussion', true, 'Strategy discussion held on 1 December 2026: see the Plans tab'],
    ]);
    expect((await teamManager.get('/')).body).not.toContain('data-team-tasks');
    const withDiscussion = await manager.get(paths.cases.chronology(kase!.id));
    expect(withDiscussion.body).toContain('Strategy discussion task done');
    expect(withDiscussion.body).toContain('Start a section 47 enquiry');
  });

  it('steps the children’s open case up on a child in need decision, keeping one case, and no further action leaves it as it is', async () => {
    const mash = await user('mash-worker');
    const made = async (givenName: string, dateOfBirth: string) => (await peopleService(t.db).create({ kind: 'user', user: mash }, { givenName, familyName: 'Ashdown', dateOfBirth }, 'r')).id;
    const [mum, dad, child] = [await made('Lorna', '1990-01-02'), await made('Kieran', '1989-03-04'), await made('Ivy', '2019-05-06')];
    const early = await casesService(t.db).open(await user('team-manager'), { stage: 'early-help', members: [{ personId: child, role: 'child' }], teamId: team.id }, 'r');
    const linkedNotification = () =>
      policeNotification({
        people: [
          { ref: 'v', role: 'victim', personId: mum, givenName: 'Lorna', familyName: 'Ashdown' },
          { ref: 'h', role: 'person-causing-harm', personId: dad, givenName: 'Kieran', familyName: 'Ashdown' },
          { ref: 'c1', role: 'child', personId: child, givenName: 'Ivy', familyName: 'Ashdown' },
        ],
      });
    const first = await receive(linkedNotification());
    const page = await manager.get(paths.contacts.decision(first.id));
    expect(page.body).toContain(`Steps case ${early.reference} up from early help to child and family assessment.`);
    expect(page.body).toContain(`Closes the contact. Case ${early.reference} stays at early help, with this decision in its chronology.`);
    expect((await manager.post(paths.contacts.decision(first.id), { pathway: 'child-in-need', reason: 'Second incident; child heard it', daServiceReferral: 'floating-support', checkMarac: 'no', teamId: team.id })).statusCode).toBe(303);
    const stepped = await manager.get(paths.contacts.decision(first.id));
    expect(stepped.body).toContain(`Case ${early.reference} was stepped up from early help to child and family assessment.`);
    expect(await casesOfChild(first.id)).toMatchObject([{ id: early.id, stage: 'assessment' }]);
    const chronology = await manager.get(paths.cases.chronology(early.id));
    expect(chronology.body).toContain('Now: Child and family assessment');
    expect(chronology.body).toContain('Open the contact whose threshold decision changed it');

    const second = await receive(linkedNotification());
    expect((await manager.post(paths.contacts.decision(second.id), { pathway: 'no-further-action', reason: 'Already being assessed', daServiceReferral: 'none', checkMarac: 'no' })).statusCode).toBe(303);
    expect(await casesOfChild(second.id)).toMatchObject([{ id: early.id, stage: 'assessment' }]);
    const kept = await manager.get(paths.contacts.decision(second.id));
    expect(kept.body).toContain(`Case ${early.reference} stays at child and family assessment; the decision is in its chronology.`);
    const open = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('case_members').select('case_id').where('person_id', '=', child).execute());
    expect(open).toHaveLength(1);
  });

  it('undoes a mistaken link with a reason, audited and kept in the history, and not once the contact is decided', async () => {
    const mash = await user('mash-worker');
    const { id: wrong } = await peopleService(t.db).create({ kind: 'user', user: mash }, { givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1961-03-14' }, 'r');
    const contact = await receive(policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1991-03-14' }], relationships: [] }));
    expect((await worker.post(paths.contacts.link(contact.id, 'v'), { personId: wrong })).statusCode).toBe(303);
    const linked = await worker.get(paths.contacts.people(contact.id));
    expect(linked.body).toContain('This is the wrong record');
    const noReason = await worker.post(paths.contacts.unlink(contact.id, 'v'), { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual({ 'unlink-v': 'Say why this is the wrong record' });
    expect(noReason.body).toMatch(/<details class="govuk-details" open/);
    const social = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await social.post(paths.contacts.unlink(contact.id, 'v'), { reason: 'Not her' })).statusCode).toBe(403);
    expect((await worker.post(paths.contacts.unlink(contact.id, 'nobody'), { reason: 'Not her' })).statusCode).toBe(404);

    const undone = await worker.post(paths.contacts.unlink(contact.id, 'v'), { reason: 'Date of birth is 30 years out: her mother' });
    expect(undone.statusCode).toBe(303);
    const after = await worker.get(undone.headers.location as string);
    expect(after.body).toContain('The link has been removed. Link the right record, or add a new one.');
    expect(after.body).not.toContain("data-linked");
    const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contact_people').select(['person_id', 'linked_by']).where('contact_id', '=', contact.id).executeTakeFirstOrThrow());
    expect(row).toEqual({ person_id: null, linked_by: null });
    const event = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contact_events').select('data').where('contact_id', '=', contact.id).where('type', '=', 'person-unlinked').executeTakeFirstOrThrow());
    expect(event.data).toEqual({ ref: 'v', personId: wrong, reason: 'Date of birth is 30 years out: her mother' });
    const audit = await t.db.owner().selectFrom('audit_events').select(['actor_id', 'details']).where('action', '=', 'contact.unlink-person').where('subject_id', '=', contact.id).execute();
    expect(audit).toEqual([{ actor_id: tenant.users['mash-worker'].id, details: { ref: 'v', personId: wrong } }]);
    expect((await worker.get(paths.contacts.contact(contact.id))).body).toContain('Mistaken link removed');
    expect((await worker.post(paths.contacts.unlink(contact.id, 'v'), { reason: 'Again' })).statusCode).toBe(409);

    // Once decided, the links stay as the decision saw them.
    expect((await worker.post(paths.contacts.link(contact.id, 'v'), { personId: wrong })).statusCode).toBe(303);
    expect((await manager.post(paths.contacts.decision(contact.id), { pathway: 'no-further-action', reason: 'No children', daServiceReferral: 'victim-support', checkMarac: 'no' })).statusCode).toBe(303);
    const late = await worker.post(paths.contacts.unlink(contact.id, 'v'), { reason: 'Too late' });
    expect(late.statusCode).toBe(409);
    expect((await worker.get(paths.contacts.people(contact.id))).body).not.toContain('This is the wrong record');
  });

  it('adds a new record when no candidate fits, and links it', async () => {
    const contact = await receive(policeNotification({ people: [{ ref: 'c', role: 'child', givenName: 'Zebedee', familyName: 'Oyelaran-Fitch', dateOfBirth: '2015-06-30' }], relationships: [] }));
    const res = await worker.post(paths.contacts.addPerson(contact.id, 'c'));
    expect(res.statusCode).toBe(303);
    const page = await worker.get(paths.contacts.people(contact.id));
    expect(page.body).toContain('data-linked');
    expect(page.body).toContain('Zebedee Oyelaran-Fitch');
  });
});

describe('withheld whereabouts on a contact', () => {
  it('shows the address the police gave as Withheld once the person is linked to a record whose address is withheld', async () => {
    const tm = await user('team-manager');
    const secret = '4 Larkspur Refuge Walk';
    const { id } = await peopleService(t.db).create({ kind: 'user', user: tm }, {
      givenName: 'Saoirse',
      familyName: 'Adeyemi-Kerr',
      addresses: [{ line1: secret, postcode: 'ZZ4 4ZZ', withheld: true, withheldReason: 'Fled to refuge' }],
    }, 'r');
    const contact = await receive(policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: 'Saoirse', familyName: 'Adeyemi-Kerr', address: secret, postcode: 'ZZ4 4ZZ' }], relationships: [] }));
    // Before linking, the address is only what the police sent.
    expect((await worker.get(paths.contacts.people(contact.id))).body).toContain(secret);
    await worker.post(paths.contacts.link(contact.id, 'v'), { personId: id });
    for (const url of [paths.contacts.people(contact.id), paths.contacts.contact(contact.id), paths.contacts.history(contact.id)]) {
      const page = await worker.get(url);
      expect(page.body, url).not.toContain(secret);
      expect(page.body, url).not.toContain('ZZ4 4ZZ');
    }
    expect((await worker.get(paths.contacts.people(contact.id))).body).toContain('data-warning="whereabouts-withheld"');
    const managerView = await (await signedIn(t.app, tenant.users['team-manager'].email)).get(paths.contacts.people(contact.id));
    expect(managerView.statusCode).toBe(404);
    const idva = await signedIn(t.app, tenant.users.idva.email);
    expect((await idva.get(paths.contacts.people(contact.id))).statusCode).toBe(404);
  });
});

describe('allocated families', () => {
  it('sends the contact to the allocated worker, who sees it at home and on the case and records the review', async () => {
    const social = await user('social-worker');
    const child = await peopleService(t.db).create({ kind: 'user', user: await user('team-manager') }, { givenName: 'Lowenna', familyName: 'Pendarves', dateOfBirth: '2016-02-11' }, 'r');
    const kase = await casesService(t.db).open(await user('team-manager'), { stage: 'child-in-need', members: [{ personId: child.id, role: 'child' }], workerId: social.id }, 'r');
    const contact = await receive(policeNotification({ people: [{ ref: 'c', role: 'child', givenName: 'Lowenna', familyName: 'Pendarves', dateOfBirth: '2016-02-11' }], relationships: [] }));
    expect(contact.status).toBe('awaiting-decision');
    await worker.post(paths.contacts.link(contact.id, 'c'), { personId: child.id });
    const summary = await worker.get(paths.contacts.contact(contact.id));
    expect(summary.body).toContain('data-warning="sent-to-case"');

    const sw = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await sw.get(paths.home)).body).toContain('data-incidents');
    expect((await sw.get(paths.contacts.contact(contact.id))).statusCode).toBe(200);
    const casePage = await sw.get(paths.cases.overview(kase.id));
    expect(casePage.body).toContain(`data-incident-to-review="${contact.id}"`);
    const empty = await sw.post(paths.cases.reviewIncident(kase.id, contact.id), { note: '' });
    expect(empty.statusCode).toBe(400);
    expect((await sw.post(paths.cases.reviewIncident(kase.id, contact.id), { note: 'Safety plan updated: new school pick-up arrangements' })).statusCode).toBe(303);
    expect((await sw.get(paths.cases.overview(kase.id))).body).not.toContain('data-incident-to-review');

    const outsider = await signedIn(t.app, tenant.users['iro'].email);
    const other = await receive();
    expect((await outsider.get(paths.contacts.contact(other.id))).statusCode).toBe(404);
  });
});

describe('who may open which contact page', () => {
  it('gives the screening pages and forms to the MASH only; a worker reads the summary and people of a contact sent to their case', async () => {
    const tm = await user('team-manager');
    const child = await peopleService(t.db).create({ kind: 'user', user: tm }, { givenName: 'Tamsin', familyName: 'Carbery-Olu', dateOfBirth: '2017-09-03' }, 'r');
    await casesService(t.db).open(tm, { stage: 'child-in-need', members: [{ personId: child.id, role: 'child' }], workerId: tenant.users['social-worker'].id }, 'r');
    const sent = await receive(policeNotification({ people: [{ ref: 'c', role: 'child', personId: child.id, givenName: 'Tamsin', familyName: 'Carbery-Olu', dateOfBirth: '2017-09-03' }], relationships: [] }));
    expect(sent.status).toBe('sent-to-allocated-worker');
    const other = await receive();

    const screening = (id: string) => [paths.contacts.history(id), paths.contacts.triage(id), paths.contacts.decision(id)];
    const forms = (id: string): [string, Record<string, string>][] => [
      [paths.contacts.link(id, 'c'), { personId: child.id }],
      [paths.contacts.addPerson(id, 'c'), {}],
      [paths.contacts.triage(id), { indicators: 'eh-low-coercive-control' }],
      [paths.contacts.recommend(id), { indicators: 'eh-low-coercive-control', pathway: 'child-in-need', reason: 'x' }],
      [paths.contacts.decision(id), { pathway: 'child-in-need', reason: 'x', daServiceReferral: 'none', checkMarac: 'no' }],
    ];

    const social = await signedIn(t.app, tenant.users['social-worker'].email);
    for (const url of [paths.contacts.contact(sent.id), paths.contacts.people(sent.id)]) expect((await social.get(url)).statusCode, url).toBe(200);
    const summary = await social.get(paths.contacts.contact(sent.id));
    for (const url of screening(sent.id)) {
      expect(summary.body, url).not.toContain(`href="${url}"`);
      expect((await social.get(url)).statusCode, url).toBe(403);
    }
    for (const [url, form] of forms(sent.id)) expect((await social.post(url, form)).statusCode, url).toBe(403);
    // A contact not sent to their case: the pages they may open at all do not admit it exists.
    for (const url of [paths.contacts.contact(other.id), paths.contacts.people(other.id)]) expect((await social.get(url)).statusCode, url).toBe(404);
    for (const url of screening(other.id)) expect((await social.get(url)).statusCode, url).toBe(403);

    const idva = await signedIn(t.app, tenant.users.idva.email);
    for (const url of [...screening(sent.id), ...screening(other.id)]) expect((await idva.get(url)).statusCode, url).toBe(403);
    for (const [url, form] of forms(other.id)) expect((await idva.post(url, form)).statusCode, url).toBe(403);
    expect((await idva.get(paths.contacts.contact(other.id))).statusCode).toBe(404);

    const analyst = await signedIn(t.app, tenant.users.analyst.email);
    for (const url of [paths.contacts.contact(sent.id), paths.contacts.people(sent.id), ...screening(sent.id)]) expect((await analyst.get(url)).statusCode, url).toBe(403);

    // The MASH worker screens, but decides nothing.
    for (const url of [paths.contacts.contact(other.id), paths.contacts.people(other.id), paths.contacts.history(other.id), paths.contacts.triage(other.id)]) {
      expect((await worker.get(url)).statusCode, url).toBe(200);
    }
    expect((await worker.get(paths.contacts.contact(other.id))).body).toContain(`href="${paths.contacts.triage(other.id)}"`);
    expect((await worker.get(paths.contacts.decision(other.id))).statusCode).toBe(403);
    expect((await manager.get(paths.contacts.decision(other.id))).statusCode).toBe(200);
  });
});

describe('the contact forms', () => {
  it('say every problem at once, keep what was typed, and show what was done', async () => {
    const contact = await receive();
    const bad = await manager.post(paths.contacts.decision(contact.id), { reason: '  Typed before choosing  ', daServiceReferral: 'somewhere' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual({
      pathway: 'Choose your decision',
      daServiceReferral: 'Choose where the victim is referred, or no referral',
      checkMarac: 'Say whether the Marac criteria need checking',
    });
    expect(bad.body).toContain('Typed before choosing');
    const long = await worker.post(paths.contacts.recommend(contact.id), { pathway: 'early-help', reason: 'x'.repeat(5001) });
    expect(errorSummary(long.body)).toEqual({ reason: 'Write 5,000 characters or fewer' });

    const unknown = await worker.post(paths.contacts.triage(contact.id), { indicators: ['made-up-code'] });
    expect(unknown.statusCode).toBe(400);
    expect(Object.keys(errorSummary(unknown.body))).toEqual(['indicators']);
    expect(unknown.body).toMatch(/id="indicators"[^>]*value="[^"]+"/);
    expect(unknown.body).toContain('govuk-error-message');

    const badLink = await worker.post(paths.contacts.link(contact.id, 'v'), { personId: 'not-a-record' });
    expect(badLink.statusCode).toBe(400);
    expect(errorSummary(badLink.body)).toEqual({ 'person-v': 'Choose a record from the list' });

    const saved = await worker.post(paths.contacts.triage(contact.id), { indicators: 'eh-low-coercive-control' });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('The indicators have been saved');
    const added = await worker.post(paths.contacts.addPerson(contact.id, 'h'));
    expect(added.headers.location).toBe(`${paths.contacts.people(contact.id)}?done=added`);
    const again = await worker.post(paths.contacts.addPerson(contact.id, 'h'));
    expect(again.statusCode).toBe(409);
    expect(errorSummary(again.body)).toEqual({ 'person-h': 'This person is already linked to a record' });
  });
});

describe('timeliness', () => {
  it('counts decisions on time, late and overdue for the period', async () => {
    const analyst = await signedIn(t.app, tenant.users.analyst.email);
    const bad = await analyst.get(`${paths.contacts.dashboard}?from=2026-13-01&to=2026-01-01`);
    expect(bad.statusCode).toBe(400);
    const res = await analyst.get(`${paths.contacts.dashboard}?from=2026-01-01&to=2026-01-31`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-count="overdue">\s*<p class="govuk-heading-xl govuk-!-margin-bottom-1">1</);
    // The period in GOV.UK date inputs: a date that does not exist is refused at its box.
    const boxes = await analyst.get(`${paths.contacts.dashboard}?from-day=1&from-month=1&from-year=2026&to-day=31&to-month=1&to-year=2026`);
    expect(boxes.statusCode).toBe(200);
    expect(boxes.body).toContain('1 January 2026 to 31 January 2026');
    const wrong = await analyst.get(`${paths.contacts.dashboard}?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026`);
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual({ 'from-day': 'The first day must be a real date' });
    expect((await worker.get(paths.contacts.dashboard)).statusCode).toBe(403);
  });
});

describe('matching without duplicates', () => {
  it('opens a proposed record in brief, finds one that was not proposed, and checks before adding a new record', async () => {
    const mash = await user('mash-worker');
    const people = peopleService(t.db);
    const caller = { kind: 'user', user: mash } as const;
    const { id: proposed } = await people.create({ kind: 'user', user: await user('team-manager') }, {
      givenName: 'Halima',
      familyName: 'Bergqvist',
      otherNames: ['Halima Berg'],
      dateOfBirth: '1992-07-21',
      addresses: [{ line1: '3 Withheld Row', postcode: 'ZZ7 7WW', withheld: true, withheldReason: 'Refuge' }, { line1: '9 Old Road', town: 'Openfield', to: '2020-01-01', from: '2015-01-01' }],
    }, 'r');
    // Known by her maiden name only: the matching does not propose her, a search finds her.
    const { id: maiden } = await people.create(caller, { givenName: 'Halima', familyName: 'Okonkwo-Reyes', dateOfBirth: '1985-01-30' }, 'r');
    const contact = await receive(
      policeNotification({
        people: [
          { ref: 'v', role: 'victim', givenName: 'Halima', familyName: 'Bergqvist', dateOfBirth: '1992-07-21' },
          { ref: 'o', role: 'other-adult', givenName: 'Hally', familyName: 'Reyes', dateOfBirth: '1985-01-30' },
        ],
        relationships: [],
      }),
    );

    // The proposed record, in brief: names, date of birth, addresses (withheld ones only as withheld), cases; and the way to link it.
    const page = await worker.get(paths.contacts.people(contact.id));
    expect(page.body).toContain(`href="${paths.contacts.candidate(contact.id, 'v', proposed)}"`);
    const brief = await worker.get(paths.contacts.candidate(contact.id, 'v', proposed));
    expect(brief.statusCode).toBe(200);
    expect(brief.body).toContain('Is this Halima Bergqvist?');
    expect(brief.body).toContain('Halima Berg');
    expect(brief.body).toContain('21 July 1992');
    expect(brief.body).toContain('9 Old Road');
    expect(brief.body).not.toContain('3 Withheld Row');
    expect(brief.body).not.toContain('ZZ7 7WW');
    expect(brief.body).toContain(`action="${paths.contacts.link(contact.id, 'v')}"`);
    expect(brief.body).toContain(`value="${proposed}"`);
    expect((await worker.get(paths.contacts.candidate(contact.id, 'nobody', proposed))).statusCode).toBe(404);
    expect((await worker.get(paths.contacts.candidate(contact.id, 'v', 'not-an-id'))).statusCode).toBe(404);

    // A search by another name: refused empty, then finds the maiden-name record by one part of her family name.
    const empty = await worker.post(paths.search, { returnTo: paths.contacts.people(contact.id), ref: 'o', name: ' ' });
    const emptyPage = await worker.get(empty.headers.location as string);
    expect(emptyPage.statusCode).toBe(400);
    expect(errorSummary(emptyPage.body)).toEqual({ 'search-o': 'Enter a name to search for' });
    const sent = await worker.post(paths.search, { returnTo: paths.contacts.people(contact.id), ref: 'o', name: 'Halima Reyes' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).not.toContain('Reyes');
    const found = await worker.get(sent.headers.location as string);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`data-found="${maiden}"`);
    expect(found.body).toContain(`href="${paths.contacts.candidate(contact.id, 'o', maiden)}"`);
    expect((await worker.post(paths.contacts.link(contact.id, 'o'), { personId: maiden })).statusCode).toBe(303);

    // Adding a new record goes through a check that shows the closest records once more; nothing is added until it is confirmed.
    const { id: near } = await people.create(caller, { givenName: 'Idris', familyName: 'Bergqvist', dateOfBirth: '2019-02-02' }, 'r');
    const withChild = await receive(policeNotification({ people: [{ ref: 'c', role: 'child', givenName: 'Idris', familyName: 'Bergqvist', dateOfBirth: '2019-02-02' }], relationships: [] }));
    const before = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
    const matching = await worker.get(paths.contacts.people(withChild.id));
    expect(matching.body).toContain(`href="${paths.contacts.addPerson(withChild.id, 'c')}"`);
    const check = await worker.get(paths.contacts.addPerson(withChild.id, 'c'));
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check before adding a new record');
    expect(check.body).toContain(`data-candidate="${near}"`);
    const after = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
    expect(after.n).toBe(before.n);
    const added = await worker.post(paths.contacts.addPerson(withChild.id, 'c'));
    expect(added.headers.location).toBe(`${paths.contacts.people(withChild.id)}?done=added`);
    // Once linked, the check leads back to the matching page.
    expect((await worker.get(paths.contacts.addPerson(withChild.id, 'c'))).statusCode).toBe(303);
  });
});

describe('what the MASH needs to decide well', () => {
  it('shows each adult’s latest risk checklist with its review, and the police’s own risk grading', async () => {
    const manager = await user('team-manager');
    const { id: victim } = await peopleService(t.db).create({ kind: 'user', user: manager }, { givenName: 'Oona', familyName: 'Treharne', dateOfBirth: '1990-05-05' }, 'r');
    // A high-risk checklist completed ten weeks ago: its review is overdue.
    const tenWeeksAgo = new Date(Date.now() - 70 * 86_400_000);
    await t.db.tenant(tenant.id, (trx) =>
      trx
        .insertInto('risk_assessments')
        .values({ tenant_id: tenant.id, person_id: victim, instrument_id: 'dash-ric', instrument_version: 1, language: 'en', completed_at: tenWeeksAgo, completed_on: tenWeeksAgo.toISOString().slice(0, 10), recorded_by: manager.id, answers: '{}', score: 16, band: 'high', gaps: [] })
        .execute(),
    );
    const base = policeNotification();
    const contact = await receive({
      ...base,
      incident: { ...base.incident, policeRiskGrading: 'high' as const },
      people: [{ ref: 'v', role: 'victim', givenName: 'Oona', familyName: 'Treharne', dateOfBirth: '1990-05-05', personId: victim }, base.people[1]!, base.people[2]!],
    });
    const history = await worker.get(paths.contacts.history(contact.id));
    expect(history.body).toContain('graded the risk on this incident as <strong>high</strong>');
    const latest = /data-latest-checklist>([\s\S]*?)<\/p>/.exec(history.body)?.[1] ?? '';
    expect(latest).toContain('High risk');
    expect(latest).toContain('score 16');
    expect(latest).toContain('Review overdue');
    const summary = await worker.get(paths.contacts.contact(contact.id));
    expect(summary.body).toMatch(/Police risk grading[\s\S]*?High/);
    const decision = await manager_(contact.id);
    expect(decision).toContain('The police graded the risk on this incident as high');
    expect(decision).toMatch(/latest risk checklist high risk \(score 16\) on [^,]+, review overdue since/);
  });
});

async function manager_(contactId: string): Promise<string> {
  return (await manager.get(paths.contacts.decision(contactId))).body;
}

describe('who works on a contact', () => {
  it('a worker picks a contact up, a manager reassigns it, and the queue finds it by name, reference and assignee', async () => {
    const contact = await receive(policeNotification({ reference: `PICK/${Date.now().toString(36)}/7`, people: [{ ref: 'v', role: 'victim', givenName: 'Saoirse', familyName: 'Pickering-Ould' }], relationships: [] }));
    const page = await worker.get(paths.contacts.contact(contact.id));
    expect(page.body).toMatch(/Worked on by<\/dt><dd>Nobody yet/);
    const picked = await worker.post(paths.contacts.pickUp(contact.id));
    expect(picked.headers.location).toBe(`${paths.contacts.contact(contact.id)}?done=picked-up`);
    const mine = await worker.get(`${paths.contacts.contact(contact.id)}?done=picked-up`);
    expect(mine.body).toContain('You are working on this contact');
    expect(mine.body).not.toContain('Pick up this contact');
    const home = await worker.get('/');
    expect(home.body).toMatch(/data-my-contacts[\s\S]*?Pickering-Ould/);
    // Someone else has it: the manager may not pick it up, but may reassign it.
    const taken = await manager.post(paths.contacts.pickUp(contact.id));
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('is working on this contact');
    const unchosen = await manager.post(paths.contacts.assign(contact.id), {});
    expect(unchosen.statusCode).toBe(400);
    expect(errorSummary(unchosen.body)).toEqual({ assignee: 'Choose who will work on this contact' });
    expect((await worker.post(paths.contacts.assign(contact.id), { assignee: 'nobody' })).statusCode).toBe(403);
    const back = await manager.post(paths.contacts.assign(contact.id), { assignee: 'nobody' });
    expect(back.headers.location).toBe(`${paths.contacts.contact(contact.id)}?done=unassigned`);

    // The queue, searched through a sealed form: by a part of the name, by the start of the reference, and by who has it.
    const byName = await manager.post(paths.search, { returnTo: paths.contacts.queue, search: 'Pickering-Ould', status: 'awaiting-decision' });
    expect(byName.headers.location).not.toContain('Pickering');
    expect((await manager.get(byName.headers.location as string)).body).toContain(`data-contact-row="${contact.id}"`);
    const byReference = await manager.post(paths.search, { returnTo: paths.contacts.queue, search: 'pick/' });
    const found = await manager.get(byReference.headers.location as string);
    expect(found.body).toContain(`data-contact-row="${contact.id}"`);
    const nobodyElse = await manager.post(paths.search, { returnTo: paths.contacts.queue, search: 'Nomatch-Anywhere' });
    expect((await manager.get(nobodyElse.headers.location as string)).body).not.toContain(`data-contact-row="${contact.id}"`);
    await manager.post(paths.contacts.assign(contact.id), { assignee: tenant.users['mash-worker'].id });
    expect((await worker.get(`${paths.contacts.queue}?assigned=me`)).body).toContain(`data-contact-row="${contact.id}"`);
    expect((await manager.get(`${paths.contacts.queue}?assigned=me`)).body).not.toContain(`data-contact-row="${contact.id}"`);
    expect((await manager.get(`${paths.contacts.queue}?assigned=nobody`)).body).not.toContain(`data-contact-row="${contact.id}"`);
  });

  it('a manager sends a recommendation back with a comment, and the worker sees it', async () => {
    const mash = await user('mash-worker');
    const base = policeNotification();
    const ids: string[] = [];
    for (const p of base.people) ids.push((await peopleService(t.db).create({ kind: 'user', user: mash }, { givenName: p.givenName, familyName: `${p.familyName}-Sendback`, dateOfBirth: p.dateOfBirth }, 'r')).id);
    const contact = await receive({ ...base, people: base.people.map((p, i) => ({ ...p, familyName: `${p.familyName}-Sendback`, personId: ids[i] })) });
    expect((await worker.post(paths.contacts.recommend(contact.id), { pathway: 'early-help', reason: 'First incident' })).statusCode).toBe(303);
    const empty = await manager.post(paths.contacts.sendBack(contact.id), { comment: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ comment: 'Say what the worker should look at again' });
    const sent = await manager.post(paths.contacts.sendBack(contact.id), { comment: 'The child heard it: look at the child’s voice again' });
    expect(sent.headers.location).toBe(`${paths.contacts.contact(contact.id)}?done=sent-back`);
    const triage = await worker.get(paths.contacts.triage(contact.id));
    expect(triage.body).toMatch(/data-returned[\s\S]*?look at the child’s voice again/);
    const decision = await manager.get(paths.contacts.decision(contact.id));
    expect(decision.body).toContain('You sent the recommendation back to the worker');
    expect((await manager.post(paths.contacts.sendBack(contact.id), { comment: 'Again' })).statusCode).toBe(409);
    const summary = await worker.get(paths.contacts.contact(contact.id));
    expect(summary.body).toContain('Recommendation sent back to the worker');
  });
});

describe('one time for one event', () => {
  it('shows a contact received when the sender received it, and when it reached Wraparound if much later, by the partner system’s name', async () => {
    const base = policeNotification({ receivedAt: '2026-11-02T09:15:00Z' });
    const contact = await receive({ ...base, incident: { ...base.incident, occurredAt: '2026-11-02T01:00:00Z' } });
    const page = await worker.get(paths.contacts.contact(contact.id));
    const timeline = /<div class="moj-timeline[\s\S]*/.exec(page.body)?.[0] ?? '';
    expect(timeline).toContain('datetime="2026-11-02T09:15:00.000Z"');
    expect(timeline).toMatch(/Recorded in Wraparound \d{1,2} [A-Z][a-z]+ \d{4} at/);
    expect(page.body).toMatch(/Received<\/dt><dd>2 November 2026 at 9:15am/);
    expect(timeline).not.toContain('Unknown user');
  });
});
