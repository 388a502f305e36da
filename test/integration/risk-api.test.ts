import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { addDaService } from '../../src/features/da-services/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { riskService } from '../../src/features/risk/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';

let t: TestApp;
let tenant: TestTenant;
let writer: string;
let reader: string;
let maracToken: string;
let police: string;
let otherTenantToken: string;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'instruments');

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const tenants = tenantService(t.db);
  writer = (await tenants.createApiClient(tenant.id, 'Risk tool', ['risk:write', 'risk:read'])).token;
  reader = (await tenants.createApiClient(tenant.id, 'Risk reader', ['risk:read'])).token;
  maracToken = (await tenants.createApiClient(tenant.id, 'Marac tool', ['marac:write'])).token;
  police = (await tenants.createApiClient(tenant.id, 'Police', ['notifications:write'])).token;
  const other = await createTestTenant(t.db);
  otherTenantToken = (await tenants.createApiClient(other.id, 'Other council', ['risk:write', 'risk:read', 'marac:write'])).token;
  await t.db.tenant(tenant.id, (trx) =>
    addDaService(trx, tenant.id, { name: 'Testshire IDSVA', offers: 'Safety planning, reviewed every 6 weeks', howToRefer: 'Use the referral form', band: 'high', active: true }, { actorType: 'system', actorId: null, requestId: null }),
  );
});
afterAll(() => t.close());

const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, payload: payload ? JSON.stringify(payload) : undefined });

async function newPerson(givenName = 'Ottilie', familyName = 'Brackwater', restricted = false) {
  const user = await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['social-worker'].id));
  const { id } = await peopleService(t.db).create({ kind: 'user', user: user! }, { givenName, familyName, dateOfBirth: '1990-02-11' }, 'r');
  if (restricted) await t.db.tenant(tenant.id, (trx) => trx.updateTable('people').set({ restricted: true }).where('id', '=', id).execute());
  return id;
}

/** Answers to the Dash: the first `yes` questions yes, the rest no (or as given). */
function dash(yes: number, extra: Record<string, string> = {}): Record<string, string> {
  const answers: Record<string, string> = {};
  for (let n = 1; n <= 24; n++) answers[String(n)] = n <= yes ? 'yes' : 'no';
  return { ...answers, ...extra };
}

const assessment = (personId: string, answers: Record<string, string>, more: Record<string, unknown> = {}) => ({
  personId,
  instrument: 'dash-ric',
  completedAt: '2026-11-02T10:00:00Z',
  answers,
  ...more,
});

async function countChecklists() {
  const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('risk_assessments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
  return Number(row.n);
}

/** A police notification naming the person as the victim, with the incident on the day given. */
async function incident(personId: string, day: string) {
  const body = policeNotification({
    receivedAt: `${day}T20:00:00Z`,
    people: [{ ref: 'v', role: 'victim', personId, givenName: 'Ottilie', familyName: 'Brackwater' }],
    relationships: [],
  });
  const res = await call(police, 'POST', '/api/v1/notifications', { ...body, incident: { ...body.incident, occurredAt: `${day}T18:00:00Z` } });
  expect(res.statusCode, res.body).toBe(201);
}

describe('POST /api/v1/risk-assessments', () => {
  it('scores 14 yes as high risk: visible high risk with the checklist as evidence, and the IDSVA service', async () => {
    const personId = await newPerson();
    const res = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(14)));
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    expect(out).toMatchObject({ score: 14, band: 'high', gaps: [], marac: { eligible: true, criteria: [{ code: 'visible-high-risk', evidence: { checklistId: out.id, score: 14 } }] } });
    expect(out.instrument).toMatchObject({ id: 'dash-ric', version: 1 });
    expect(out.suggestedService).toMatchObject({ kind: 'idsva', band: 'high', services: [{ name: 'Testshire IDSVA' }] });
  });

  it('scores 13 as medium: no criterion met, floating support suggested', async () => {
    const res = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(await newPerson(), dash(13)));
    expect(res.json()).toMatchObject({ score: 13, band: 'medium', marac: { eligible: false, criteria: [] }, suggestedService: { kind: 'floating-support' } });
    const low = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(await newPerson(), dash(9)));
    expect(low.json()).toMatchObject({ score: 9, band: 'standard', suggestedService: { kind: 'victim-support' } });
  });

  it('shows don’t-know and unanswered questions as gaps, not as no', async () => {
    const answers = dash(3, { '4': 'dont-know', '20': 'dont-know' });
    delete answers['24'];
    const out = (await call(writer, 'POST', '/api/v1/risk-assessments', assessment(await newPerson(), answers))).json();
    expect(out.score).toBe(3);
    expect(out.gaps).toEqual([4, 20, 24]);
  });

  it('offers the stalking screen when question 8 is yes', async () => {
    const out = (await call(writer, 'POST', '/api/v1/risk-assessments', assessment(await newPerson(), dash(2, { '8': 'yes' })))).json();
    expect(out.offered).toEqual(['stalking-screen']);
  });

  it('refuses unknown question numbers and answers with 400 at each one, and stores nothing', async () => {
    const personId = await newPerson();
    const before = await countChecklists();
    const res = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(2, { '25': 'yes', '3': 'maybe' })));
    expect(res.statusCode).toBe(400);
    const paths = res.json<{ errors: { path: string; message: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/answers/25', '/answers/3']));
    expect(await countChecklists()).toBe(before);
  });

  it('needs a reason to refer on professional judgement (400), and refuses "do not refer" against 14 or more (422)', async () => {
    const personId = await newPerson();
    const before = await countChecklists();
    const noReason = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(5), { professionalJudgement: { refer: true } }));
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('/professionalJudgement/reason');
    const lowering = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(15), { professionalJudgement: { refer: false, reason: 'Things seem calmer' } }));
    expect(lowering.statusCode).toBe(422);
    expect(lowering.json().errors[0].message).toMatch(/never remove one/);
    expect(await countChecklists()).toBe(before);
    const lowerBelow = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(13), { professionalJudgement: { refer: false, reason: 'Things seem calmer' } }));
    expect(lowerBelow.statusCode).toBe(201);
    expect(lowerBelow.json().marac.eligible).toBe(false);
  });

  it('adds a referral on professional judgement below 14, with the reason as evidence', async () => {
    const res = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(await newPerson(), dash(6), { professionalJudgement: { refer: true, reason: 'He has found her new address' } }));
    expect(res.json().marac).toEqual({ eligible: true, criteria: [{ code: 'professional-judgement', evidence: { reason: 'He has found her new address' } }], consider: [] });
  });

  it('refuses a person of another tenant, a restricted record, a missing scope, and an unknown instrument or version', async () => {
    const personId = await newPerson();
    expect((await call(otherTenantToken, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(1)))).statusCode).toBe(400);
    expect((await call(writer, 'POST', '/api/v1/risk-assessments', assessment(await newPerson('Restricta', 'Hollin', true), dash(1)))).statusCode).toBe(403);
    expect((await call(reader, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(1)))).statusCode).toBe(403);
    const unknown = await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(1), { instrument: 'dara' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('/instrument');
    expect((await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(1), { version: 9 }))).statusCode).toBe(400);
  });

  it('keeps a completed checklist unchangeable: the database refuses an update', async () => {
    const { id } = (await call(writer, 'POST', '/api/v1/risk-assessments', assessment(await newPerson(), dash(2)))).json<{ id: string }>();
    await expect(t.db.tenant(tenant.id, (trx) => sql`update risk_assessments set score = 20 where id = ${id}`.execute(trx))).rejects.toThrow();
  });
});

describe('GET /api/v1/people/:id/marac-eligibility', () => {
  it('counts 3 incidents in the 12 months up to the date as potential escalation, and not 2', async () => {
    const personId = await newPerson();
    await incident(personId, '2026-01-15');
    await incident(personId, '2026-05-02');
    const two = await call(reader, 'GET', `/api/v1/people/${personId}/marac-eligibility?asOf=2026-08-01`);
    expect(two.json()).toMatchObject({ eligible: false, criteria: [] });
    await incident(personId, '2026-07-30');
    const three = await call(reader, 'GET', `/api/v1/people/${personId}/marac-eligibility?asOf=2026-08-01`);
    expect(three.json().criteria).toEqual([
      {
        code: 'potential-escalation',
        evidence: expect.objectContaining({ from: '2025-08-02', to: '2026-08-01', incidents: [expect.objectContaining({ occurredOn: '2026-01-15', reportedBy: 'Police' }), expect.objectContaining({ occurredOn: '2026-05-02' }), expect.objectContaining({ occurredOn: '2026-07-30' })] }),
      },
    ]);
    // A year and a day after the first, it no longer counts.
    expect((await call(reader, 'GET', `/api/v1/people/${personId}/marac-eligibility?asOf=2027-01-15`)).json().eligible).toBe(false);
  });

  it('answers from what was recorded up to the date: a later checklist does not count earlier', async () => {
    const personId = await newPerson();
    await call(writer, 'POST', '/api/v1/risk-assessments', assessment(personId, dash(16), { completedAt: '2026-10-01T09:00:00Z' }));
    expect((await call(reader, 'GET', `/api/v1/people/${personId}/marac-eligibility?asOf=2026-09-30`)).json().eligible).toBe(false);
    expect((await call(reader, 'GET', `/api/v1/people/${personId}/marac-eligibility?asOf=2026-10-01`)).json().criteria[0].code).toBe('visible-high-risk');
  });

  it('refuses a bad date and an unknown person', async () => {
    const personId = await newPerson();
    expect((await call(reader, 'GET', `/api/v1/people/${personId}/marac-eligibility?asOf=2026-02-30`)).statusCode).toBe(400);
    expect((await call(reader, 'GET', '/api/v1/people/00000000-0000-4000-8000-000000000000/marac-eligibility')).statusCode).toBe(404);
    expect((await call(otherTenantToken, 'GET', `/api/v1/people/${personId}/marac-eligibility`)).statusCode).toBe(404);
  });
});

describe('POST /api/v1/marac-referrals', () => {
  const referral = (victimPersonId: string, referredAt: string, more: Record<string, unknown> = {}) => ({
    victimPersonId,
    referredAt,
    referringAgency: 'Police',
    criteria: ['visible-high-risk'],
    personCausingHarmId: null,
    consent: 'given',
    risks: 'Threats to kill; he knows where she works',
    ...more,
  });

  it('marks a referral a repeat when an incident followed the last referral within 12 months, naming it', async () => {
    const personId = await newPerson();
    const first = await call(maracToken, 'POST', '/api/v1/marac-referrals', referral(personId, '2026-01-20'));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ id: expect.any(String), repeat: false });
    await incident(personId, '2026-06-10');
    const second = await call(maracToken, 'POST', '/api/v1/marac-referrals', referral(personId, '2026-06-12'));
    expect(second.json()).toEqual({ id: expect.any(String), repeat: true, previousReferralId: first.json().id });
    const eligibility = await call(reader, 'GET', `/api/v1/people/${personId}/marac-eligibility?asOf=2026-06-12`);
    expect(eligibility.json().criteria.map((c: { code: string }) => c.code)).toContain('repeat');
  });

  it('is not a repeat when the only incident came before the last referral, or more than 12 months after it', async () => {
    const personId = await newPerson();
    await incident(personId, '2025-01-05');
    await call(maracToken, 'POST', '/api/v1/marac-referrals', referral(personId, '2025-01-10'));
    const notRepeat = await call(maracToken, 'POST', '/api/v1/marac-referrals', referral(personId, '2026-03-01', { latestIncidentOn: '2026-02-20' }));
    expect(notRepeat.json().repeat).toBe(false);
    expect(notRepeat.json().previousReferralId).toEqual(expect.any(String));
  });

  it('counts the incident the referrer reports', async () => {
    const personId = await newPerson();
    await call(maracToken, 'POST', '/api/v1/marac-referrals', referral(personId, '2026-02-01'));
    const res = await call(maracToken, 'POST', '/api/v1/marac-referrals', referral(personId, '2026-09-01', { latestIncidentOn: '2026-08-28', referringAgency: 'Housing' }));
    expect(res.json().repeat).toBe(true);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const personId = await newPerson();
    const bad = [
      referral(personId, '2026-13-01'),
      referral(personId, '2026-02-01', { criteria: [] }),
      referral(personId, '2026-02-01', { criteria: ['gut-feeling'] }),
      referral(personId, '2026-02-01', { consent: 'not-given' }),
      referral(personId, '2026-02-01', { criteria: ['professional-judgement'] }),
      referral(personId, '2099-02-01'),
      referral('00000000-0000-4000-8000-000000000000', '2026-02-01'),
    ];
    for (const body of bad) expect((await call(maracToken, 'POST', '/api/v1/marac-referrals', body)).statusCode, JSON.stringify(body)).toBe(400);
    const rows = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('marac_referrals').select('id').where('person_id', '=', personId).execute());
    expect(rows).toEqual([]);
    expect((await call(writer, 'POST', '/api/v1/marac-referrals', referral(personId, '2026-02-01'))).statusCode).toBe(403);
  });

  it('holds a referral to the rules of the referral form: consent stated, the lawful basis without it, the risks, who causes harm (400, each at its field)', async () => {
    const personId = await newPerson();
    const without = (field: string, more: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(referral(personId, '2026-02-01', more)).filter(([k]) => k !== field));
    const refused = async (body: unknown, path: string, message: string) => {
      const res = await call(maracToken, 'POST', '/api/v1/marac-referrals', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toContainEqual({ path, message });
    };
    await refused(without('consent'), '/consent', 'Say whether the victim consented to the referral');
    await refused(referral(personId, '2026-02-01', { consent: 'perhaps' }), '/consent', 'Say whether the victim consented to the referral');
    await refused(referral(personId, '2026-02-01', { consent: 'not-given' }), '/lawfulBasis', 'Without consent, give the lawful basis for sharing the victim’s information');
    await refused(referral(personId, '2026-02-01', { consent: 'not-given', lawfulBasis: '  ' }), '/lawfulBasis', 'Without consent, give the lawful basis for sharing the victim’s information');
    await refused(without('risks'), '/risks', 'Describe the risks in your own words');
    await refused(referral(personId, '2026-02-01', { risks: ' ' }), '/risks', 'Describe the risks in your own words');
    await refused(without('personCausingHarmId'), '/personCausingHarmId', 'Say who is causing harm, or that they are not known');
    await refused(referral(personId, '2026-02-01', { criteria: ['professional-judgement'] }), '/judgementReason', 'Give the reason for referring on professional judgement');
    expect(await t.db.tenant(tenant.id, (trx) => trx.selectFrom('marac_referrals').select('id').where('person_id', '=', personId).execute())).toEqual([]);

    // Without consent on a lawful basis, on professional judgement with its reason, the person causing harm not known.
    const lawfulBasis = 'UK GDPR Art 6(1)(e); shared to protect the victim from serious harm';
    const res = await call(maracToken, 'POST', '/api/v1/marac-referrals', referral(personId, '2026-02-01', { consent: 'not-given', lawfulBasis, criteria: ['professional-judgement'], judgementReason: 'He has bought a gun' }));
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('marac_referrals').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ consent: 'not-given', lawful_basis: lawfulBasis, risks: 'Threats to kill; he knows where she works', person_causing_harm_id: null });
    expect(row.criteria).toEqual([expect.objectContaining({ code: 'professional-judgement' })]);
  });

  it('documents the rules in the OpenAPI document: consent, the risks and the person causing harm are required', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const schema = doc.paths['/api/v1/marac-referrals'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['victimPersonId', 'referredAt', 'referringAgency', 'criteria', 'personCausingHarmId', 'consent', 'risks']));
    expect(schema.properties.consent.enum).toEqual(['given', 'not-given']);
    expect(schema.properties.judgementReason).toBeDefined();
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('instruments are data', () => {
  it('takes a new instrument and its Welsh translation from files, with no code: own bands, own wording, version kept', async () => {
    const risk = riskService(t.db);
    const read = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, 'safety-check', file), 'utf8'));
    const loaded = await risk.loadInstrument(tenant.id, read('1.json'), 'test');
    expect(loaded).toMatchObject({ kind: 'instrument', id: 'safety-check', version: 1, questions: 5 });
    expect(await risk.loadInstrument(tenant.id, read('1.cy.json'), 'test')).toMatchObject({ kind: 'translation', language: 'cy' });
    await expect(risk.loadInstrument(tenant.id, read('1.json'), 'test')).rejects.toThrow(/already loaded/);

    const personId = await newPerson();
    const answers = { '1': 'no', '2': 'yes', '3': 'yes', '4': 'yes', '5': 'dont-know' };
    const res = await call(writer, 'POST', '/api/v1/risk-assessments', { personId, instrument: 'safety-check', language: 'cy', completedAt: '2026-11-02T10:00:00Z', answers });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ instrument: { id: 'safety-check', version: 1, language: 'cy' }, score: 4, band: 'high', gaps: [5] });
    // The other tenant has never loaded it.
    const elsewhere = await call(otherTenantToken, 'POST', '/api/v1/risk-assessments', { personId, instrument: 'safety-check', completedAt: '2026-11-02T10:00:00Z', answers });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors[0].path).toBe('/instrument');
  });
});
