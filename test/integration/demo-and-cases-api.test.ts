import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { DEMO_GENERATED_FAMILIES, seedDemo } from '../../src/demo/seed.js';
import { services } from '../../src/server.js';
import { DEMO_PASSWORD, demoEmail } from '../../src/features/admin/demo-seed.js';
import { startTestApp, Visitor, type TestApp } from '../helpers/app.js';
import { paths } from '../../src/platform/http/paths.js';

let t: TestApp;
let token: string;
let tenantId: string;

beforeAll(async () => {
  t = await startTestApp();
  const first = await seedDemo(t.db, services(t.db));
  expect(first.created).toBe(true);
  tenantId = (await tenantService(t.db).findTenant('demo'))!.id;
  token = (await tenantService(t.db).createApiClient(tenantId, 'Demo partner', ['cases:read', 'people:read'])).token;
}, 120_000);
afterAll(() => t.close());

const owner = () => t.db.owner();

describe('the demo tenant', () => {
  it('has a user for every role and made-up families, one with withheld whereabouts and one restricted', async () => {
    const users = await owner().selectFrom('users').select('roles').where('tenant_id', '=', tenantId).execute();
    expect(new Set(users.flatMap((u) => u.roles)).size).toBe(11);
    const withheld = await owner().selectFrom('person_addresses').select('id').where('tenant_id', '=', tenantId).where('withheld', '=', true).execute();
    expect(withheld.length).toBeGreaterThan(0);
    const restricted = await owner()
      .selectFrom('cases')
      .innerJoin('case_members', 'case_members.case_id', 'cases.id')
      .innerJoin('people', 'people.id', 'case_members.person_id')
      .select('cases.id')
      .distinct()
      .where('cases.tenant_id', '=', tenantId)
      .where('cases.restricted', '=', true)
      .where('people.family_name', 'like', 'Demo-%')
      .execute();
    expect(restricted).toHaveLength(1);
    const mnr = await owner().selectFrom('must_not_receive').select('id').where('tenant_id', '=', tenantId).execute();
    expect(mnr.length).toBeGreaterThan(0);
  });

  it('has a MASH queue: a repeat not yet linked, one decided, one overdue, and one sent to the allocated worker', async () => {
    // The hand-made notifications; generated police references start ZP-, and other generated contacts have none.
    const contacts = await owner().selectFrom('contacts').select(['status', 'decision_due_by', 'reference']).where('tenant_id', '=', tenantId).where('reference', 'not like', 'ZP-%').execute();
    expect(contacts).toHaveLength(5);
    expect(contacts.filter((c) => c.status === 'sent-to-allocated-worker')).toHaveLength(1);
    expect(contacts.filter((c) => c.status === 'decided')).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(contacts.filter((c) => c.status === 'awaiting-decision' && c.decision_due_by < today).length).toBeGreaterThanOrEqual(1);
  });

  it('shows a decision that acted: the Demo-Kowal case holds it, and the demo team manager is asked to allocate it', async () => {
    const kowal = await owner()
      .selectFrom('cases')
      .innerJoin('case_members', 'case_members.case_id', 'cases.id')
      .innerJoin('people', 'people.id', 'case_members.person_id')
      .select(['cases.id', 'cases.reference', 'cases.stage'])
      .where('cases.tenant_id', '=', tenantId)
      .where('people.family_name', '=', 'Demo-Kowal')
      .where('case_members.role', '=', 'child')
      .executeTakeFirstOrThrow();
    expect(kowal.stage).toBe('early-help');
    const decided = await owner().selectFrom('case_events').select('type').where('case_id', '=', kowal.id).where('type', '=', 'threshold-decision').execute();
    expect(decided).toHaveLength(1);
    const manager = new Visitor(t.app);
    expect((await manager.signIn(demoEmail('team-manager'), DEMO_PASSWORD)).statusCode).toBe(303);
    const home = await manager.get('/');
    // The case is named with its family, beside its reference.
    expect(home.body).toMatch(new RegExp(`data-task="allocate-case"[\\s\\S]*?Case ${kowal.reference}</a> \\(Demo-Kowal\\)`));
  });

  it('has a duplicate record for the MASH manager to merge, found by one part of the family name', async () => {
    const filips = await owner().selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('given_name', '=', 'Filip').where('family_name', '=', 'Demo-Kowal').orderBy('created_at').execute();
    expect(filips).toHaveLength(2);
    const manager = new Visitor(t.app);
    expect((await manager.signIn(demoEmail('mash-manager'), DEMO_PASSWORD)).statusCode).toBe(303);
    const find = await manager.get(`/people/${filips[0]!.id}/merge?name=Filip%20Kowal`);
    expect(find.statusCode).toBe(200);
    expect(find.body).toContain(`/people/${filips[0]!.id}/merge/${filips[1]!.id}`);
    const compare = await manager.get(`/people/${filips[0]!.id}/merge/${filips[1]!.id}`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Merge records');
  });

  it('has risk checklists rising into high risk, a Marac referral and a repeat, and the DA services', async () => {
    const checklists = await owner().selectFrom('risk_assessments').select(['score', 'band']).where('tenant_id', '=', tenantId).orderBy('completed_on').execute();
    expect(checklists.map((c) => c.band)).toEqual(expect.arrayContaining(['medium', 'high']));
    const referrals = await owner()
      .selectFrom('marac_referrals')
      .innerJoin('people', 'people.id', 'marac_referrals.person_id')
      .select(['repeat'])
      .where('marac_referrals.tenant_id', '=', tenantId)
      .where('people.family_name', 'like', 'Demo-%')
      .orderBy('referred_on')
      .execute();
    expect(referrals.map((r) => r.repeat)).toEqual([false, true]);
    const services = await owner().selectFrom('da_services').select('band').where('tenant_id', '=', tenantId).execute();
    expect(services.map((s) => s.band).sort()).toEqual(['high', 'medium', 'standard']);
  });

  it('has generated families beside the hand-made ones, with their own contacts and checklists', async () => {
    const generated = await owner().selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('family_name', 'not like', 'Demo-%').execute();
    expect(generated.length).toBeGreaterThanOrEqual(DEMO_GENERATED_FAMILIES * 2);
    const generatedContacts = await owner().selectFrom('contacts').select('id').where('tenant_id', '=', tenantId).where('reference', 'like', 'ZP-%').execute();
    expect(generatedContacts.length).toBeGreaterThan(DEMO_GENERATED_FAMILIES);
  });

  it('holds the Demo-Hallam child protection process and plan, and generated families’ assessments, plans and visits across a census year', async () => {
    const hallam = await owner()
      .selectFrom('cases')
      .innerJoin('case_members', 'case_members.case_id', 'cases.id')
      .innerJoin('people', 'people.id', 'case_members.person_id')
      .select('cases.id')
      .where('cases.tenant_id', '=', tenantId)
      .where('people.family_name', '=', 'Demo-Hallam')
      .executeTakeFirstOrThrow();
    const v = new Visitor(t.app);
    await v.signIn(demoEmail('social-worker'), DEMO_PASSWORD);
    const plans = (await v.get(paths.cases.plans(hallam.id))).body;
    expect(plans).toContain('Initial child protection conference');
    expect(plans).toContain('Attend the Caring Dads programme');
    expect(plans).toContain('Held in parts');
    expect(plans).not.toContain('Linnet Court');
    const count = async (table: 'assessments' | 'strategy_discussions' | 'section_47_enquiries' | 'conferences' | 'plans' | 'plan_reviews' | 'visits') =>
      Number((await owner().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
    for (const table of ['assessments', 'strategy_discussions', 'section_47_enquiries', 'conferences', 'plans', 'plan_reviews', 'visits'] as const) expect(await count(table), table).toBeGreaterThan(1);
  });

  it('is not made twice', async () => {
    const before = await owner().selectFrom('cases').select('id').where('tenant_id', '=', tenantId).execute();
    const again = await seedDemo(t.db, services(t.db));
    expect(again.created).toBe(false);
    const cases = await owner().selectFrom('cases').select('id').where('tenant_id', '=', tenantId).execute();
    expect(cases).toHaveLength(before.length);
    expect(before.length).toBe(3 + DEMO_GENERATED_FAMILIES);
  });
});

describe('GET /api/v1/cases/:caseId', () => {
  const get = (url: string, bearer = token) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });

  it('returns the case with members and roles, and withheld values as { withheld: true }', async () => {
    const withheldCase = await owner()
      .selectFrom('cases')
      .innerJoin('case_members', 'case_members.case_id', 'cases.id')
      .innerJoin('people', 'people.id', 'case_members.person_id')
      .select('cases.id')
      .where('cases.tenant_id', '=', tenantId)
      .where('cases.stage', '=', 'child-protection')
      .where('people.family_name', '=', 'Demo-Hallam')
      .executeTakeFirstOrThrow();
    const secret = await owner()
      .selectFrom('person_addresses')
      .innerJoin('people', 'people.id', 'person_addresses.person_id')
      .select(['line1', 'postcode'])
      .where('person_addresses.tenant_id', '=', tenantId)
      .where('person_addresses.withheld', '=', true)
      .where('people.family_name', '=', 'Demo-Hallam')
      .executeTakeFirstOrThrow();
    const res = await get(`/api/v1/cases/${withheldCase.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ reference: string; status: string; members: { role: string; person: { addresses?: unknown[] } }[] }>();
    expect(body.status).toBe('open');
    expect(body.members.map((m) => m.role).sort()).toEqual(['adult-victim', 'child', 'child', 'person-causing-harm']);
    expect(res.body).not.toContain(secret.line1);
    expect(res.body).not.toContain(secret.postcode!);
    expect(body.members.find((m) => m.role === 'adult-victim')?.person.addresses).toContainEqual({ withheld: true });
  });

  it('refuses a restricted case, an unknown case and a token without the scope', async () => {
    const restricted = await owner().selectFrom('cases').select('id').where('tenant_id', '=', tenantId).where('restricted', '=', true).executeTakeFirstOrThrow();
    expect((await get(`/api/v1/cases/${restricted.id}`)).statusCode).toBe(403);
    expect((await get('/api/v1/cases/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const peopleOnly = (await tenantService(t.db).createApiClient(tenantId, 'People only', ['people:read'])).token;
    expect((await get(`/api/v1/cases/${restricted.id}`, peopleOnly)).statusCode).toBe(403);
  });
});

describe('the demo Marac', () => {
  it('holds a meeting with approved minutes and actions (one overdue), and the next with a repeat whose earlier plan is reviewed', async () => {
    // The Demoshire Marac's own (the generated families have a Marac of their own beside it).
    const panel = await owner().selectFrom('marac_panels').select('id').where('tenant_id', '=', tenantId).where('name', '=', 'Demoshire Marac').executeTakeFirstOrThrow();
    const meetings = await owner().selectFrom('marac_meetings').select(['id', 'held_at', 'minutes_approved_at', 'circulated_at']).where('panel_id', '=', panel.id).orderBy('held_at').execute();
    expect(meetings).toHaveLength(2);
    expect(meetings[0]!.held_at.getTime()).toBeLessThan(Date.now());
    expect(meetings[0]!.minutes_approved_at).not.toBeNull();
    expect(meetings[1]!.circulated_at).not.toBeNull();
    const cases = (await owner().selectFrom('marac_meeting_cases').select('id').where('meeting_id', 'in', meetings.map((m) => m.id)).execute()).map((c) => c.id);
    const actions = await owner().selectFrom('marac_actions').select(['status', 'due_on', 'for_whom']).where('meeting_case_id', 'in', cases).execute();
    const today = new Date().toISOString().slice(0, 10);
    expect(actions.some((a) => a.status === 'open' && a.due_on < today)).toBe(true);
    expect(actions.some((a) => a.status === 'done')).toBe(true);
    expect(actions.some((a) => a.for_whom === 'person-causing-harm')).toBe(true);
    const reviews = await owner().selectFrom('marac_action_reviews').select('verdict').where('meeting_case_id', 'in', cases).execute();
    expect(reviews.map((r) => r.verdict).sort()).toEqual(['not-done', 'partly', 'partly', 'worked']);
    expect(await owner().selectFrom('marac_research').select('id').where('meeting_case_id', 'in', cases).execute()).toHaveLength(1);
  });
});
