import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { appendCaseEvents, casesService } from '../../src/features/cases/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

/**
 * Issue 15, point 3 and 4: the child protection process and the child's plan over HTTP. The dates are in
 * the past so that nothing here depends on the day the test runs; the strategy discussion falls before the
 * summer bank holiday (Monday 31 August 2026), so the conference's due date steps over it.
 */

const WITHHELD_LINE = 'Flat 4, Heron Refuge Court';
const WITHHELD_POSTCODE = 'ZZ4 4ZZ';

let t: TestApp;
let tenant: TestTenant;
let worker: { email: string; user: CurrentUser };
let outsiderEmail: string;
let family: { caseId: string; mother: string; father: string; amy: string; ben: string };
let v: Visitor;

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;
const date = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, '’').replace(/\s+/g, ' ');
/** The row of the process table for a step: happened, due by, where it stands. */
const stepRow = (html: string, key: string) => text(new RegExp(`<tr class="govuk-table__row" data-step="${key}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '');

async function makeUser(roles: Role[], teamIds: string[], n: string) {
  const email = `${n}@${tenant.slug}.test.invalid`;
  const { user } = await adminService(t.db).createUser(system(), { email, name: `Worker ${n}`, roles, teamIds, password: TEST_PASSWORD }, null);
  const loaded = await t.db.tenant(tenant.id, (trx) => loadUser(trx, user.id));
  return { email, user: loaded! };
}

const attendees = { 'agency-1': 'Children’s services', 'name-1': 'Sam Worker, social worker', 'agency-2': 'Police', 'name-2': 'DS Example, public protection' };

beforeAll(async () => {
  t = await startTestApp(process.env.DEBUG_LOG ? { env: { LOG_LEVEL: 'error' }, logStream: process.stderr } : {});
  tenant = await createTestTenant(t.db);
  const admin = adminService(t.db);
  const team = await admin.createTeam(system(), 'Family safeguarding East', null);
  const other = await admin.createTeam(system(), 'Family safeguarding West', null);
  const manager = await makeUser(['team-manager'], [team.id], 'manager');
  worker = await makeUser(['social-worker'], [team.id], 'worker');
  outsiderEmail = (await makeUser(['social-worker'], [other.id], 'outsider')).email;
  const by = { kind: 'user', user: manager.user } as const;
  const people = peopleService(t.db);
  const make = async (givenName: string, extra: Record<string, unknown> = {}) => (await people.create(by, { givenName, familyName: 'Casework-Fenwick', ...extra }, 'req')).id;
  const amy = await make('Amy', { dateOfBirth: '2016-03-02' });
  const ben = await make('Ben', { dateOfBirth: '2019-11-20' });
  const mother = await make('Rachel', { dateOfBirth: '1989-05-01', addresses: [{ line1: WITHHELD_LINE, town: 'Eastbridge', postcode: WITHHELD_POSTCODE, withheld: true, withheldReason: 'Fled to a refuge' }] });
  const father = await make('Darren', { dateOfBirth: '1986-02-11' });
  const rel = relationshipsService(t.db);
  for (const child of [amy, ben]) {
    await rel.add(by, mother, child, 'parent-of', 'req');
    await rel.add(by, father, child, 'parent-of', 'req');
  }
  const opened = await casesService(t.db).open(
    manager.user,
    {
      stage: 'child-protection',
      members: [
        { personId: amy, role: 'child' },
        { personId: ben, role: 'child' },
        { personId: mother, role: 'adult-victim' },
        { personId: father, role: 'person-causing-harm' },
      ],
      workerId: worker.user.id,
      teamId: team.id,
    },
    'req',
  );
  family = { caseId: opened.id, mother, father, amy, ben };
  v = await signedIn(t.app, worker.email);
});
afterAll(() => t.close());

async function count(table: 'strategy_discussions' | 'conferences' | 'plan_actions' | 'visits' | 'plans'): Promise<number> {
  const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
  return Number(row.n);
}

describe('the child protection process (issue 15, point 3)', () => {
  it('refuses a strategy discussion in the future, from one agency, or deciding an enquiry about nobody, naming the field, and records nothing', async () => {
    const url = paths.cases.newStrategyDiscussion(family.caseId);
    const base = { ...date('heldOn', '2026-08-20'), ...attendees, decision: 'section-47', reasons: 'Repeat incidents; children present', childIds: [family.amy, family.ben] };
    const cases: [Record<string, string | string[]>, Record<string, string>][] = [
      [{ ...base, ...date('heldOn', '2099-01-01') }, { 'heldOn-day': 'The date must be today or in the past' }],
      [{ ...base, 'agency-2': 'Children’s services' }, { attendees: 'Name the people who took part from at least two agencies (for example children’s services and the police)' }],
      [{ ...base, childIds: [] }, { childIds: 'Choose the children the section 47 enquiry is about' }],
      [{ ...base, reasons: ' ' }, { reasons: 'Say what was decided and why' }],
    ];
    for (const [fields, expected] of cases) {
      await v.get(url);
      const refused = await v.post(url, fields);
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual(expected);
    }
    expect(await count('strategy_discussions')).toBe(0);
  });

  it('records a strategy discussion deciding on a section 47 enquiry, and wants the conference within 15 working days, across the August bank holiday', async () => {
    const url = paths.cases.newStrategyDiscussion(family.caseId);
    await v.get(url);
    const saved = await v.post(url, { ...date('heldOn', '2026-08-20'), ...attendees, decision: 'section-47', reasons: 'Repeat incidents; children present', immediateActions: 'Police to visit the father', childIds: [family.amy, family.ben] });
    expect(saved.statusCode).toBe(303);
    const page = await v.get(String(saved.headers.location));
    expect(page.body).toContain('The strategy discussion has been recorded');
    // 15 working days after Thursday 20 August 2026 is 10 September, but 31 August is a bank holiday.
    expect(stepRow(page.body, 'initial-conference')).toContain('11 September 2026');
    expect(stepRow(page.body, 'section-47')).toContain('Not yet');
  });

  it('refuses an enquiry outcome before the enquiry started, then records it', async () => {
    const url = paths.cases.enquiryOutcome(family.caseId);
    await v.get(url);
    const early = await v.post(url, { outcome: 'conference', ...date('outcomeOn', '2026-08-19') });
    expect(errorSummary(early.body)).toEqual({ 'outcomeOn-day': 'The date cannot be before the enquiry started (20 August 2026)' });
    const saved = await v.post(url, { outcome: 'conference', ...date('outcomeOn', '2026-09-03') });
    expect(saved.statusCode).toBe(303);
  });

  it('refuses a conference before its strategy discussion, or with the victim and the person causing harm in one part', async () => {
    const url = `${paths.cases.newConference(family.caseId)}?kind=initial`;
    const base = { ...date('heldOn', '2026-09-10'), split: 'yes', 'part-1-attendees': 'Chair, social worker, Rachel', 'part-1-with': 'victim', 'part-2-attendees': 'Chair, social worker, Darren', 'part-2-with': 'person-causing-harm', decision: 'plan', category: 'emotional', reasons: 'Significant harm from the abuse at home' };
    await v.get(url);
    expect(errorSummary((await v.post(url, { ...base, ...date('heldOn', '2026-08-19') })).body)).toEqual({ 'heldOn-day': 'The date cannot be before the strategy discussion (20 August 2026)' });
    expect(errorSummary((await v.post(url, { ...base, 'part-2-with': ['victim', 'person-causing-harm'] })).body)).toEqual({ parts: 'The victim and the person causing harm must attend different parts' });
    expect(errorSummary((await v.post(url, { ...base, split: 'no', 'part-2-attendees': '', 'part-2-with': '', 'part-1-with': ['victim', 'person-causing-harm'] })).body)).toEqual({ split: 'The victim and the person causing harm cannot attend together: hold the conference in parts' });
    expect(errorSummary((await v.post(url, { ...base, category: '' })).body)).toEqual({ category: 'Choose the category of abuse' });
    expect(await count('conferences')).toBe(0);
  });

  it('holds the initial conference in two parts and starts the plan: the first core group is due in 10 working days, the review in 3 months', async () => {
    const url = `${paths.cases.newConference(family.caseId)}?kind=initial`;
    await v.get(url);
    const saved = await v.post(url, { ...date('heldOn', '2026-09-10'), split: 'yes', 'part-1-attendees': 'Chair, social worker, Rachel, IDVA', 'part-1-with': 'victim', 'part-2-attendees': 'Chair, social worker, Darren', 'part-2-with': 'person-causing-harm', decision: 'plan', category: 'emotional', chair: 'Independent chair', reasons: 'Rachel told us she is frightened he will find the refuge' });
    expect(saved.statusCode).toBe(303);
    const page = await v.get(paths.cases.plans(family.caseId));
    expect(stepRow(page.body, 'initial-conference')).toContain('Done on time');
    expect(stepRow(page.body, 'first-core-group')).toContain('24 September 2026');
    expect(stepRow(page.body, 'review-conference')).toContain('10 December 2026');
    expect(text(page.body)).toContain('Child protection plan Running');
  });
});

describe('the child’s plan (issue 15, point 4)', () => {
  let planId: string;
  beforeAll(async () => {
    const plan = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('plans').select('id').where('case_id', '=', family.caseId).executeTakeFirstOrThrow());
    planId = plan.id;
  });

  it('warns while every parent’s action is the victim’s and none the person causing harm’s, until he has one', async () => {
    const url = paths.cases.newPlanAction(family.caseId, planId);
    await v.get(url);
    const early = await v.post(url, { need: 'The children see violence at home', action: 'Keep the children away', owner: family.mother, ...date('dueOn', '2026-09-01') });
    expect(errorSummary(early.body)).toEqual({ 'dueOn-day': 'An action cannot be due before the plan started' });
    const child = await v.post(url, { need: 'x', action: 'y', owner: family.amy, ...date('dueOn', '2026-10-01') });
    expect(errorSummary(child.body)).toEqual({ owner: 'Choose who will do it from the list' });
    expect((await v.post(url, { need: 'The children see violence at home', action: 'Attend the Freedom Programme', owner: family.mother, ...date('dueOn', '2026-10-30') })).statusCode).toBe(303);
    const warned = await v.get(paths.cases.plans(family.caseId));
    expect(text(warned.body)).toContain('none is for the person causing harm');
    await v.get(url);
    expect((await v.post(url, { need: 'The children see violence at home', action: 'Attend a perpetrator programme', owner: family.father, ...date('dueOn', '2026-11-30') })).statusCode).toBe(303);
    expect((await v.post(url, { need: 'Ben’s speech is delayed', action: 'Speech and language referral', owner: 'agency', ownerAgency: 'Health visiting', ...date('dueOn', '2026-10-15') })).statusCode).toBe(303);
    const page = await v.get(paths.cases.plans(family.caseId));
    expect(text(page.body)).not.toContain('none is for the person causing harm');
    expect(text(page.body)).toContain('Attend a perpetrator programme');
  });

  it('records the first core group with the progress on each action; an action not done says why', async () => {
    const url = paths.cases.planReview(family.caseId, planId);
    const form = await v.get(url);
    const ids = [...form.body.matchAll(/name="actionIds" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(3);
    const statuses = Object.fromEntries(ids.map((id) => [`status-${id}`, 'in-progress']));
    const notDone = await v.post(url, { ...date('heldOn', '2026-09-22'), progress: 'Both parents engaged', actionIds: ids, ...statuses, [`status-${ids[0]}`]: 'not-done' });
    expect(errorSummary(notDone.body)).toEqual({ [`note-${ids[0]}`]: 'Say why the action was not done' });
    const saved = await v.post(url, { ...date('heldOn', '2026-09-22'), progress: 'Both parents engaged', actionIds: ids, ...statuses });
    expect(saved.statusCode).toBe(303);
    const page = await v.get(paths.cases.plans(family.caseId));
    expect(stepRow(page.body, 'first-core-group')).toContain('Done on time');
    expect(text(page.body)).toContain('Core group meeting, 22 September 2026');
  });

  it('gives the person causing harm’s part a paper with his own actions alone: not the victim’s, not the reasons, not the other part, never her address', async () => {
    const conference = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('conferences').select('id').where('case_id', '=', family.caseId).executeTakeFirstOrThrow());
    const his = text((await v.get(paths.cases.conferencePaper(family.caseId, conference.id, 2))).body);
    expect(his).toContain('What is expected of you');
    expect(his).toContain('Attend a perpetrator programme');
    for (const absent of ['Attend the Freedom Programme', 'frightened he will find the refuge', 'IDVA', WITHHELD_LINE, WITHHELD_POSTCODE, 'Heron']) expect(his).not.toContain(absent);
    const hers = text((await v.get(paths.cases.conferencePaper(family.caseId, conference.id, 1))).body);
    expect(hers).toContain('Attend the Freedom Programme');
    expect(hers).not.toContain(WITHHELD_LINE);
    expect((await v.get(paths.cases.conferencePaper(family.caseId, conference.id, 3))).statusCode).toBe(404);
  });

  it('prompts a review after a new incident on the case, offering to bring the next review forward', async () => {
    expect(text((await v.get(paths.cases.plans(family.caseId))).body)).not.toContain('A new incident has been reported on this case');
    const contact = await t.db.tenant(tenant.id, (trx) =>
      trx
        .insertInto('contacts')
        .values({ tenant_id: tenant.id, source: 'police', reference: 'CW/INCIDENT/1', received_at: new Date(), received_on: '2026-12-01', decision_due_by: '2026-12-02', status: 'sent-to-allocated-worker' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    await t.db.tenant(tenant.id, (trx) => appendCaseEvents(trx, tenant.id, family.caseId, [{ type: 'incident-reported', at: new Date(), by: '', contactId: contact.id }]));
    const page = await v.get(paths.cases.plans(family.caseId));
    expect(text(page.body)).toContain('A new incident has been reported on this case');
    expect(page.body).toContain(`href='${paths.cases.bringReviewForward(family.caseId, planId)}'`);
  });

  it('brings the next review forward, only to a day from today and before it was due', async () => {
    const url = paths.cases.bringReviewForward(family.caseId, planId);
    await v.get(url);
    expect(errorSummary((await v.post(url, date('reviewOn', '2026-09-01'))).body)).toEqual({ 'reviewOn-day': 'The review cannot be brought forward to a day in the past' });
    expect(errorSummary((await v.post(url, date('reviewOn', '2027-01-04'))).body)).toEqual({ 'reviewOn-day': 'Choose a day before the review is now due' });
  });

  it('keeps the plan’s history: ended at a review conference, a second plan for the same child is a repeat plan with the earlier one’s category and dates', async () => {
    const review = `${paths.cases.newConference(family.caseId)}?kind=review`;
    await v.get(review);
    expect((await v.post(review, { ...date('heldOn', '2026-11-02'), split: 'no', 'part-1-attendees': 'Chair, social worker, Rachel', decision: 'end', reasons: 'Safe: the plan has worked' })).statusCode).toBe(303);
    const sd = paths.cases.newStrategyDiscussion(family.caseId);
    await v.get(sd);
    expect((await v.post(sd, { ...date('heldOn', '2026-11-16'), ...attendees, decision: 'section-47', reasons: 'New incident', childIds: [family.amy] })).statusCode).toBe(303);
    const initial = `${paths.cases.newConference(family.caseId)}?kind=initial`;
    await v.get(initial);
    expect((await v.post(initial, { ...date('heldOn', '2026-12-01'), split: 'no', 'part-1-attendees': 'Chair, social worker, Rachel', decision: 'plan', category: 'physical', reasons: 'Physical harm' })).statusCode).toBe(303);
    const page = text((await v.get(paths.cases.plans(family.caseId))).body);
    expect(page).toContain('Repeat plan');
    expect(page).toContain('Earlier plan 10 September 2026 to 2 November 2026, emotional abuse');
    expect(await count('plans')).toBe(2);
  });
});

describe('visits (issue 15, point 3)', () => {
  it('refuses someone named as present when the child was seen alone, then records the visit', async () => {
    const url = paths.cases.newVisit(family.caseId);
    await v.get(url);
    const base = { kind: 'visit', ...date('happenedOn', '2026-12-02'), childId: family.amy, seen: 'yes', seenAlone: 'yes', agency: 'Children’s services' };
    expect(errorSummary((await v.post(url, { ...base, othersPresent: 'Her mother' })).body)).toEqual({ othersPresent: 'A child seen alone had nobody else there: remove who else was present, or say they were not seen alone' });
    expect(errorSummary((await v.post(url, { ...base, seen: 'no' })).body)).toEqual({ seenAlone: 'A child who was not seen cannot have been seen alone' });
    for (const interpreter of ['family-member', 'friend', 'child']) {
      expect(errorSummary((await v.post(url, { ...base, interpreter, interpreterName: 'Her uncle' })).body)).toEqual({ interpreter: 'A family member, a friend of the family or a child must never interpret: book a professional interpreter and visit again' });
    }
    expect(await count('visits')).toBe(0);
    expect((await v.post(url, base)).statusCode).toBe(303);
    const page = text((await v.get(paths.cases.plans(family.caseId))).body);
    expect(page).toContain('Seen alone');
    expect(page).toContain('last seen 2 December 2026');
  });
});

describe('who may', () => {
  it('tells a worker of another team nothing about the case, and records nothing they post', async () => {
    const outsider = await signedIn(t.app, outsiderEmail);
    expect([403, 404]).toContain((await outsider.get(paths.cases.plans(family.caseId))).statusCode);
    const before = await count('strategy_discussions');
    const posted = await outsider.post(paths.cases.newStrategyDiscussion(family.caseId), { ...date('heldOn', '2026-11-20'), ...attendees, decision: 'no-further-action', reasons: 'x' });
    expect([403, 404]).toContain(posted.statusCode);
    expect(await count('strategy_discussions')).toBe(before);
  });
});

describe('one chronology (issue 15, point 5)', () => {
  it('shows the process, the plans and the visits beside the case’s own events, newest first, with significant events marked', async () => {
    const page = await v.get(paths.cases.chronology(family.caseId));
    const body = text(page.body);
    for (const event of ['Case opened', 'Strategy discussion', 'Section 47 enquiry started', 'Section 47 enquiry outcome', 'Initial child protection conference', 'Child protection plan started', 'Core group meeting', 'Review child protection conference', 'Child protection plan ended', 'Visit: child seen alone']) {
      expect(body).toContain(event);
    }
    expect(page.body).toContain('wa-significant');
    expect(body.indexOf('Visit: child seen alone')).toBeLessThan(body.indexOf('Core group meeting'));
    expect(page.body).not.toContain(WITHHELD_LINE);
  });

  it('filters by kind, person and agency, pages on the server, and prints the whole', async () => {
    const conferences = text((await v.get(`${paths.cases.chronology(family.caseId)}?kind=conference`)).body);
    expect(conferences).toContain('Initial child protection conference');
    expect(conferences).not.toContain('Visit: child seen alone');
    expect(conferences).toContain('Showing 1 to 3 of 3 events');
    // The person's own page leads to the chronology of the events about them on each of their cases.
    expect((await v.get(paths.people.person(family.ben))).body).toContain(`href="${paths.cases.chronology(family.caseId)}?person=${family.ben}"`);
    const ben = text((await v.get(`${paths.cases.chronology(family.caseId)}?person=${family.ben}`)).body);
    expect(ben).toContain('Section 47 enquiry started');
    expect(ben).not.toContain('Visit: child seen alone');
    // Sixty missed appointments recorded by the health visiting service: the chronology pages them 50 at a time.
    await t.db.tenant(tenant.id, (trx) =>
      trx
        .insertInto('visits')
        .values(Array.from({ length: 60 }, (_, i) => ({ tenant_id: tenant.id, case_id: family.caseId, child_id: family.ben, kind: 'missed-appointment' as const, happened_on: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`, agency: 'Health visiting' })))
        .execute(),
    );
    const health = await v.get(`${paths.cases.chronology(family.caseId)}?agency=${encodeURIComponent('Health visiting')}`);
    expect(text(health.body)).toContain('Showing 1 to 50 of 60 events');
    expect(health.body).toContain('govuk-pagination');
    const second = text((await v.get(`${paths.cases.chronology(family.caseId)}?agency=${encodeURIComponent('Health visiting')}&page=2`)).body);
    expect(second).toContain('Showing 51 to 60 of 60 events');
    const printed = await v.get(`${paths.cases.chronology(family.caseId)}?print=1`);
    expect(text(printed.body)).toMatch(/\d+ events/);
    expect(printed.body).not.toContain('govuk-pagination');
    expect(text(printed.body)).toContain('Case opened');
  });
});

describe('the API (issue 15, point 8)', () => {
  let token: string;
  let readOnly: string;
  beforeAll(async () => {
    const { tenantService } = await import('../../src/features/admin/tenants.js');
    token = (await tenantService(t.db).createApiClient(tenant.id, 'Community health system', ['cases:read', 'cases:write'])).token;
    readOnly = (await tenantService(t.db).createApiClient(tenant.id, 'Read only', ['cases:read'])).token;
  });
  const call = (method: 'GET' | 'POST', url: string, bearer: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });

  it('reads the plans with their actions, the person causing harm’s among them, and no names or addresses', async () => {
    const res = await call('GET', paths.api.casePlans(family.caseId), token);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { plans: { kind: string; endedOn: string | null; actions: { owner: { kind: string; role?: string } }[] }[]; assessment: unknown };
    expect(body.assessment).toBeNull();
    expect(body.plans.map((p) => [p.kind, p.endedOn])).toEqual([
      ['child-protection', null],
      ['child-protection', '2026-11-02'],
    ]);
    expect(body.plans[1]!.actions.some((a) => a.owner.kind === 'person' && a.owner.role === 'person-causing-harm')).toBe(true);
    for (const absent of ['Casework-Fenwick', WITHHELD_LINE, WITHHELD_POSTCODE]) expect(res.body).not.toContain(absent);
  });

  it('records a missed appointment from a partner system, which the chronology shows as the agency’s', async () => {
    const res = await call('POST', paths.api.caseVisits(family.caseId), token, { kind: 'missed-appointment', happenedOn: '2026-12-03', childId: family.ben, agency: 'Community paediatrics' });
    expect(res.statusCode).toBe(201);
    const page = text((await v.get(`${paths.cases.chronology(family.caseId)}?agency=${encodeURIComponent('Community paediatrics')}`)).body);
    expect(page).toContain('Missed appointment');
    expect(page).toContain('About: Ben Casework-Fenwick');
    const chronology = await call('GET', paths.api.caseChronology(family.caseId), readOnly);
    expect(chronology.statusCode).toBe(200);
    const events = (chronology.json() as { events: { kind: string; agency: string }[] }).events;
    expect(events.some((e) => e.kind === 'missed' && e.agency === 'Community paediatrics')).toBe(true);
    expect(chronology.body).not.toContain(WITHHELD_LINE);
    expect(chronology.body).not.toContain('frightened');
  });

  it('refuses bad input with the field named, a token without cases:write, and a case that is not there, recording nothing', async () => {
    const before = await count('visits');
    const seenAloneWithMother = await call('POST', paths.api.caseVisits(family.caseId), token, { kind: 'visit', happenedOn: '2026-12-03', childId: family.amy, seen: true, seenAlone: true, othersPresent: 'Mother', agency: 'School nursing' });
    expect(seenAloneWithMother.statusCode).toBe(400);
    expect(seenAloneWithMother.body).toContain('othersPresent');
    expect((await call('POST', paths.api.caseVisits(family.caseId), token, { kind: 'visit', happenedOn: '03/12/2026', agency: 'x' })).statusCode).toBe(400);
    expect((await call('POST', paths.api.caseVisits(family.caseId), readOnly, { kind: 'missed-appointment', happenedOn: '2026-12-03', agency: 'x' })).statusCode).toBe(403);
    expect((await call('POST', paths.api.caseVisits('00000000-0000-4000-8000-000000000000'), token, { kind: 'missed-appointment', happenedOn: '2026-12-03', agency: 'x' })).statusCode).toBe(404);
    expect((await call('GET', paths.api.casePlans('00000000-0000-4000-8000-000000000000'), token)).statusCode).toBe(404);
    expect(await count('visits')).toBe(before);
  });
});
