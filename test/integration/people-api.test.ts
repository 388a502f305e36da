import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let writer: string;
let reader: string;
let other: string;
let writerOnly: string;

const SECRET_LINE = '17 Hideaway Close';
const SECRET_POSTCODE = 'ZZ9 9ZZ';

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const tenants = tenantService(t.db);
  writer = (await tenants.createApiClient(tenant.id, 'Police feed', ['people:write', 'people:read', 'cases:read'])).token;
  reader = (await tenants.createApiClient(tenant.id, 'Health look-up', ['people:read'])).token;
  writerOnly = (await tenants.createApiClient(tenant.id, 'Write-only feed', ['people:write'])).token;
  const otherTenant = await createTestTenant(t.db);
  other = (await tenants.createApiClient(otherTenant.id, 'Other council', ['people:read'])).token;
});
afterAll(() => t.close());

const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, payload: payload ? JSON.stringify(payload) : undefined });

async function createPerson(extra: Record<string, unknown> = {}) {
  const res = await call(writer, 'POST', '/api/v1/people', {
    givenName: 'Ayesha',
    familyName: 'Testperson',
    dateOfBirth: '1990-04-12',
    nhsNumber: '943 476 5919',
    addresses: [
      { line1: '2 Old Street', town: 'Exampleton', postcode: 'ZZ1 1ZZ', from: '2015-01-01', to: '2024-06-30' },
      { line1: SECRET_LINE, town: 'Hiddenham', postcode: SECRET_POSTCODE, from: '2024-07-01', withheld: true, withheldReason: 'Fled high-risk abuse' },
    ],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; version: number }>();
}

describe('people API', () => {
  it('creates a person and returns id and version 1', async () => {
    const created = await createPerson();
    expect(created.version).toBe(1);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never returns a withheld address: it is { withheld: true }', async () => {
    const { id } = await createPerson();
    const res = await call(reader, 'GET', `/api/v1/people/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(SECRET_LINE);
    expect(res.body).not.toContain(SECRET_POSTCODE);
    expect(res.body).not.toContain('Hiddenham');
    const body = res.json<{ addresses: unknown[]; nhsNumber: string }>();
    expect(body.addresses).toContainEqual({ withheld: true });
    expect(body.addresses).toContainEqual(expect.objectContaining({ line1: '2 Old Street', postcode: 'ZZ1 1ZZ' }));
    expect(body.nhsNumber).toBe('9434765919');
  });

  it('finds people by fuzzy name and by date of birth, without withheld text', async () => {
    await createPerson({ givenName: 'Katarzyna', familyName: 'Wisniewska' });
    const fuzzy = await call(reader, 'GET', `/api/v1/people?name=${encodeURIComponent('Katarzina Wisniewski')}`);
    expect(fuzzy.statusCode).toBe(200);
    expect(fuzzy.json<{ results: { name: string }[] }>().results.map((r) => r.name)).toContain('Katarzyna Wisniewska');
    const byDob = await call(reader, 'GET', '/api/v1/people?dateOfBirth=1990-04-12');
    expect(byDob.json<{ total: number }>().total).toBeGreaterThan(0);
    expect(byDob.body).not.toContain(SECRET_LINE);
  });

  it('searches with the terms in a POST body, out of the address, audited as a read; the GET is marked deprecated', async () => {
    await createPerson({ givenName: 'Marguerite', familyName: 'Oyelaran' });
    const before = await t.db.owner().selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'api.read').where('subject_type', '=', paths.api.peopleSearch).executeTakeFirstOrThrow();
    const found = await call(reader, 'POST', paths.api.peopleSearch, { name: 'Margerite Oyelaran' });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json<{ results: { name: string }[] }>().results.map((r) => r.name)).toContain('Marguerite Oyelaran');
    expect(found.body).not.toContain(SECRET_LINE);
    const after = await t.db.owner().selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'api.read').where('subject_type', '=', paths.api.peopleSearch).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const paged = await call(reader, 'POST', paths.api.peopleSearch, { dateOfBirth: '1990-04-12', page: 1 });
    expect(paged.json<{ total: number }>().total).toBeGreaterThan(0);

    const empty = await call(reader, 'POST', paths.api.peopleSearch, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('/name');
    const badDate = await call(reader, 'POST', paths.api.peopleSearch, { dateOfBirth: '1990-02-30' });
    expect(badDate.statusCode).toBe(422);
    expect((await call(writerOnly, 'POST', paths.api.peopleSearch, { name: 'Marguerite' })).statusCode).toBe(403);

    const old = await call(reader, 'GET', `/api/v1/people?name=Marguerite`);
    expect(old.statusCode).toBe(200);
    expect(old.headers.deprecation).toBe('true');
    expect(old.headers.link).toBe(`<${paths.api.peopleSearch}>; rel="successor-version"`);
  });

  it('refuses bad input with field errors and saves nothing', async () => {
    const before = await t.db.owner().selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await call(writer, 'POST', '/api/v1/people', { givenName: '', familyName: 'X', dateOfBirth: '2026-02-30', nhsNumber: '9434765918', addresses: [{ line1: 'x', withheld: true }] });
    expect(res.statusCode).toBe(422);
    const paths = res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/givenName', '/dateOfBirth', '/nhsNumber', '/addresses/0/withheldReason']));
    const future = await call(writer, 'POST', '/api/v1/people', { givenName: 'A', familyName: 'B', dateOfBirth: '2999-01-01' });
    expect(future.statusCode).toBe(422);
    const after = await t.db.owner().selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a version past a database integer with 422, not a server error (found by fuzzing)', async () => {
    const { id } = await createPerson();
    const res = await call(writer, 'PATCH', `/api/v1/people/${id}`, { version: 2_147_483_648 });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ errors: [{ path: '/version' }] });
  });

  it('applies a PATCH on the current version and refuses a stale one naming what changed', async () => {
    const { id } = await createPerson();
    const first = await call(writer, 'PATCH', `/api/v1/people/${id}`, { version: 1, firstLanguage: 'Polish' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<{ version: number }>().version).toBe(2);
    const stale = await call(writer, 'PATCH', `/api/v1/people/${id}`, { version: 1, familyName: 'Changed' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('firstLanguage');
    const now = await call(reader, 'GET', `/api/v1/people/${id}`);
    expect(now.json<{ familyName: string; firstLanguage: string }>()).toMatchObject({ familyName: 'Testperson', firstLanguage: 'Polish' });
  });

  it('keeps people to their tenant and needs the right scope', async () => {
    const { id } = await createPerson();
    expect((await call(other, 'GET', `/api/v1/people/${id}`)).statusCode).toBe(404);
    expect((await call(reader, 'POST', '/api/v1/people', { givenName: 'A', familyName: 'B' })).statusCode).toBe(403);
    expect((await call(reader, 'GET', '/api/v1/people/not-a-uuid')).statusCode).toBe(404);
  });
});
