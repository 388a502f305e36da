import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { DEFAULT_MARAC_SETTINGS, maracCriteria } from '../../src/domain/marac/criteria.js';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { ordersService } from '../../src/features/orders/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { maracFacts } from '../../src/features/risk/marac-facts.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

/**
 * Issue 16, point 5: protective orders on PGlite and PostgreSQL. Bad input refused with a specific error
 * and nothing saved; no access for someone who does not work on the case; a notice's hearing deadline; a
 * variation keeping the earlier terms; an ending; a breach that is an incident (counted for the Marac
 * criteria, sent to the worker to review, in the chronology); the home page's orders ending soon; and a
 * place named in an order withheld from whoever may not see a protected person's whereabouts.
 */

const WITHHELD_LINE = '14 Larkspur Row';
const ZONE = `Within 100 metres of ${WITHHELD_LINE}, Hiddenby`;

let t: TestApp;
let tenant: TestTenant;
let worker: Visitor;
let manager: Visitor;
let outsider: Visitor;
let outsiderUser: CurrentUser;
let family: { caseId: string; mother: string; father: string; child: string };
let otherCaseId: string;

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, '’').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const today = () => londonDate(new Date());
const dateFields = (prefix: string, d: string | null) => {
  if (!d) return { [`${prefix}-day`]: '', [`${prefix}-month`]: '', [`${prefix}-year`]: '' };
  const [y, m, day] = d.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};
const count = async (table: 'protective_orders' | 'protective_order_versions' | 'protective_order_breaches' | 'protective_order_people') =>
  Number((await t.db.tenant(tenant.id, (trx) => trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow())).n);

async function makeUser(roles: Role[], teamIds: string[], n: string): Promise<{ email: string; user: CurrentUser }> {
  const email = `${n}@${tenant.slug}.test.invalid`;
  const { user } = await adminService(t.db).createUser(system(), { email, name: `Worker ${n}`, roles, teamIds, password: TEST_PASSWORD }, null);
  return { email, user: (await t.db.tenant(tenant.id, (trx) => loadUser(trx, user.id)))! };
}

const nonMolestation = (overrides: Record<string, string | string[]> = {}) => ({
  kind: 'non-molestation',
  protectedIds: [family.mother, family.child],
  boundId: family.father,
  madeBy: 'Family Court at Huntshire',
  ...dateFields('startsOn', addDays(today(), -200)),
  givenTime: '',
  ...dateFields('expiresOn', addDays(today(), 10)),
  conditions: 'Must not use or threaten violence against her\nMust not contact her, directly or through anyone else',
  exclusionZone: ZONE,
  ...overrides,
});

const orderIdOf = (location: unknown) => String(location).split('/orders/')[1]!.split('?')[0]!;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const admin = adminService(t.db);
  const team = await admin.createTeam(system(), 'Family safeguarding North', null);
  const other = await admin.createTeam(system(), 'Family safeguarding South', null);
  const m = await makeUser(['team-manager'], [team.id], 'manager');
  const w = await makeUser(['social-worker'], [team.id], 'worker');
  const o = await makeUser(['social-worker'], [other.id], 'outsider');
  outsiderUser = o.user;
  const by = { kind: 'user', user: m.user } as const;
  const people = peopleService(t.db);
  const mother = (await people.create(by, { givenName: 'Ffion', familyName: 'Ordway', dateOfBirth: '1990-03-03', addresses: [{ line1: WITHHELD_LINE, town: 'Hiddenby', postcode: 'ZZ9 9QQ', withheld: true, withheldReason: 'Fled high risk' }] }, 'req')).id;
  const father = (await people.create(by, { givenName: 'Gethin', familyName: 'Ordway', dateOfBirth: '1987-07-07' }, 'req')).id;
  const child = (await people.create(by, { givenName: 'Lowri', familyName: 'Ordway', dateOfBirth: addDays(today(), -8 * 366) }, 'req')).id;
  const opened = await casesService(t.db).open(
    m.user,
    { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: mother, role: 'adult-victim' }, { personId: father, role: 'person-causing-harm' }], workerId: w.user.id, teamId: team.id },
    'req',
  );
  family = { caseId: opened.id, mother, father, child };
  const stranger = (await people.create(by, { givenName: 'Other', familyName: 'Family' }, 'req')).id;
  otherCaseId = (await casesService(t.db).open(m.user, { stage: 'child-in-need', members: [{ personId: stranger, role: 'child' }], workerId: w.user.id, teamId: team.id }, 'req')).id;
  worker = await signedIn(t.app, w.email);
  manager = await signedIn(t.app, m.email);
  outsider = await signedIn(t.app, o.email);
});
afterAll(() => t.close());

describe('recording an order', () => {
  it('refuses bad input with a specific error and saves nothing', async () => {
    const url = paths.orders.new(family.caseId);
    expect((await worker.get(url)).statusCode).toBe(200);
    const refused = async (fields: Record<string, string | string[]>) => {
      const res = await worker.post(url, nonMolestation(fields));
      expect(res.statusCode).toBe(400);
      return errorSummary(res.body);
    };
    expect(await refused({ kind: '' })).toEqual({ kind: 'Choose the kind of order' });
    expect(await refused(dateFields('expiresOn', addDays(today(), -300)))).toEqual({ 'expiresOn-day': 'The expiry date must be after the start date' });
    expect(await refused({ protectedIds: [family.mother, family.father] })).toEqual({ boundId: 'The person who must keep to the order cannot also be protected by it' });
    expect(await refused({ protectedIds: [] })).toEqual({ protectedIds: 'Choose who the order protects' });
    expect(await refused({ kind: 'dapn', madeBy: 'Huntshire Police', ...dateFields('expiresOn', null) })).toEqual({ givenTime: 'Enter the time the notice was given, so the hearing deadline can be worked out' });
    expect(await refused({ kind: 'dapn', givenTime: '25:99', ...dateFields('expiresOn', null) })).toEqual({ givenTime: 'Enter the time the notice was given, like 10:00 or 14:30' });
    expect(await refused({ kind: 'child-arrangements', protectedIds: [family.mother] })).toEqual({ protectedIds: 'A child arrangements order must name the children it is about' });
    expect(await refused({ conditions: ' \n ' })).toEqual({ conditions: 'Write the conditions, one on each line' });
    expect(await refused({ madeBy: '' })).toEqual({ madeBy: 'Enter the court that made it' });
    expect(await refused({ 'startsOn-month': '13' })).toEqual({ 'startsOn-day': 'The date it started must be a real date' });
    // Her withheld address typed into a condition is refused: it belongs in the withheld box.
    expect(await refused({ conditions: `Must not go to ${WITHHELD_LINE}` })).toEqual({ conditions: expect.stringContaining('withheld') });
    expect(await count('protective_orders')).toBe(0);
    expect(await count('protective_order_versions')).toBe(0);
    expect(await count('protective_order_people')).toBe(0);
  });

  it('refuses someone who does not work on the case: nothing shown or saved, and the refusal audited', async () => {
    const list = await outsider.get(paths.orders.list(family.caseId));
    expect([403, 404]).toContain(list.statusCode);
    expect(list.body).not.toContain('Ordway');
    const made = await outsider.post(paths.orders.new(family.caseId), nonMolestation());
    expect([403, 404]).toContain(made.statusCode);
    expect(await count('protective_orders')).toBe(0);
    await expect(ordersService(t.db).caseOrders(outsiderUser, family.caseId)).rejects.toMatchObject({ status: 403 });
    await expect(ordersService(t.db).caseOrders(outsiderUser, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    const events = await t.db.owner().selectFrom('audit_events').select(['action', 'subject_id']).where('actor_id', '=', outsiderUser.id).execute();
    expect(events.filter((e) => e.subject_id === family.caseId).map((e) => e.action)).toContain('access.refused');
  });

  it('records a notice with its hearing deadline, not counting the Sunday and the bank holiday', async () => {
    const res = await worker.post(paths.orders.new(family.caseId), nonMolestation({ kind: 'dapn', madeBy: 'Huntshire Police', ...dateFields('startsOn', '2026-08-29'), givenTime: '10:00', ...dateFields('expiresOn', null), exclusionZone: '' }));
    expect(res.statusCode, errorSummary(res.body).toString()).toBe(303);
    const page = await worker.get(String(res.headers.location));
    expect(text(page.body)).toContain('The order has been recorded');
    expect(text(page.body)).toContain('Wednesday 2 September 2026, 10:00am');
    const stored = await t.db.owner().selectFrom('protective_orders').select(['hearing_deadline', 'expires_on']).where('id', '=', orderIdOf(res.headers.location)).executeTakeFirstOrThrow();
    expect(new Date(stored.hearing_deadline!).toISOString()).toBe('2026-09-02T09:00:00.000Z');
    expect(stored.expires_on).toBeNull();
  });
});

describe('an order with a withheld place, varied, breached and ended', () => {
  let orderId = '';

  it('keeps the place named in the order withheld from the worker and shows it to the team manager', async () => {
    const res = await worker.post(paths.orders.new(family.caseId), nonMolestation());
    expect(res.statusCode).toBe(303);
    orderId = orderIdOf(res.headers.location);
    const stored = await t.db.owner().selectFrom('protective_orders').select(['zone_withheld', 'version']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(stored.zone_withheld).toBe(true);
    for (const url of [paths.orders.order(family.caseId, orderId), paths.orders.list(family.caseId), paths.cases.chronology(family.caseId)]) {
      const seen = await worker.get(url);
      expect(seen.statusCode).toBe(200);
      expect(seen.body).not.toContain(WITHHELD_LINE);
    }
    expect(text((await worker.get(paths.orders.order(family.caseId, orderId))).body)).toContain('Withheld');
    const managerView = await manager.get(paths.orders.order(family.caseId, orderId));
    expect(managerView.body).toContain(WITHHELD_LINE);
    const views = await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', family.caseId).where('action', '=', 'whereabouts.view').execute();
    expect(views.length).toBeGreaterThan(0);
  });

  it('shows the place to the worker while she holds a named grant to the mother’s whereabouts, and not after it is withdrawn', async () => {
    const workerId = (await t.db.owner().selectFrom('users').select('id').where('email', '=', `worker@${tenant.slug}.test.invalid`).executeTakeFirstOrThrow()).id;
    await manager.get(paths.restricted.grant('person', family.mother));
    const granted = await manager.post(paths.restricted.whereabouts(family.mother), { whereaboutsUserId: workerId, days: '1', whereaboutsReason: 'Preparing the court statement' });
    expect(granted.statusCode, granted.body).toBe(303);
    expect((await worker.get(paths.orders.order(family.caseId, orderId))).body).toContain(WITHHELD_LINE);
    const grant = await t.db.owner().selectFrom('access_grants').select('id').where('user_id', '=', workerId).where('kind', '=', 'whereabouts').executeTakeFirstOrThrow();
    expect((await manager.post(paths.restricted.withdraw('person', family.mother), { grantId: grant.id, withdrawReason: 'Statement done' })).statusCode).toBe(303);
    expect((await worker.get(paths.orders.order(family.caseId, orderId))).body).not.toContain(WITHHELD_LINE);
  });

  it('refuses a variation that changes nothing or ends before the date varied, then keeps the earlier terms', async () => {
    const url = paths.orders.vary(family.caseId, orderId);
    const form = await worker.get(url);
    expect(form.statusCode).toBe(200);
    const base = { ...dateFields('variedOn', today()), ...dateFields('expiresOn', null), conditions: 'Must not use or threaten violence against her\nMust not contact her, directly or through anyone else', reason: '', version: '1' };
    const same = await worker.post(url, base);
    expect(errorSummary(same.body)).toEqual({ 'expiresOn-day': 'Change the expiry date or the conditions, or both' });
    const early = await worker.post(url, { ...base, ...dateFields('expiresOn', today()) });
    expect(errorSummary(early.body)).toEqual({ 'expiresOn-day': 'The new expiry date must be after the date it was varied' });
    const stale = await worker.post(url, { ...base, ...dateFields('expiresOn', addDays(today(), 90)), version: '0' });
    expect(stale.statusCode).toBe(409);
    expect(await count('protective_order_versions')).toBe(2); // the notice's and this order's first versions
    const varied = await worker.post(url, { ...base, ...dateFields('expiresOn', addDays(today(), 20)), conditions: `${base.conditions}\nMust not go to the children’s school`, reason: 'Extended at the return hearing' });
    expect(varied.statusCode).toBe(303);
    const page = text((await worker.get(String(varied.headers.location))).body);
    expect(page).toContain('The variation has been saved');
    expect(page).toContain('Must not go to the children’s school');
    expect(page).toContain('As recorded');
    expect(page).toContain('Extended at the return hearing');
    const versions = await t.db.owner().selectFrom('protective_order_versions').select(['version', 'conditions']).where('order_id', '=', orderId).orderBy('version').execute();
    expect(versions.map((v) => v.conditions.length)).toEqual([2, 3]);
  });

  it('records a breach as an incident: the Marac facts count it, the worker is asked to review, the chronology shows it', async () => {
    const url = paths.orders.breach(family.caseId, orderId);
    expect((await worker.get(url)).statusCode).toBe(200);
    const breach = (on: string, reference: string) => ({ ...dateFields('occurredOn', on), occurredTime: '21:40', source: 'police', reference, summary: 'He came to the school gate and shouted at her', childrenPresent: 'yes', injuries: 'no', weaponUsed: 'no', alcoholOrDrugs: 'no' });
    const before = await worker.post(url, breach(addDays(today(), -300), 'BR/1'));
    expect(errorSummary(before.body)).toEqual({ 'occurredOn-day': 'The order was not in force on that date: check the date, or the order' });
    const noRef = await worker.post(url, breach(addDays(today(), -5), ''));
    expect(errorSummary(noRef.body)).toEqual({ reference: 'Enter the police reference' });
    const leaky = await worker.post(url, { ...breach(addDays(today(), -5), 'BR/2'), summary: `He waited outside ${WITHHELD_LINE}` });
    expect(errorSummary(leaky.body).summary).toContain('withheld');
    const noAnswer = await worker.post(url, { ...breach(addDays(today(), -5), 'BR/2'), injuries: '' });
    expect(errorSummary(noAnswer.body)).toEqual({ injuries: 'Say whether anyone was hurt' });
    expect(await count('protective_order_breaches')).toBe(0);
    const contactsBefore = Number((await t.db.owner().selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(contactsBefore).toBe(0);

    for (const [i, daysAgo] of [40, 20, 5].entries()) {
      const res = await worker.post(url, breach(addDays(today(), -daysAgo), `BR/${10 + i}`));
      expect(res.statusCode, JSON.stringify(errorSummary(res.body))).toBe(303);
    }
    const page = text((await worker.get(paths.orders.order(family.caseId, orderId) + '?done=breach')).body);
    expect(page).toContain('The breach has been recorded as a new incident');
    expect(await count('protective_order_breaches')).toBe(3);

    // Each breach is a contact naming her as the victim and him as the person causing harm.
    const people = await t.db.owner().selectFrom('contact_people').select(['person_id', 'role']).execute();
    expect(people.filter((p) => p.person_id === family.mother && p.role === 'victim')).toHaveLength(3);
    expect(people.filter((p) => p.person_id === family.father && p.role === 'person-causing-harm')).toHaveLength(3);

    // The Marac facts count the three breaches: potential escalation (3 incidents in 12 months) is met.
    const facts = await t.db.tenant(tenant.id, (trx) => maracFacts(trx, family.mother, today(), DEFAULT_MARAC_SETTINGS));
    expect(facts.incidents).toHaveLength(3);
    const criteria = maracCriteria({ ...facts, judgement: null });
    expect(criteria.met.map((m) => m.criterion)).toContain('potential-escalation');

    // Sent to the case's allocated worker as new incidents to review.
    const reported = await t.db.owner().selectFrom('case_events').select('type').where('case_id', '=', family.caseId).where('type', '=', 'incident-reported').execute();
    expect(reported).toHaveLength(3);
    const summary = text((await worker.get(paths.cases.overview(family.caseId))).body);
    expect(summary).toContain('A new domestic abuse incident');

    const chronology = await worker.get(`${paths.cases.chronology(family.caseId)}?kind=order`);
    expect(text(chronology.body)).toContain('Non-molestation order breached');
    expect(text(chronology.body)).toContain('Non-molestation order varied');
    expect(text(chronology.body)).toContain('Domestic abuse protection notice given');
    expect(chronology.body).not.toContain(WITHHELD_LINE);
  });

  it('lists an order ending soon, and a notice whose hearing is due, on the worker’s home page', async () => {
    const home = text((await worker.get(paths.home)).body);
    expect(home).toContain('Orders ending soon');
    expect(home).toContain('Non-molestation order, case');
    expect(home).toContain('Domestic abuse protection notice, case');
    // The council's setting: 10 days shows nothing expiring in 20.
    const settings = await signedIn(t.app, tenant.users.admin.email);
    expect(errorSummary((await settings.post(paths.orders.settings, { days: '0' })).body)).toEqual({ days: 'Enter a whole number of days from 1 to 365' });
    expect((await settings.post(paths.orders.settings, { days: '10' })).statusCode).toBe(303);
    const later = text((await worker.get(paths.home)).body);
    expect(later).not.toContain('Non-molestation order, case');
    expect(later).toContain('Domestic abuse protection notice, case');
    expect((await settings.post(paths.orders.settings, { days: '28' })).statusCode).toBe(303);
  });

  it('ends the order once, for a reason that fits, with a date not in the future', async () => {
    const url = paths.orders.end(family.caseId, orderId);
    expect((await worker.get(url)).statusCode).toBe(200);
    const future = await worker.post(url, { ...dateFields('endedOn', addDays(today(), 2)), reason: 'discharged', note: '' });
    expect(errorSummary(future.body)).toEqual({ 'endedOn-day': 'The date it ended cannot be in the future' });
    const heard = await worker.post(url, { ...dateFields('endedOn', today()), reason: 'heard', note: '' });
    expect(errorSummary(heard.body)).toEqual({ reason: 'Only a notice ends when the court hears the application: choose another reason' });
    const ended = await worker.post(url, { ...dateFields('endedOn', today()), reason: 'discharged', note: 'Discharged on her application' });
    expect(ended.statusCode).toBe(303);
    const page = text((await worker.get(String(ended.headers.location))).body);
    expect(page).toContain('The order has been ended');
    expect(page).not.toContain('Record a breach');
    // An ended order's forms are gone.
    expect((await worker.get(url)).statusCode).toBe(404);
    expect((await worker.post(paths.orders.breach(family.caseId, orderId), {})).statusCode).toBe(404);
    expect((await worker.get(paths.home)).body).not.toContain('Non-molestation order, case');
  });

  it('answers not found for an order looked for through another case', async () => {
    const res = await worker.get(paths.orders.order(otherCaseId, orderId));
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Non-molestation');
  });
});
