/**
 * Input that used to reach the database or a redirect header and answer 500 (issue 11, finding 8):
 * each now answers a clear 4xx, changes nothing and shows no stack trace.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';
import { stackTraceProblems } from '../helpers/fixture-api.js';

let t: TestApp;
let tenant: TestTenant;
let token: string;
let mash: Visitor;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  ({ token } = await tenantService(t.db).createApiClient(tenant.id, 'Hostile partner', ['people:read', 'people:write', 'notifications:write']));
  mash = await signedIn(t.app, tenant.users['mash-worker'].email);
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', url: string, payload?: string) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) } });

async function rowCount(table: 'people' | 'audit_events' | 'contacts'): Promise<number> {
  const row = await t.db.owner().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function expectClearRefusal(response: LightMyRequestResponse, status: number, message: RegExp): void {
  expect(response.statusCode).toBe(status);
  expect(stackTraceProblems(response.body)).toEqual([]);
  expect(response.body).toMatch(message);
}

describe('a null byte', () => {
  const NUL = /null character/;

  it('in a search, a record id in the path, or a page form: the 400 page saying why, nothing saved', async () => {
    const people = await rowCount('people');
    expectClearRefusal(await mash.get('/people?name=Hal%00lam'), 400, NUL);
    expectClearRefusal(await mash.get('/people/00000000-0000-0000-0000-00000000000%00'), 400, NUL);
    expectClearRefusal(await mash.post(paths.people.new, { givenName: 'Nul\u0000', familyName: 'Byte' }), 400, NUL);
    expect(await rowCount('people')).toBe(people);
  });

  it('in the API: 400 with the path of the field, nothing saved', async () => {
    const people = await rowCount('people');
    const contacts = await rowCount('contacts');
    const search = await api('GET', '/api/v1/people?name=Hal%00lam');
    expect(search.statusCode).toBe(400);
    const record = await api('GET', '/api/v1/people/abc%00def');
    expect(record.statusCode).toBe(400);
    const body = await api('POST', '/api/v1/people', JSON.stringify({ givenName: 'Nul\u0000', familyName: 'Byte' }));
    expect(body.statusCode).toBe(400);
    expect(body.json()).toEqual({ errors: [{ path: '/givenName', message: expect.stringMatching(NUL) }] });
    const nested = await api('POST', '/api/v1/notifications', JSON.stringify({ source: 'police', reference: 'NUL/1', people: [{ ref: 'v', givenName: 'A\u0000' }] }));
    expect(nested.json()).toEqual({ errors: [{ path: '/people/0/givenName', message: expect.stringMatching(NUL) }] });
    expect(await rowCount('people')).toBe(people);
    expect(await rowCount('contacts')).toBe(contacts);
  });

  it('escaped inside a pasted bank holidays file: the field error, nothing imported', async () => {
    const admin = await signedIn(t.app, tenant.users.admin.email);
    await admin.get(paths.admin.bankHolidays);
    const file = JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'New\u0000Year', date: '2031-01-01' }] } });
    const res = await admin.post(paths.admin.bankHolidays, { json: file });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('has a control character in its title');
    const held = await t.db.owner().selectFrom('bank_holidays').select('date').where('tenant_id', '=', tenant.id).execute();
    expect(held).toEqual([]);
  });
});

describe('other input that used to answer 500', () => {
  it('an absurd page number on the API: 422 at /page', async () => {
    const res = await api('GET', '/api/v1/people?name=Smith&page=99999999999999999999');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ errors: [{ path: '/page', message: 'The page must be a whole number from 1 to 999999' }] });
  });

  it('a control character in where to go after signing in: the home page instead', async () => {
    const v = new Visitor(t.app);
    await v.get(paths.signIn);
    const res = await v.post(paths.signIn, { email: tenant.users['social-worker'].email, password: 'correct-horse-battery-staple', returnTo: '/people\r\nSet-Cookie: x=1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const form = await new Visitor(t.app).get('/sign-in?returnTo=/people%01');
    expect(form.body).toContain('name="returnTo" value="/"');
  });

  it('the Marac referral form posted for a restricted person: the 403 page, no referral', async () => {
    const created = await api('POST', '/api/v1/people', JSON.stringify({ givenName: 'Restricta', familyName: 'Testcase' }));
    const personId = created.json<{ id: string }>().id;
    await t.db.owner().updateTable('people').set({ restricted: true, restricted_reason: 'Staff relative' }).where('id', '=', personId).execute();
    for (const role of ['idva', 'marac-coordinator', 'social-worker'] as const) {
      const v = await signedIn(t.app, tenant.users[role].email);
      const res = await v.post(paths.marac.refer(personId), { consent: 'given' });
      expect(res.statusCode, role).toBe(403);
    }
    const referrals = await t.db.owner().selectFrom('marac_referrals').select('id').where('person_id', '=', personId).execute();
    expect(referrals).toEqual([]);
  });
});

describe('names with invisible characters (finding 10)', () => {
  it('are refused through the API, naming the field, and nothing is saved', async () => {
    const people = await rowCount('people');
    for (const hidden of ['\u200b', '\u202e', '\u2066', '\u00ad']) {
      const res = await api('POST', '/api/v1/people', JSON.stringify({ givenName: `Rok${hidden}sana`, familyName: 'Lookalike' }));
      expect(res.statusCode, JSON.stringify(hidden)).toBe(422);
      expect(res.json()).toEqual({ errors: [{ path: '/givenName', message: expect.stringContaining('must not contain invisible or control characters') }] });
    }
    const notification = await api('POST', '/api/v1/notifications', JSON.stringify({ source: 'police', reference: 'BIDI/1', people: [{ ref: 'v', givenName: 'Ann', familyName: 'Lee\u200e' }] }));
    expect(notification.statusCode).toBe(400);
    expect(JSON.stringify(notification.json())).toContain('/people/0/familyName');
    expect(await rowCount('people')).toBe(people);
  });

  it('are stored composed and with single spaces, so the same name typed two ways is one name', async () => {
    const res = await api('POST', '/api/v1/people', JSON.stringify({ givenName: '  Zoe\u0308  Ann ', familyName: 'Composed' }));
    expect(res.statusCode).toBe(201);
    const row = await t.db.owner().selectFrom('people').select('given_name').where('id', '=', res.json<{ id: string }>().id).executeTakeFirstOrThrow();
    expect(row.given_name).toBe('Zoë Ann');
  });

  it('are refused on the new person form with the error beside the field', async () => {
    await mash.get(paths.people.new);
    const res = await mash.post(paths.people.newCheck, { givenName: 'Rok\u200bsana', familyName: 'Lookalike' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#givenName"');
    expect(res.body).toContain('must not contain invisible or control characters');
  });
});
