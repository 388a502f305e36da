import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { maracService, type ReferralInput } from '../../src/features/marac/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

/**
 * A Marac referral is held to the same rules on the referral form, in the API and in the service
 * (issue 10): consent stated, the lawful basis without it, the risks, and who is causing harm.
 */

let t: TestApp;
let tenant: TestTenant;
let social: Visitor;
let worker: CurrentUser;
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  social = await signedIn(t.app, tenant.users['social-worker'].email);
  worker = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['social-worker'].id)))!;
  token = (await tenantService(t.db).createApiClient(tenant.id, 'Marac tool', ['marac:write'])).token;
});
afterAll(() => t.close());

/** A victim, the person causing harm and a child, added by the social worker (who therefore works with them). */
async function family(familyName: string) {
  const caller = { kind: 'user' as const, user: worker };
  const people = peopleService(t.db);
  const victim = (await people.create(caller, { givenName: 'Isolde', familyName, dateOfBirth: '1991-03-14' }, 'r')).id;
  const harm = (await people.create(caller, { givenName: 'Tobias', familyName, dateOfBirth: '1988-07-02' }, 'r')).id;
  const child = (await people.create(caller, { givenName: 'Juniper', familyName, dateOfBirth: '2020-05-30' }, 'r')).id;
  const rel = relationshipsService(t.db);
  await rel.add(caller, victim, harm, 'intimate-partners', 'r');
  await rel.add(caller, victim, child, 'parent-of', 'r');
  return { victim, harm, child };
}

/** A complete referral as the form sends it, and as the API takes it. */
function page(f: { harm: string; child: string }, more: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    criteria: 'visible-high-risk',
    judgementReason: '',
    'referredOn-day': '10',
    'referredOn-month': '2',
    'referredOn-year': '2026',
    'latestIncidentOn-day': '',
    'latestIncidentOn-month': '',
    'latestIncidentOn-year': '',
    referringAgency: 'Children’s social care',
    referringPerson: '',
    personCausingHarmId: f.harm,
    childIds: f.child,
    consent: 'given',
    lawfulBasis: '',
    risks: 'Threats to kill, and he has found the new address',
    contactSafety: '',
    ...more,
  };
}

function api(f: { victim: string; harm: string; child: string }, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    victimPersonId: f.victim,
    referredAt: '2026-02-10',
    referringAgency: 'Children’s social care',
    criteria: ['visible-high-risk'],
    personCausingHarmId: f.harm,
    childIds: [f.child],
    consent: 'given',
    risks: 'Threats to kill, and he has found the new address',
    ...more,
  };
}

const without = <T extends Record<string, unknown>>(fields: T, name: string) => Object.fromEntries(Object.entries(fields).filter(([k]) => k !== name));

async function apiErrors(body: unknown) {
  const res = await t.app.inject({ method: 'POST', url: paths.api.maracReferrals, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  expect(res.statusCode, res.body).toBe(400);
  return res.json<{ errors: { path: string; message: string }[] }>().errors;
}

const referralsAbout = (personId: string) => t.db.tenant(tenant.id, (trx) => trx.selectFrom('marac_referrals').selectAll().where('person_id', '=', personId).execute());

describe('the same rules on the referral form and in the API', () => {
  const cases: { rule: string; field: string; message: string; form: (f: Awaited<ReturnType<typeof family>>) => Record<string, string | string[]>; body: (f: Awaited<ReturnType<typeof family>>) => unknown }[] = [
    { rule: 'consent is stated', field: 'consent', message: 'Say whether the victim consented to the referral', form: (f) => without(page(f), 'consent') as Record<string, string>, body: (f) => without(api(f), 'consent') },
    {
      rule: 'the lawful basis is given when consent is not',
      field: 'lawfulBasis',
      message: 'Without consent, give the lawful basis for sharing the victim’s information',
      form: (f) => page(f, { consent: 'not-given', lawfulBasis: '  ' }),
      body: (f) => api(f, { consent: 'not-given' }),
    },
    { rule: 'the risks are described', field: 'risks', message: 'Describe the risks in your own words', form: (f) => page(f, { risks: '' }), body: (f) => without(api(f), 'risks') },
    {
      rule: 'the person causing harm is named or said not to be known',
      field: 'personCausingHarmId',
      message: 'Say who is causing harm, or that they are not known',
      form: (f) => without(page(f), 'personCausingHarmId') as Record<string, string>,
      body: (f) => without(api(f), 'personCausingHarmId'),
    },
    {
      rule: 'professional judgement has its reason',
      field: 'judgementReason',
      message: 'Give the reason for referring on professional judgement',
      form: (f) => page(f, { criteria: ['visible-high-risk', 'professional-judgement'] }),
      body: (f) => api(f, { criteria: ['visible-high-risk', 'professional-judgement'] }),
    },
  ];

  for (const c of cases) {
    it(`refuses a referral unless ${c.rule}, with the same message, and records nothing`, async () => {
      const f = await family('Penhallow');
      const res = await social.post(paths.marac.refer(f.victim), c.form(f));
      expect(res.statusCode, res.body).toBe(400);
      expect(errorSummary(res.body)).toEqual({ [c.field]: c.message });
      expect(await apiErrors(c.body(f))).toEqual([{ path: `/${c.field}`, message: c.message }]);
      expect(await referralsAbout(f.victim)).toEqual([]);
    });
  }

  it('lists every problem at once and shows the form again as it was filled in', async () => {
    const f = await family('Trevanion');
    const res = await social.post(paths.marac.refer(f.victim), {
      ...page(f, { consent: 'not-given', risks: '', 'referredOn-day': '', 'referredOn-month': '', 'referredOn-year': '' }),
      criteria: ['potential-escalation', 'professional-judgement'],
      referringPerson: 'A. Worker, social worker',
    });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({
      'referredOn-day': 'Enter the date of the referral',
      risks: 'Describe the risks in your own words',
      lawfulBasis: 'Without consent, give the lawful basis for sharing the victim’s information',
      judgementReason: 'Give the reason for referring on professional judgement',
    });
    // What was chosen and typed is shown again: the criteria ticked, the person causing harm, consent, the child.
    const checked = [...res.body.matchAll(/<input[^>]*name="(\w+)"[^>]*value="([^"]*)"[^>]*checked/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(checked.sort()).toEqual(['childIds=' + f.child, 'consent=not-given', 'criteria=potential-escalation', 'criteria=professional-judgement', `personCausingHarmId=${f.harm}`].sort());
    expect(res.body).toContain('value="A. Worker, social worker"');
  });

  it('takes a referral without consent on a lawful basis, with the person causing harm not known, and says it has been sent', async () => {
    const f = await family('Carnsew');
    const form = await social.get(paths.marac.refer(f.victim));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Tobias Carnsew');
    expect(form.body).toContain('value="not-known"');
    const res = await social.post(paths.marac.refer(f.victim), page(f, { consent: 'not-given', lawfulBasis: 'To protect her and the child from serious harm', personCausingHarmId: 'not-known' }));
    expect(res.statusCode, res.body).toBe(303);
    const referral = await social.get(res.headers.location as string);
    expect(referral.body).toContain('The referral has been sent to the Marac');
    expect(await referralsAbout(f.victim)).toEqual([
      expect.objectContaining({ consent: 'not-given', lawful_basis: 'To protect her and the child from serious harm', person_causing_harm_id: null, risks: 'Threats to kill, and he has found the new address' }),
    ]);
  });
});

describe('the service', () => {
  it('holds a caller that skips the form and the API to the same rules', async () => {
    const f = await family('Tregear');
    const marac = maracService(t.db);
    const actor = { kind: 'user' as const, user: worker };
    const input = (more: Record<string, unknown>, leaveOut = '') => without(api(f, more), leaveOut) as unknown as ReferralInput;
    await expect(marac.refer(actor, input({}, 'consent'), 'r')).rejects.toMatchObject({ status: 400, problems: [{ path: '/consent', message: 'Say whether the victim consented to the referral' }] });
    await expect(marac.refer(actor, input({ consent: 'not-given' }), 'r')).rejects.toMatchObject({ status: 400, field: 'lawfulBasis' });
    await expect(marac.refer(actor, input({}, 'risks'), 'r')).rejects.toMatchObject({ status: 400, field: 'risks' });
    await expect(marac.refer(actor, input({}, 'personCausingHarmId'), 'r')).rejects.toMatchObject({ status: 400, field: 'personCausingHarmId' });
    expect(await referralsAbout(f.victim)).toEqual([]);
    await expect(marac.refer(actor, input({}), 'r')).resolves.toMatchObject({ repeat: false });
  });

  it('lets a Marac coordinator refer (marac:refer without risk:record), and refuses a role that may not refer', async () => {
    const f = await family('Penrose');
    const marac = maracService(t.db);
    const coordinator = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['marac-coordinator'].id)))!;
    await expect(marac.refer({ kind: 'user', user: coordinator }, api(f) as unknown as ReferralInput, 'r')).resolves.toMatchObject({ repeat: false });
    expect(await referralsAbout(f.victim)).toHaveLength(1);
    const analyst = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users.analyst.id)))!;
    await expect(marac.refer({ kind: 'user', user: analyst }, api(f) as unknown as ReferralInput, 'r')).rejects.toMatchObject({ status: 403 });
    expect(await referralsAbout(f.victim)).toHaveLength(1);
  });
});
