import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { DEFAULT_PANEL_TIMINGS } from '../../src/domain/marac/meetings.js';
import { adminService } from '../../src/features/admin/service.js';
import { maracMeetingsService } from '../../src/features/marac/meetings-service.js';
import { maracSetupService } from '../../src/features/marac/panels-service.js';
import { maracService } from '../../src/features/marac/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { safetyService } from '../../src/features/safety/service.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';
import { readPdf } from '../helpers/pdf-text.js';

/**
 * Issue 14, points 5 to 8: the meeting's run sheet (confidentiality, attendance, risks, actions tied to
 * risks, outcomes), a repeat's earlier plan reviewed before new actions, actions tracked by the owning
 * agency to outcomes and carried to the next meeting, overdue actions, and minutes approved then corrected.
 */

let t: TestApp;
let tenant: TestTenant;
let coordinator: Visitor;
let policeRep: Visitor;
let housingRep: Visitor;
let coordinatorUser: CurrentUser;
let worker: CurrentUser;
const ids = { police: '', housing: '', panel: '', first: '', second: '', victim: '', firstCase: '', secondCase: '', action: '', again: '' };

const user = (id: string) => t.db.tenant(tenant.id, async (trx) => (await loadUser(trx, id))!);
const dateFields = (prefix: string, date: string) => ({ [`${prefix}-day`]: String(Number(date.slice(8, 10))), [`${prefix}-month`]: String(Number(date.slice(5, 7))), [`${prefix}-year`]: date.slice(0, 4) });

async function refer(victim: string, harm: string, child: string, referredAt: string): Promise<string> {
  return (
    await maracService(t.db).refer(
      { kind: 'user', user: worker },
      { victimPersonId: victim, referredAt, referringAgency: 'Police', criteria: ['professional-judgement'], judgementReason: 'Escalating', personCausingHarmId: harm, childIds: [child], consent: 'given', risks: 'Threats to kill' },
      'r',
    )
  ).id;
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  coordinatorUser = await user(tenant.users['marac-coordinator'].id);
  worker = await user(tenant.users['social-worker'].id);
  const system = { kind: 'system', tenantId: tenant.id } as const;
  const housingRepId = (await adminService(t.db).createUser(system, { email: `housing@${tenant.slug}.test.invalid`, name: 'Housing Rep', roles: ['agency-rep'], teamIds: [], password: TEST_PASSWORD }, null)).user.id;
  const setup = maracSetupService(t.db);
  ids.police = await setup.addAgency(coordinatorUser, { name: 'Northvale Police', sector: 'police' }, 'r');
  ids.housing = await setup.addAgency(coordinatorUser, { name: 'Northvale Homes', sector: 'housing' }, 'r');
  await setup.setRepresentatives(coordinatorUser, ids.police, [tenant.users['agency-rep'].id], 'r');
  await setup.setRepresentatives(coordinatorUser, ids.housing, [housingRepId], 'r');
  ids.panel = await setup.addPanel(coordinatorUser, { name: 'Northvale Marac', agencyIds: [ids.police, ids.housing], ...DEFAULT_PANEL_TIMINGS }, 'r');
  const meetings = maracMeetingsService(t.db);
  const scheduled = await meetings.schedule(coordinatorUser, { panelId: ids.panel, firstDay: addDays(londonDate(new Date()), 14), time: { hours: 10, minutes: 0 }, cadence: 'fortnightly', count: 2, venue: 'Northvale Hall', onlineLink: null, chair: 'Chair Northvale' }, 'r');
  ids.first = scheduled[0]!;
  ids.second = scheduled[1]!;
  // A family referred once, put on the first meeting, whose agenda goes out.
  const caller = { kind: 'user' as const, user: worker };
  const people = peopleService(t.db);
  ids.victim = (await people.create(caller, { givenName: 'Oriana', familyName: 'Runsheet', dateOfBirth: '1993-01-01' }, 'r')).id;
  const harm = (await people.create(caller, { givenName: 'Quentin', familyName: 'Runsheet', dateOfBirth: '1990-01-01' }, 'r')).id;
  const child = (await people.create(caller, { givenName: 'Rosa', familyName: 'Runsheet', dateOfBirth: '2019-01-01' }, 'r')).id;
  await relationshipsService(t.db).add(caller, ids.victim, harm, 'intimate-partners', 'r');
  await relationshipsService(t.db).add(caller, ids.victim, child, 'parent-of', 'r');
  const referral = await refer(ids.victim, harm, child, addDays(londonDate(new Date()), -20));
  ids.firstCase = (await meetings.accept(coordinatorUser, referral, ids.first, 'r')).meetingCaseId;
  await meetings.circulate(coordinatorUser, ids.first, 'r');
  // The meeting took place yesterday.
  await t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 86_400_000) }).where('id', '=', ids.first).execute();
  // Referred again after a new incident: a repeat, on the second meeting.
  const again = await refer(ids.victim, harm, child, londonDate(new Date()));
  ids.again = again;
  ids.secondCase = (await meetings.accept(coordinatorUser, again, ids.second, 'r')).meetingCaseId;
  coordinator = await signedIn(t.app, tenant.users['marac-coordinator'].email);
  policeRep = await signedIn(t.app, tenant.users['agency-rep'].email);
  housingRep = await signedIn(t.app, `housing@${tenant.slug}.test.invalid`);
});
afterAll(() => t.close());

describe('running the meeting', () => {
  it('will not approve minutes before the statement, attendance and every outcome are recorded', async () => {
    const early = await coordinator.post(paths.marac.approveMinutes(ids.first));
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Record that the confidentiality statement was read first');
    expect((await coordinator.post(paths.marac.confidentiality(ids.first))).statusCode).toBe(303);
    const noName = await coordinator.post(paths.marac.attendance(ids.first), { [`status-${ids.police}`]: 'present', [`representative-${ids.police}`]: '', [`status-${ids.housing}`]: 'apologies' });
    expect(errorSummary(noName.body)).toEqual({ [`representative-${ids.police}`]: 'Enter who was there for Northvale Police' });
    const missing = await coordinator.post(paths.marac.attendance(ids.first), { [`status-${ids.police}`]: 'present', [`representative-${ids.police}`]: 'PC Ward' });
    expect(errorSummary(missing.body)).toEqual({ [`status-${ids.housing}`]: 'Say whether Northvale Homes was present, sent apologies or was absent' });
    expect((await coordinator.post(paths.marac.attendance(ids.first), { [`status-${ids.police}`]: 'present', [`representative-${ids.police}`]: 'PC Ward', [`status-${ids.housing}`]: 'apologies' })).statusCode).toBe(303);
    const noOutcome = await coordinator.post(paths.marac.approveMinutes(ids.first));
    expect(noOutcome.body).toContain('Record what became of every case first: 1 case has no outcome');
  });

  it('records the risks, then takes actions only with their risks, aim, owner, whom they are for and due date', async () => {
    const sheet = await coordinator.get(paths.marac.caseRunSheet(ids.firstCase));
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain('Record the risks the meeting identified first');
    const noRisk = await coordinator.post(paths.marac.caseRecord(ids.firstCase), { informationShared: 'Police: two call-outs' });
    expect(errorSummary(noRisk.body)).toEqual({ riskCodes: 'Choose the risks the meeting identified' });
    expect((await coordinator.post(paths.marac.caseRecord(ids.firstCase), { informationShared: 'Police: two call-outs', riskCodes: ['threats-to-kill', 'stalking'] })).statusCode).toBe(303);
    const empty = await coordinator.post(paths.marac.addAction(ids.firstCase), { aim: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({
      actionRisks: 'Choose the risk or risks the action addresses',
      aim: 'Say what the action should achieve',
      forWhom: 'Choose whom the action is for',
      agencyId: 'Choose the agency that owns the action',
      'dueOn-day': 'Enter the date the action is due',
    });
    const due = addDays(londonDate(new Date()), -1);
    const added = await coordinator.post(paths.marac.addAction(ids.firstCase), { risks: 'threats-to-kill', aim: 'Flag the address for an urgent response', forWhom: 'victim', agencyId: ids.police, ownerName: 'PC Ward', ...dateFields('dueOn', due) });
    expect(added.statusCode, added.body).toBe(303);
    ids.action = (await t.db.owner().selectFrom('marac_actions').select('id').where('meeting_case_id', '=', ids.firstCase).executeTakeFirstOrThrow()).id;
    const page = await coordinator.get(paths.marac.caseRunSheet(ids.firstCase));
    expect(page.body).toContain('data-harm-prompt');
    await coordinator.post(paths.marac.addAction(ids.firstCase), { risks: 'stalking', aim: 'Consider a stalking protection order', forWhom: 'person-causing-harm', agencyId: ids.police, ...dateFields('dueOn', addDays(londonDate(new Date()), 20)) });
    expect((await coordinator.get(paths.marac.caseRunSheet(ids.firstCase))).body).not.toContain('data-harm-prompt');
    const noWhy = await coordinator.post(paths.marac.caseOutcome(ids.firstCase), { outcome: 'adjourned', outcomeReason: '' });
    expect(errorSummary(noWhy.body)).toEqual({ outcomeReason: 'Say why the case was adjourned' });
    expect((await coordinator.post(paths.marac.caseOutcome(ids.firstCase), { outcome: 'heard' })).statusCode).toBe(303);
  });

  it('approves the minutes, which then change only by a recorded correction', async () => {
    expect((await coordinator.post(paths.marac.approveMinutes(ids.first))).statusCode).toBe(303);
    const minutes = await coordinator.get(paths.marac.minutes(ids.first));
    expect(minutes.body).toContain('Northvale Police: present (PC Ward)');
    expect(minutes.body).toContain('Northvale Homes: apologies');
    expect(minutes.body).toContain('Flag the address for an urgent response');
    expect(minutes.body).toContain('Threats to kill');
    const late = await coordinator.post(paths.marac.caseOutcome(ids.firstCase), { outcome: 'adjourned', outcomeReason: 'x' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('The minutes are approved: record a correction to them instead');
    expect(errorSummary((await coordinator.post(paths.marac.correctMinutes(ids.first), { correction: 'PC Ward is PC Warde', reason: '' })).body)).toEqual({ reason: 'Say why the minutes are corrected' });
    expect((await coordinator.post(paths.marac.correctMinutes(ids.first), { correction: 'PC Ward is PC Warde', reason: 'Name misspelt' })).statusCode).toBe(303);
    expect((await coordinator.get(paths.marac.minutes(ids.first))).body).toContain('PC Ward is PC Warde');
  });
});

describe('actions tracked to outcomes', () => {
  it('the owning agency updates its action (not done needs why); another agency cannot reach it', async () => {
    const list = await policeRep.get(paths.marac.actions);
    expect(list.body).toContain('Flag the address for an urgent response');
    expect(list.body).toContain('Overdue');
    expect((await housingRep.get(paths.marac.action(ids.action))).statusCode).toBe(404);
    expect((await housingRep.post(paths.marac.action(ids.action), { status: 'done' })).statusCode).toBe(404);
    const noWhy = await policeRep.post(paths.marac.action(ids.action), { status: 'not-done', note: '' });
    expect(errorSummary(noWhy.body)).toEqual({ note: 'Say why the action was not done' });
    expect((await policeRep.post(paths.marac.action(ids.action), { status: 'in-progress', note: 'Flag requested; control room to confirm' })).statusCode).toBe(303);
  });

  it('shows the coordinator the overdue actions, and carries open actions to the next meeting’s run sheet with why', async () => {
    const overdue = await coordinator.get(paths.marac.overdueActions);
    expect(overdue.body).toContain('Flag the address for an urgent response');
    expect(overdue.body).toContain('Flag requested; control room to confirm');
    const next = await coordinator.get(paths.marac.runSheet(ids.second));
    expect(next.body).toMatch(/data-carried[\s\S]*Flag the address for an urgent response[\s\S]*Flag requested; control room to confirm/);
  });

  it('keeps the action in sight of its agency after the window closes, but not the case', async () => {
    await t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 40 * 86_400_000) }).where('id', '=', ids.first).execute();
    expect((await policeRep.get(paths.marac.sharedCase(ids.firstCase))).statusCode).toBe(404);
    expect((await policeRep.get(paths.marac.action(ids.action))).statusCode).toBe(200);
    await t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 86_400_000) }).where('id', '=', ids.first).execute();
  });
});

describe('a repeat referral', () => {
  it('shows the coordinator the previous referral’s action plan on the new referral', async () => {
    const page = await coordinator.get(paths.marac.referral(ids.again));
    expect(page.body).toMatch(/data-previous-plan[\s\S]*Flag the address for an urgent response[\s\S]*Northvale Police/);
  });

  it('shows the earlier plan with each outcome, and takes no new action until each is reviewed', async () => {
    await coordinator.post(paths.marac.caseRecord(ids.secondCase), { riskCodes: ['threats-to-kill', 'stalking'] });
    const sheet = await coordinator.get(paths.marac.caseRunSheet(ids.secondCase));
    expect(sheet.body).toContain('The earlier action plan');
    expect(sheet.body).toContain('Flag requested; control room to confirm');
    expect(sheet.body).toContain('data-review-first');
    const early = await coordinator.post(paths.marac.addAction(ids.secondCase), { risks: 'stalking', aim: 'Anything', forWhom: 'victim', agencyId: ids.police, ...dateFields('dueOn', addDays(londonDate(new Date()), 30)) });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Review the earlier plan first: say whether each of its 2 actions worked before setting new ones');
    const earlier = await t.db.owner().selectFrom('marac_actions').select(['id', 'aim']).where('meeting_case_id', '=', ids.firstCase).execute();
    const flag = earlier.find((a) => a.aim.startsWith('Flag'))!.id;
    const order = earlier.find((a) => a.aim.startsWith('Consider'))!.id;
    expect(errorSummary((await coordinator.post(paths.marac.review(ids.secondCase, flag), { verdict: '' })).body)).toEqual({ [`verdict-${flag}`]: 'Say whether the action worked' });
    expect((await coordinator.post(paths.marac.review(ids.secondCase, flag), { verdict: 'did-not-work', note: 'The flag was never placed' })).statusCode).toBe(303);
    expect((await coordinator.post(paths.marac.review(ids.secondCase, order), { verdict: 'worked' })).statusCode).toBe(303);
  });

  it('sets an earlier action again only with a reason when it did not work', async () => {
    const earlier = await t.db.owner().selectFrom('marac_actions').select(['id', 'aim']).where('meeting_case_id', '=', ids.firstCase).execute();
    const flag = earlier.find((a) => a.aim.startsWith('Flag'))!.id;
    const fields = { copiedFrom: flag, risks: 'threats-to-kill', aim: 'Flag the address for an urgent response', forWhom: 'victim', agencyId: ids.police, ...dateFields('dueOn', addDays(londonDate(new Date()), 45)) };
    const noReason = await coordinator.post(paths.marac.addAction(ids.secondCase), fields);
    expect(noReason.statusCode, JSON.stringify(errorSummary(noReason.body))).toBe(400);
    expect(errorSummary(noReason.body)).toEqual({ copyReason: 'This action did not work or was not done before: say why setting it again will work now' });
    const again = await coordinator.post(paths.marac.addAction(ids.secondCase), { ...fields, copyReason: 'The inspector now owns it and reports back in a week' });
    expect(again.statusCode, again.body).toBe(303);
    const minutes = await coordinator.get(paths.marac.minutes(ids.second));
    expect(minutes.body).toContain('The flag was never placed');
  });
});

describe('papers', () => {
  const pdfOf = async (v: Visitor, url: string) => {
    const res = await v.request({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return readPdf(res.rawPayload);
  };

  it('gives each member agency its own copy of the agenda, minutes and research pack, named in every page’s footer and recorded', async () => {
    const agenda = await pdfOf(policeRep, paths.marac.paperPdf(ids.first, 'agenda'));
    expect(agenda.tagged).toBe(true);
    const flat = agenda.text.replace(/\s+/g, ' ');
    expect(flat).toContain('Case 1: Oriana Runsheet');
    expect(flat).toContain('Person causing harm: Quentin Runsheet, born 1 January 1990');
    for (const page of agenda.pages) expect(page.replace(/\s+/g, ' ')).toContain('Copy for Test agency-rep, Northvale Police.');
    const minutes = await pdfOf(housingRep, paths.marac.paperPdf(ids.first, 'minutes'));
    expect(minutes.text.replace(/\s+/g, ' ')).toContain('Flag the address for an urgent response');
    expect(minutes.text.replace(/\s+/g, ' ')).toContain('Copy for Housing Rep, Northvale Homes.');
    const pack = await pdfOf(coordinator, paths.marac.researchPack(ids.firstCase));
    expect(pack.text).toContain('What each agency returned');
    const record = await coordinator.get(paths.marac.distribution(ids.first));
    for (const who of ['Test agency-rep, Northvale Police', 'Housing Rep, Northvale Homes', 'Test marac-coordinator']) expect(record.body).toContain(who);
    const copies = await t.db.owner().selectFrom('document_copies').select(['kind', 'recipient_name', 'sha256']).where('subject_id', 'in', [ids.first, ids.firstCase]).execute();
    expect(copies.map((c) => c.kind).sort()).toEqual(['marac-agenda', 'marac-minutes', 'marac-research-pack']);
    for (const c of copies) expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('goes to nobody else: another tenant’s role, or a representative outside the window, is told there is no such meeting', async () => {
    const social = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await social.get(paths.marac.paperPdf(ids.first, 'agenda'))).statusCode).toBe(404);
    expect((await social.get(paths.marac.researchPack(ids.firstCase))).statusCode).toBe(404);
    await t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 40 * 86_400_000) }).where('id', '=', ids.first).execute();
    expect((await policeRep.get(paths.marac.paperPdf(ids.first, 'agenda'))).statusCode).toBe(404);
    await t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 86_400_000) }).where('id', '=', ids.first).execute();
    // Minutes exist only once approved.
    const unapproved = await coordinator.get(paths.marac.paperPdf(ids.second, 'minutes'));
    expect(unapproved.statusCode).toBe(409);
  });
});

describe('the Marac history on the Risk page', () => {
  it('shows the social worker each referral, the meetings it was heard at, and the actions with where each got to', async () => {
    const social = await signedIn(t.app, tenant.users['social-worker'].email);
    const page = await social.get(paths.people.risk(ids.victim));
    expect(page.statusCode).toBe(200);
    const history = page.body.slice(page.body.indexOf('data-marac-history'));
    expect(history.length).toBeLessThan(page.body.length);
    expect(history).toContain('Northvale Marac');
    expect(history).toContain('Heard');
    expect(history).toContain('Flag the address for an urgent response');
    expect(history).toContain('In progress: Flag requested; control room to confirm');
  });
});

describe('the Marac API, for a partner system issued to one agency', () => {
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });

  it('sees only what the agency’s representatives could, returns research and updates the agency’s action', async () => {
    const clients = tenantService(t.db);
    const police = (await clients.createApiClient(tenant.id, 'Police case system', ['marac:read', 'marac-agency:write'], 30, 'northvale police')).token;
    const housing = (await clients.createApiClient(tenant.id, 'Housing system', ['marac:read', 'marac-agency:write'], 30, 'Northvale Homes')).token;
    const unbound = (await clients.createApiClient(tenant.id, 'Some system', ['marac:read'])).token;
    await expect(clients.createApiClient(tenant.id, 'Nobody', ['marac:read'], 30, 'No Such Agency')).rejects.toThrow('There is no partner agency called No Such Agency');

    expect((await call(unbound, 'GET', paths.api.maracMeetings)).statusCode).toBe(403);
    const list = await call(police, 'GET', paths.api.maracMeetings);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ meetings: { id: string }[] }>().meetings.map((m) => m.id)).toEqual([ids.first]);
    const agenda = await call(police, 'GET', paths.api.maracMeeting(ids.first));
    expect(agenda.statusCode).toBe(200);
    expect(agenda.json<{ cases: { victim: { name: string } }[] }>().cases[0]!.victim.name).toBe('Oriana Runsheet');
    // Not yet circulated: as if it did not exist.
    expect((await call(police, 'GET', paths.api.maracMeeting(ids.second))).statusCode).toBe(404);

    // Research on a meeting already held is refused; on the next, once circulated, it is taken.
    const people = await t.db.owner().selectFrom('people').select('id').where('family_name', '=', 'Runsheet').execute();
    const findings = people.map((p) => ({ personId: p.id, known: false }));
    const held = await call(police, 'POST', paths.api.maracResearch(ids.first, ids.firstCase), { findings });
    expect(held.statusCode, held.body).toBe(409);
    await maracMeetingsService(t.db).circulate(coordinatorUser, ids.second, 'r');
    const bad = await call(police, 'POST', paths.api.maracResearch(ids.second, ids.secondCase), { findings: findings.slice(1) });
    expect(bad.statusCode).toBe(400);
    const returned = await call(police, 'POST', paths.api.maracResearch(ids.second, ids.secondCase), { findings, offers: ['Flag the address for an urgent response'] });
    expect(returned.statusCode, returned.body).toBe(201);
    const stored = await t.db.owner().selectFrom('marac_research').select(['api_client_id', 'returned_by']).where('meeting_case_id', '=', ids.secondCase).executeTakeFirstOrThrow();
    expect(stored.api_client_id).not.toBeNull();
    expect(stored.returned_by).toBeNull();

    // The police's action: housing's system cannot see it; the police's updates it.
    expect((await call(housing, 'GET', paths.api.maracAction(ids.action))).statusCode).toBe(404);
    expect((await call(housing, 'PATCH', paths.api.maracAction(ids.action), { status: 'done' })).statusCode).toBe(404);
    const noWhy = await call(police, 'PATCH', paths.api.maracAction(ids.action), { status: 'not-done' });
    expect(noWhy.statusCode).toBe(400);
    expect(noWhy.body).toContain('Say why the action was not done');
    const done = await call(police, 'PATCH', paths.api.maracAction(ids.action), { status: 'done', note: 'Flag placed' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<{ status: string }>().status).toBe('done');
    const audited = await t.db.owner().selectFrom('audit_events').select(['actor_type']).where('action', '=', 'marac-action.update').where('subject_id', '=', ids.action).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audited.actor_type).toBe('api-client');
  });
});

describe('a restricted victim', () => {
  it('closes the case to the coordinator without access to her record; the agency still sees what the Marac shares', async () => {
    await t.db.owner().updateTable('people').set({ restricted: true, restricted_reason: 'Works for the council' }).where('id', '=', ids.victim).execute();
    try {
      expect((await coordinator.get(paths.marac.sharedCase(ids.secondCase))).statusCode).toBe(404);
      expect((await coordinator.get(paths.marac.caseRunSheet(ids.secondCase))).statusCode).toBe(404);
      expect((await policeRep.get(paths.marac.sharedCase(ids.secondCase))).statusCode).toBe(200);
      // Breaking the glass, with a reason the DPO sees, opens it (as a grant from a manager would).
      await safetyService(t.db).breakGlass(coordinatorUser, 'person', ids.victim, 'Chairing her Marac case today', 'r');
      expect((await coordinator.get(paths.marac.sharedCase(ids.secondCase))).statusCode).toBe(200);
    } finally {
      await t.db.owner().updateTable('people').set({ restricted: false, restricted_reason: null }).where('id', '=', ids.victim).execute();
    }
  });
});
