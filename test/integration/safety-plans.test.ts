import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { appendCaseEvents, casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

/**
 * Issue 16, points 2 to 4: the victim's safety plan, a child's own plan, safety rules with each parent
 * and the safety network, on PGlite and PostgreSQL: bad input refused and nothing changed; no access,
 * nothing seen; reviews due at 6 weeks at high risk and at once after an incident, on the reviews list;
 * printing to someone who must not receive the plan's content refused.
 */

const NETWORK_PHONE = '07700 900654';
const PLAN_WORDS = 'He starts checking her phone after he has been drinking';

let t: TestApp;
let tenant: TestTenant;
let worker: Visitor;
let workerUser: CurrentUser;
let outsider: Visitor;
let outsiderUser: CurrentUser;
let family: { caseId: string; mother: string; father: string; child: string; toddler: string };

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, '’').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const today = () => londonDate(new Date());
const dateFields = (prefix: string, d: string) => {
  const [y, m, day] = d.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};
let managerEmail: string;
const count = async (table: 'safety_plans' | 'safety_plan_versions' | 'safety_plan_reviews' | 'safety_rules' | 'safety_network_members' | 'document_copies') =>
  Number((await t.db.tenant(tenant.id, (trx) => trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow())).n);

async function makeUser(roles: Role[], teamIds: string[], n: string): Promise<{ email: string; user: CurrentUser }> {
  const email = `${n}@${tenant.slug}.test.invalid`;
  const { user } = await adminService(t.db).createUser(system(), { email, name: `Worker ${n}`, roles, teamIds, password: TEST_PASSWORD }, null);
  return { email, user: (await t.db.tenant(tenant.id, (trx) => loadUser(trx, user.id)))! };
}

const victimPlan = (madeOn: string) => ({ personId: family.mother, madeWith: 'idva', madeWithName: 'Priya Shah', ...dateFields('madeOn', madeOn), triggers: PLAN_WORDS, bag: 'Passports and inhaler at her sister’s', ourActions: 'We will hold a strategy discussion the same day if he comes back to the home.' });

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const admin = adminService(t.db);
  const team = await admin.createTeam(system(), 'Family safeguarding East', null);
  const other = await admin.createTeam(system(), 'Family safeguarding West', null);
  const manager = await makeUser(['team-manager'], [team.id], 'manager');
  managerEmail = manager.email;
  const w = await makeUser(['social-worker'], [team.id], 'worker');
  const o = await makeUser(['social-worker'], [other.id], 'outsider');
  workerUser = w.user;
  outsiderUser = o.user;
  const by = { kind: 'user', user: manager.user } as const;
  const people = peopleService(t.db);
  const make = async (givenName: string, dateOfBirth: string) => (await people.create(by, { givenName, familyName: 'Planwell', dateOfBirth }, 'req')).id;
  const child = await make('Nia', addDays(today(), -9 * 366));
  const toddler = await make('Osian', addDays(today(), -3 * 366 - 10));
  const mother = await make('Carys', '1991-02-02');
  const father = await make('Rhodri', '1988-04-04');
  const opened = await casesService(t.db).open(
    manager.user,
    { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: toddler, role: 'child' }, { personId: mother, role: 'adult-victim' }, { personId: father, role: 'person-causing-harm' }], workerId: w.user.id, teamId: team.id },
    'req',
  );
  family = { caseId: opened.id, mother, father, child, toddler };
  worker = await signedIn(t.app, w.email);
  outsider = await signedIn(t.app, o.email);
});
afterAll(() => t.close());

describe('the victim’s safety plan', () => {
  it('refuses bad input with a specific error and saves nothing', async () => {
    const url = paths.safetyPlans.newVictimPlan(family.caseId);
    expect((await worker.get(url)).statusCode).toBe(200);
    const empty = await worker.post(url, { personId: family.mother, madeWith: 'idva', madeWithName: 'Priya Shah', ...dateFields('madeOn', today()) });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ triggers: 'Write at least one part of the safety plan' });
    const future = await worker.post(url, { ...victimPlan(addDays(today(), 3)) });
    expect(errorSummary(future.body)).toEqual({ 'madeOn-day': 'The date the plan was made cannot be in the future' });
    const notVictim = await worker.post(url, { ...victimPlan(today()), personId: family.father });
    expect(errorSummary(notVictim.body)).toEqual({ personId: 'Choose the adult victim on this case the plan is for' });
    const noOne = await worker.post(url, { ...victimPlan(today()), madeWith: 'neighbour', madeWithName: '' });
    expect(errorSummary(noOne.body)).toEqual({ madeWith: 'Choose who made the plan with her' });
    const tooLong = await worker.post(url, { ...victimPlan(today()), routes: 'x'.repeat(3001) });
    expect(errorSummary(tooLong.body)).toEqual({ routes: 'Safe routes and places to avoid: write 3,000 characters or fewer' });
    expect(await count('safety_plans')).toBe(0);
    expect(await count('safety_plan_versions')).toBe(0);
  });

  it('refuses someone who does not work with the family, as not found, shows nothing and audits it', async () => {
    const list = await outsider.get(paths.safetyPlans.list(family.caseId));
    expect([403, 404]).toContain(list.statusCode);
    const made = await outsider.post(paths.safetyPlans.newVictimPlan(family.caseId), victimPlan(today()));
    expect([403, 404]).toContain(made.statusCode);
    expect(await count('safety_plans')).toBe(0);
    const events = await t.db.owner().selectFrom('audit_events').select(['action', 'subject_id']).where('actor_id', '=', outsiderUser.id).execute();
    expect(events.some((e) => e.subject_id === family.caseId)).toBe(true);
  });

  let planId = '';
  it('is made with her by her IDVA, saved as version 1, and shown on the plan’s page', async () => {
    const made = await worker.post(paths.safetyPlans.newVictimPlan(family.caseId), victimPlan(addDays(today(), -36)));
    expect(made.statusCode).toBe(303);
    planId = String(made.headers.location).split('/').at(-1)!.split('?')[0]!;
    const page = await worker.get(String(made.headers.location));
    expect(text(page.body)).toContain('The safety plan has been saved');
    expect(text(page.body)).toContain(PLAN_WORDS);
    expect(text(page.body)).toContain('Priya Shah (Her IDVA)');
    const audit = await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', family.caseId).where('action', '=', 'safety-plan.start').execute();
    expect(audit).toHaveLength(1);
    expect((await worker.post(paths.safetyPlans.newVictimPlan(family.caseId), victimPlan(today()))).statusCode).toBe(409);
  });

  it('at standard risk its review, 36 days on, is not due yet; at high risk it is due (every 6 weeks) and on the reviews list', async () => {
    const reviews = () => worker.get(paths.risk.reviews);
    expect(text((await reviews()).body)).toContain('No safety plan reviews are due');
    await t.db.tenant(tenant.id, (trx) =>
      trx
        .insertInto('risk_assessments')
        .values({ tenant_id: tenant.id, person_id: family.mother, case_id: family.caseId, instrument_id: 'dash-ric', instrument_version: 1, language: 'en', completed_at: new Date(), completed_on: today(), recorded_by: workerUser.id, answers: '{}', score: 17, band: 'high', gaps: [] })
        .execute(),
    );
    const listed = text((await reviews()).body);
    expect(listed).toContain('1 safety plan review due or overdue');
    expect(listed).toContain('Carys Planwell');
    expect(listed).toContain('Regular review');
    const plan = text((await worker.get(paths.safetyPlans.plan(family.caseId, planId))).body);
    expect(plan).toContain('Due soon');
  });

  it('a review records what changed, and then no review is due', async () => {
    const url = paths.safetyPlans.review(family.caseId, planId);
    const bad = await worker.post(url, { ...dateFields('heldOn', today()), reason: 'scheduled', whatChanged: ' ' });
    expect(errorSummary(bad.body)).toEqual({ whatChanged: 'Say what changed at the review, or that nothing did and why' });
    expect(await count('safety_plan_reviews')).toBe(0);
    expect((await worker.post(url, { ...dateFields('heldOn', today()), reason: 'scheduled', whatChanged: 'She now keeps the bag at her sister’s.' })).statusCode).toBe(303);
    expect(text((await worker.get(paths.risk.reviews)).body)).toContain('No safety plan reviews are due');
  });

  it('a new incident on the case makes a review due now, on the reviews list', async () => {
    await t.db.tenant(tenant.id, (trx) => appendCaseEvents(trx, tenant.id, family.caseId, [{ type: 'incident-reported', at: new Date(), by: workerUser.id, contactId: randomUUID() }]));
    const listed = text((await worker.get(paths.risk.reviews)).body);
    expect(listed).toContain('After a new incident');
    expect(text((await worker.get(paths.safetyPlans.plan(family.caseId, planId))).body)).toContain('Due now');
  });

  it('a change is saved as a new version naming what changed; a save from an old version is refused with who changed what', async () => {
    const url = paths.safetyPlans.edit(family.caseId, planId);
    const form = { ...victimPlan(today()), version: '1', technology: 'Location sharing turned off on her phone' };
    expect((await worker.post(url, form)).statusCode).toBe(303);
    const stale = await worker.post(url, { ...form, technology: 'Something else' });
    expect(stale.statusCode).toBe(409);
    expect(text(stale.body)).toContain('Worker worker changed phone, location sharing and shared accounts');
    expect(await count('safety_plan_versions')).toBe(2);
    expect(text((await worker.get(paths.safetyPlans.plan(family.caseId, planId))).body)).toContain('Phone, location sharing and shared accounts');
  });

  it('prints her copy in neutral form through the document module', async () => {
    const made = await worker.post(paths.safetyPlans.print(family.caseId, planId), { copy: 'theirs' });
    expect(made.statusCode).toBe(303);
    expect(String(made.headers.location)).toContain(`/cases/${family.caseId}/documents/`);
    const page = text((await worker.get(String(made.headers.location))).body);
    expect(page).toContain('Notes for Carys Planwell');
    expect(page).toContain(PLAN_WORDS);
    expect(page).not.toMatch(/Safety plan for Carys/);
  });

  it('is refused for a recipient on the case’s must-not-receive list for what plans say, and nothing is made', async () => {
    expect((await worker.post(paths.cases.mustNotReceive(family.caseId), { personId: family.mother, information: ['plan-content'], reason: 'He reads everything she brings home' })).statusCode).toBe(303);
    const before = await count('document_copies');
    const refused = await worker.post(paths.safetyPlans.print(family.caseId, planId), { copy: 'theirs' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual({ copy: 'Carys Planwell must not receive what the plans say from this case' });
    expect(await count('document_copies')).toBe(before);
  });
});

describe('a child’s own safety plan', () => {
  it('needs the worker to confirm the child understands enough, and a reason for a child under 5', async () => {
    const url = paths.safetyPlans.newChildPlan(family.caseId);
    const base = { ...dateFields('madeOn', today()), safePlaceInside: 'My bedroom', safeAdult: 'Nan, on the phone in the kitchen' };
    expect(errorSummary((await worker.post(url, { ...base, personId: family.child })).body)).toEqual({ understanding: 'Confirm that the child understands enough to have a plan of their own' });
    expect(errorSummary((await worker.post(url, { ...base, personId: family.toddler, understanding: 'yes' })).body)).toEqual({ understandingReason: 'The child is 3: say why they understand enough for a plan of their own' });
    expect(errorSummary((await worker.post(url, { personId: family.child, understanding: 'yes', ...dateFields('madeOn', today()) })).body)).toEqual({ safePlaceInside: 'Write a safe place the child can go, in the house or outside it', safeAdult: 'Write a safe adult the child can call' });
    expect(await count('safety_plans')).toBe(1);
    const made = await worker.post(url, { ...base, personId: family.child, understanding: 'yes' });
    expect(made.statusCode).toBe(303);
    const printed = await worker.post(String(made.headers.location).split('?')[0] + '/print', { copy: 'theirs' });
    expect(printed.statusCode).toBe(303);
    const page = text((await worker.get(String(printed.headers.location))).body);
    expect(page).toContain('My plan to stay safe');
    expect(page).toContain('It is not your fault');
  });
});

describe('safety rules and the safety network', () => {
  it('refuses rules with none written; saves his rules and prints his copy with his own rules and nothing of hers', async () => {
    const url = paths.safetyPlans.rules(family.caseId, family.father);
    expect(errorSummary((await worker.post(url, { rules: ' \n ', agreed: 'no' })).body)).toEqual({ rules: 'Write at least one rule, one a line' });
    expect(errorSummary((await worker.post(url, { rules: 'You do not come to the home.', agreed: 'yes' })).body)).toEqual({ 'agreedOn-day': 'Enter the date the parent agreed the rules' });
    expect(await count('safety_rules')).toBe(0);
    expect((await worker.post(url, { rules: 'You do not come to the home.\nYou see the children only as arranged.', agreed: 'yes', ...dateFields('agreedOn', today()) })).statusCode).toBe(303);
    const printed = await worker.post(paths.safetyPlans.printRules(family.caseId, family.father), {});
    expect(printed.statusCode).toBe(303);
    const document = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('document_copies').select(['audience', 'paper']).where('template', '=', 'safety-rules').executeTakeFirstOrThrow());
    expect(document.audience).toBe('person-causing-harm');
    const words = JSON.stringify(document.paper);
    expect(words).toContain('You do not come to the home.');
    expect(words).not.toContain(PLAN_WORDS);
    expect(words).not.toContain('Priya');
  });

  it('adds a network member with withheld details, never shown to a worker who may not see them', async () => {
    const url = paths.safetyPlans.newNetworkMember(family.caseId);
    const member = { name: 'Gwen Ashby', relationship: 'Carys’s sister', phone: NETWORK_PHONE, knowsWorries: 'yes', knowsRedFlags: 'yes', whatToDo: 'Call 999, then the social worker', agreed: 'yes', ...dateFields('agreedOn', today()), withhold: 'yes', withholdReason: 'He knows where she lives' };
    expect(errorSummary((await worker.post(url, { ...member, phone: 'ring her' })).body)).toEqual({ phone: 'Enter a phone number, like 01632 960 001 or +44 7700 900 982' });
    expect(errorSummary((await worker.post(url, { ...member, withholdReason: '' })).body)).toEqual({ withholdReason: 'Say why their details are withheld' });
    expect(await count('safety_network_members')).toBe(0);
    expect((await worker.post(url, member)).statusCode).toBe(303);
    const page = text((await worker.get(paths.safetyPlans.list(family.caseId))).body);
    expect(page).toContain('Gwen Ashby');
    expect(page).toContain('Withheld');
    expect(page).not.toContain(NETWORK_PHONE);
    // A manager of the case's team may see withheld details, and is shown them.
    const managerView = text((await (await signedIn(t.app, managerEmail)).get(paths.safetyPlans.list(family.caseId))).body);
    expect(managerView).toContain(NETWORK_PHONE);
  });
});
