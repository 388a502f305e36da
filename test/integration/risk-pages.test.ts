import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { checkedRadios, errorSummary } from '../helpers/pages.js';

let t: TestApp;
let tenant: TestTenant;
let social: Visitor;

async function user(role: Role): Promise<CurrentUser> {
  const u = await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users[role].id));
  if (!u) throw new Error('no user');
  return u;
}

/** A family the social worker added: a victim, the person causing harm and a child, on a case a team manager allocated to them. */
async function family() {
  const worker = await user('social-worker');
  const caller = { kind: 'user' as const, user: worker };
  const people = peopleService(t.db);
  const victim = (await people.create(caller, { givenName: 'Perpetua', familyName: 'Lowden', dateOfBirth: '1989-06-02' }, 'r')).id;
  const harm = (await people.create(caller, { givenName: 'Caspian', familyName: 'Lowden', dateOfBirth: '1986-01-20' }, 'r')).id;
  const child = (await people.create(caller, { givenName: 'Wren', familyName: 'Lowden', dateOfBirth: '2019-04-11' }, 'r')).id;
  const rel = relationshipsService(t.db);
  await rel.add(caller, victim, harm, 'intimate-partners', 'r');
  await rel.add(caller, victim, child, 'parent-of', 'r');
  // Nobody allocates a case to themselves: a team manager opens it for the worker.
  const kase = await casesService(t.db).open(await user('team-manager'), { stage: 'child-in-need', members: [{ personId: victim, role: 'adult-victim' }, { personId: harm, role: 'person-causing-harm' }, { personId: child, role: 'child' }], workerId: worker.id }, 'r');
  return { victim, harm, child, caseId: kase.id };
}

/** Walks the checklist pages answering the first `yes` questions yes and the rest no, leaving `skip` unanswered. */
async function completeDash(v: Visitor, personId: string, yes: number, options: { skip?: number[]; caseId?: string; judgement?: Record<string, string> } = {}) {
  const start = await v.get(`${paths.risk.start(personId)}${options.caseId ? `?caseId=${options.caseId}` : ''}`);
  expect(start.statusCode, start.body).toBe(200);
  let res = await v.post(paths.risk.start(personId), { instrument: 'dash-ric:en', caseId: options.caseId ?? '' });
  expect(res.statusCode, res.body).toBe(303);
  let next = res.headers.location as string;
  const draftId = /\/risk\/drafts\/([^/]+)/.exec(next)![1]!;
  while (next.includes('/sections/')) {
    const page = await v.get(next);
    expect(page.statusCode, page.body).toBe(200);
    const numbers = [...page.body.matchAll(/data-question="(\d+)"/g)].map((m) => Number(m[1]));
    const fields: Record<string, string> = {};
    for (const n of numbers) if (!options.skip?.includes(n)) fields[`q${n}`] = n <= yes ? 'yes' : 'no';
    res = await v.post(next, fields);
    expect(res.statusCode, res.body).toBe(303);
    next = res.headers.location as string;
  }
  expect(next.split('?')[0]).toBe(paths.risk.details(draftId));
  expect((await v.get(next)).statusCode).toBe(200);
  res = await v.post(next, { 'completedOn-day': '', 'completedOn-month': '', 'completedOn-year': '', agency: 'Children’s social care', withVictim: 'yes', victimView: 'She thinks he will find her', judgement: 'none', judgementReason: '', ...options.judgement });
  return { res, draftId };
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  social = await signedIn(t.app, tenant.users['social-worker'].email);
});
afterAll(() => t.close());

describe('completing a checklist in the browser', () => {
  it('walks the sections, checks the answers, and shows the score, band, gaps and Marac criteria with evidence', async () => {
    const f = await family();
    const { res, draftId } = await completeDash(social, f.victim, 14, { skip: [23], caseId: f.caseId, judgement: { 'completedOn-day': '1', 'completedOn-month': '11', 'completedOn-year': '2026' } });
    expect(res.statusCode, res.body).toBe(303);
    const check = await social.get(paths.risk.check(draftId));
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check your answers');
    expect(check.body).toContain('Perpetua Lowden: Domestic abuse risk checklist');
    expect(check.body).toContain('Gap');
    const done = await social.post(paths.risk.check(draftId));
    expect(done.statusCode, done.body).toBe(303);
    const viewedFrom = await t.db.owner().selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    const result = await social.get(done.headers.location as string);
    expect(result.statusCode).toBe(200);
    // The view of the checklist is attributed to the victim it is about (issue 11, finding 4).
    const view = await t.db.owner().selectFrom('audit_events').select(['subject_type', 'details']).where('tenant_id', '=', tenant.id).where('seq', '>', String(viewedFrom.seq)).where('action', '=', 'page.view').executeTakeFirstOrThrow();
    expect(view.subject_type).toBe('risk-checklist');
    expect(view.details.people).toEqual([f.victim]);
    expect(result.body).toContain('The checklist has been completed');
    expect(result.body).toMatch(/<span data-score>14<\/span>/);
    expect(result.body).toContain('data-band="high"');
    expect(result.body).toContain('answered “don’t know”: 23');
    expect(result.body).toContain('data-criterion="visible-high-risk"');
    expect(result.body).toContain('data-suggested-service="idsva"');
    // The stalking screen is offered because question 8 was yes.
    expect(result.body).toContain('stalking-screen:en');
    // The draft is gone once completed.
    expect((await social.get(paths.risk.check(draftId))).statusCode).toBe(404);

    const personPage = await social.get(paths.people.risk(f.victim));
    expect(personPage.statusCode).toBe(200);
    expect(personPage.body).toContain('data-latest');
    const caseTab = await social.get(paths.cases.risk(f.caseId));
    expect(caseTab.statusCode).toBe(200);
    expect(caseTab.body).toContain('Perpetua Lowden');
    expect(caseTab.body).toContain('data-marac-eligible');
  });

  it('explains each problem on the details page and changes nothing', async () => {
    const f = await family();
    const { res } = await completeDash(social, f.victim, 2, { judgement: { 'completedOn-day': '31', 'completedOn-month': '2', 'completedOn-year': '2026', agency: '', withVictim: '', judgement: 'refer', judgementReason: '' } });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({
      'completedOn-day': 'The date completed must be a real date',
      agency: 'Enter the agency completing the checklist',
      withVictim: 'Say whether the checklist was completed with the victim',
      judgementReason: 'Give the reason for your professional judgement',
    });
  });

  it('says which questions a saved section left unanswered, on the next page, with the way back', async () => {
    const f = await family();
    const started = await social.post(paths.risk.start(f.victim), { instrument: 'dash-ric:en', caseId: '' });
    const first = started.headers.location as string;
    const numbers = [...(await social.get(first)).body.matchAll(/data-question="(\d+)"/g)].map((m) => Number(m[1]));
    expect(numbers.length).toBeGreaterThan(2);
    // As when Enter is pressed on the first radio: one answer given, the rest left.
    const saved = await social.post(first, { [`q${numbers[0]}`]: 'yes' });
    expect(saved.statusCode).toBe(303);
    const next = saved.headers.location as string;
    const page = await social.get(next);
    const notice = /data-unanswered[\s\S]*?<\/div>\s*<\/div>/.exec(page.body)?.[0] ?? '';
    const rest = numbers.slice(1);
    expect(notice).toContain(`Questions ${rest.slice(0, -1).join(', ')} and ${rest[rest.length - 1]} in “This incident and how you feel” were not answered.`);
    expect(notice).toContain(`href="${first}"`);
    // Every question answered: no notice. A made-up notice in the address shows nothing.
    const all = await social.post(first, Object.fromEntries(numbers.map((n) => [`q${n}`, 'no'])));
    expect(all.headers.location).not.toContain('done=');
    expect((await social.get(all.headers.location as string)).body).not.toContain('data-unanswered');
    expect((await social.get(`${all.headers.location as string}?done=gaps:incident:999`)).body).not.toContain('data-unanswered');
    expect((await social.get(`${all.headers.location as string}?done=gaps:nowhere:1`)).body).not.toContain('data-unanswered');
  });

  it('selects no professional judgement for the worker, and refuses the details until one is chosen', async () => {
    const f = await family();
    const { res, draftId } = await completeDash(social, f.victim, 2, { judgement: { 'completedOn-day': '2', 'completedOn-month': '11', 'completedOn-year': '2026', judgement: '' } });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({ judgement: 'Select whether you are recording a professional judgement about a Marac referral' });
    expect(checkedRadios((await social.get(paths.risk.details(draftId))).body, 'judgement')).toEqual([]);
  });

  it('refuses "not needed" on judgement against a high score, with the reason why', async () => {
    const f = await family();
    const { res, draftId } = await completeDash(social, f.victim, 15, { judgement: { 'completedOn-day': '2', 'completedOn-month': '11', 'completedOn-year': '2026', judgement: 'do-not-refer', judgementReason: 'She says he has calmed down' } });
    // Refused on the details page, where the judgement is entered, not later on completing.
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({ judgement: 'These answers score 15, which meets the Marac criteria by itself. Professional judgement can add a referral, never remove one.' });
    expect(res.body).toContain('She says he has calmed down');
    expect(checkedRadios(res.body, 'judgement')).toEqual(['do-not-refer']);
    const saved = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('risk_assessment_drafts').select('details').where('id', '=', draftId).executeTakeFirstOrThrow());
    expect(JSON.stringify(saved.details)).not.toContain('do-not-refer');
    // Below the high band the same judgement is taken, with its reason.
    const low = await completeDash(social, (await family()).victim, 3, { judgement: { 'completedOn-day': '2', 'completedOn-month': '11', 'completedOn-year': '2026', judgement: 'do-not-refer', judgementReason: 'She has moved away and he does not know where' } });
    expect(low.res.statusCode).toBe(303);
    const count = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('risk_assessments').select('id').where('person_id', '=', f.victim).execute());
    expect(count).toEqual([]);
  });

  it('refuses an answer that is not one of the question’s options', async () => {
    const f = await family();
    const res = await social.post(paths.risk.start(f.victim), { instrument: 'dash-ric:en' });
    const section = res.headers.location as string;
    await social.get(section);
    const bad = await social.post(section, { q1: 'perhaps' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual({ q1: 'Choose an answer to question 1' });
  });
});

describe('Marac referrals in the browser', () => {
  it('refers a victim, names the previous referral, and shows the repeat in the coordinator’s queue', async () => {
    const f = await family();
    const form = await social.get(paths.marac.refer(f.victim));
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toContain('Caspian Lowden');
    const fields = (day: string, month: string, incident: [string, string, string] = ['', '', '']) => ({
      criteria: 'professional-judgement',
      judgementReason: 'He has threatened to take the child abroad',
      'referredOn-day': day,
      'referredOn-month': month,
      'referredOn-year': '2026',
      'latestIncidentOn-day': incident[0],
      'latestIncidentOn-month': incident[1],
      'latestIncidentOn-year': incident[2],
      referringAgency: 'Children’s social care',
      personCausingHarmId: f.harm,
      childIds: f.child,
      consent: 'given',
      risks: 'Threats to kill, and he has found the new address',
      contactSafety: 'Only the safe number, weekday mornings',
    });
    const first = await social.post(paths.marac.refer(f.victim), fields('10', '2'));
    expect(first.statusCode, first.body).toBe(303);
    const second = await social.post(paths.marac.refer(f.victim), fields('20', '8', ['18', '8', '2026']));
    expect(second.statusCode).toBe(303);
    const viewedFrom = await t.db.owner().selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    const page = await social.get(second.headers.location as string);
    // The view of the referral is attributed to the victim, the person causing harm and the child (issue 11, finding 4).
    const view = await t.db.owner().selectFrom('audit_events').select(['subject_type', 'details']).where('tenant_id', '=', tenant.id).where('seq', '>', String(viewedFrom.seq)).where('action', '=', 'page.view').executeTakeFirstOrThrow();
    expect(view.subject_type).toBe('marac-referral');
    expect(view.details.people).toEqual([f.victim, f.harm, f.child].sort());
    expect(page.body).toContain('data-repeat');
    expect(page.body).toContain('Previously referred on 10 February 2026');
    expect(page.body).toContain('Wren Lowden');

    const coordinator = await signedIn(t.app, tenant.users['marac-coordinator'].email);
    const queue = await coordinator.get(paths.marac.queue);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Previous referral 10 February 2026');
    expect(queue.body).toContain('data-repeat');
    expect((await social.get(paths.marac.queue)).statusCode).toBe(403);
  });

  it('explains what is missing and records nothing', async () => {
    const f = await family();
    const res = await social.post(paths.marac.refer(f.victim), { 'referredOn-day': '', 'referredOn-month': '', 'referredOn-year': '', consent: 'not-given' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toMatchObject({
      criteria: 'Choose at least one criterion the referral meets',
      'referredOn-day': 'Enter the date of the referral',
      referringAgency: 'Enter the referring agency',
      lawfulBasis: 'Without consent, give the lawful basis for sharing the victim’s information',
      risks: 'Describe the risks in your own words',
    });
    const rows = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('marac_referrals').select('id').where('person_id', '=', f.victim).execute());
    expect(rows).toEqual([]);
  });
});

describe('reviews due', () => {
  it('puts a checklist completed more than 6 weeks ago on the allocated worker’s list as overdue', async () => {
    const f = await family();
    const { res, draftId } = await completeDash(social, f.victim, 10, { caseId: f.caseId, judgement: { 'completedOn-day': '1', 'completedOn-month': '6', 'completedOn-year': '2026' } });
    expect(res.statusCode).toBe(303);
    expect((await social.post(paths.risk.check(draftId))).statusCode).toBe(303);
    const list = await social.get(paths.risk.reviews);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Perpetua Lowden');
    expect(list.body).toContain('Overdue');
    const home = await social.get('/');
    expect(home.body).toContain('data-reviews-due');
    expect(home.body).toMatch(/\d+ overdue/);
  });
});

describe('checklist versions', () => {
  it('lets an administrator choose the version new checklists use, and refuses one not held', async () => {
    const admin = await signedIn(t.app, tenant.users.admin.email);
    const page = await admin.get(paths.admin.instrumentVersions);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Always the latest (now version 1)');
    const chosen = await admin.post(paths.admin.instrumentVersions, { instrument: 'dash-ric', version: '1' });
    expect(chosen.statusCode).toBe(303);
    const settings = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('risk_settings').select('instrument_versions').executeTakeFirstOrThrow());
    expect(settings.instrument_versions).toEqual({ 'dash-ric': 1 });
    const refused = await admin.post(paths.admin.instrumentVersions, { instrument: 'dash-ric', version: '7' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual({ 'dash-ric': 'Choose one of the versions held' });
    await admin.post(paths.admin.instrumentVersions, { instrument: 'dash-ric', version: 'latest' });
    const back = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('risk_settings').select('instrument_versions').executeTakeFirstOrThrow());
    expect(back.instrument_versions).toEqual({});
    expect((await social.get(paths.admin.instrumentVersions)).statusCode).toBe(403);
  });
});

describe('home pages that have something to do', () => {
  it('lists an IDVA’s clients with their risk level and review, and says where their Marac referrals will be', async () => {
    const f = await family();
    const idva = await signedIn(t.app, tenant.users.idva.email);
    const empty = await idva.get('/');
    expect(empty.body).toContain('Your clients');
    const today = new Date();
    const { res, draftId } = await completeDash(idva, f.victim, 15, { judgement: { 'completedOn-day': String(today.getUTCDate()), 'completedOn-month': String(today.getUTCMonth() + 1), 'completedOn-year': String(today.getUTCFullYear()) } });
    expect(res.statusCode, res.body).toBe(303);
    expect((await idva.post(paths.risk.check(draftId))).statusCode).toBe(303);
    const home = await idva.get('/');
    const clients = /data-idva-clients[\s\S]*?<\/table>/.exec(home.body)?.[0] ?? '';
    expect(clients).toContain('Perpetua Lowden');
    expect(clients).toContain('High');
    expect(clients).toMatch(/By \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(home.body).toContain('You have not referred anyone to the Marac.');
    // Nobody else's clients: the social worker has none.
    expect((await social.get('/')).body).not.toContain('Your clients');
  });

  it('gives the analyst caseload figures without names, and tells an agency representative what will come', async () => {
    await family();
    const analyst = await signedIn(t.app, tenant.users.analyst.email);
    const home = await analyst.get('/');
    const caseload = /data-caseload[\s\S]*?<\/table>/.exec(home.body)?.[0] ?? '';
    expect(caseload).toMatch(/Child in need[\s\S]*?govuk-table__cell--numeric">[1-9]/);
    expect(home.body).not.toContain('Lowden');
    expect(home.body).toContain('waiting for a threshold decision');
    const rep = await signedIn(t.app, tenant.users['agency-rep'].email);
    expect((await rep.get('/')).body).toContain('you have not been added to your agency in Wraparound yet');
  });
});
