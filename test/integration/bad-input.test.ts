import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { FORM_BODY_LIMIT, JSON_BODY_LIMIT } from '../../src/platform/http/app.js';
import { createTestTenant, Visitor, type TestTenant } from '../helpers/app.js';
import { FIXTURE_PATHS, FIXTURE_SCOPE, startFixtureApp, stackTraceProblems, type FixtureApp } from '../helpers/fixture-api.js';

let t: FixtureApp;
let tenant: TestTenant;
let token: string;

beforeAll(async () => {
  t = await startFixtureApp();
  tenant = await createTestTenant(t.db);
  ({ token } = await tenantService(t.db).createApiClient(tenant.id, 'Bad input partner', [FIXTURE_SCOPE]));
});
afterAll(() => t.close());

interface ErrorsBody {
  errors: { path: string; message: string }[];
}

function jsonErrors(response: LightMyRequestResponse): ErrorsBody {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<ErrorsBody>();
  expect(Array.isArray(body.errors)).toBe(true);
  expect(body.errors.length).toBeGreaterThan(0);
  for (const error of body.errors) {
    expect(typeof error.path).toBe('string');
    expect(error.path === '' || error.path.startsWith('/')).toBe(true);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
  }
  return body;
}

function expectNoStackTrace(response: LightMyRequestResponse): void {
  expect(stackTraceProblems(response.body)).toEqual([]);
}

async function basketEvents(): Promise<number> {
  const row = await t.db
    .owner()
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenant.id)
    .where('action', '=', 'fixture.basket')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function postJson(url: string, payload: string, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
  });
}

describe('bad input to forms', () => {
  it('refuses a form body over the form limit with 413 and the friendly page', async () => {
    const v = new Visitor(t.app);
    await v.get('/sign-in');
    const res = await v.post('/sign-in', { email: 'a'.repeat(FORM_BODY_LIMIT + 1024), password: 'x' });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('What you sent is too large');
    expect(res.body).toContain('govuk-template');
    expectNoStackTrace(res);
  });

  it('answers a sign-in form with missing fields with 400 and an error summary linking to each field', async () => {
    const v = new Visitor(t.app);
    await v.get('/sign-in');
    const res = await v.post('/sign-in', {});
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toMatch(/<a href="#email">[^<]+<\/a>/);
    expect(res.body).toMatch(/<a href="#password">[^<]+<\/a>/);
    expect(res.body).toMatch(/<title>\s*Error: /);
    expect(v.cookies.wa_session).toBeUndefined();
    expectNoStackTrace(res);
  });

  it('answers a sign-in form with empty fields with 400, the messages in the summary and beside each field', async () => {
    const v = new Visitor(t.app);
    await v.get('/sign-in');
    const res = await v.post('/sign-in', { email: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<a href="#email">\s*Enter your email address\s*<\/a>/);
    expect(res.body).toMatch(/<a href="#password">\s*Enter your password\s*<\/a>/);
    expect(res.body).toMatch(/id="email-error"[^>]*>[\s\S]*?Enter your email address/);
    expect(res.body).toMatch(/id="password-error"[^>]*>[\s\S]*?Enter your password/);
    expect(v.cookies.wa_session).toBeUndefined();
    expectNoStackTrace(res);
  });
});

describe('bad input to the JSON API', () => {
  const validBasket = { label: 'Weekly', items: [{ name: 'Bread', quantity: 2 }] };

  it('accepts a valid body and calls the handler (the fixture works)', async () => {
    const before = await basketEvents();
    const callsBefore = t.basketCalls.length;
    const res = await postJson(FIXTURE_PATHS.baskets, JSON.stringify(validBasket));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ items: 1 });
    expect(t.basketCalls.length).toBe(callsBefore + 1);
    expect(await basketEvents()).toBe(before + 1);
  });

  it('refuses a JSON body over 1 MB with 413 {errors}', async () => {
    const callsBefore = t.basketCalls.length;
    const big = JSON.stringify({ label: 'x'.repeat(JSON_BODY_LIMIT + 1024), items: [] });
    const res = await postJson(FIXTURE_PATHS.baskets, big);
    expect(res.statusCode).toBe(413);
    jsonErrors(res);
    expectNoStackTrace(res);
    expect(t.basketCalls.length).toBe(callsBefore);
  });

  it('answers malformed JSON with 400 and one error for the whole body', async () => {
    const before = await basketEvents();
    const res = await postJson(FIXTURE_PATHS.baskets, '{"label": "Weekly", "items": [');
    expect(res.statusCode).toBe(400);
    const body = jsonErrors(res);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.path).toBe('');
    expectNoStackTrace(res);
    expect(res.body).not.toContain('Unexpected end');
    expect(await basketEvents()).toBe(before);
  });

  it('answers a body failing the schema with 422, one error per field with JSON pointers, and changes nothing', async () => {
    const before = await basketEvents();
    const callsBefore = t.basketCalls.length;
    const res = await postJson(
      FIXTURE_PATHS.baskets,
      JSON.stringify({ label: '', items: [{ name: '', quantity: 3 }, { name: 'Milk', quantity: 'two' }, { name: 'Eggs', quantity: 0 }] }),
    );
    expect(res.statusCode).toBe(422);
    const body = jsonErrors(res);
    expect(body.errors.map((e) => e.path).sort()).toEqual(['/items/0/name', '/items/1/quantity', '/items/2/quantity', '/label']);
    expect(body.errors.find((e) => e.path === '/items/0/name')?.message).toBe('Give the item a name');
    expect(body.errors.find((e) => e.path === '/label')?.message).toBe('Give the basket a label');
    expectNoStackTrace(res);
    expect(t.basketCalls.length).toBe(callsBefore);
    expect(await basketEvents()).toBe(before);
  });

  it('answers a missing required field with 422 at its pointer', async () => {
    const res = await postJson(FIXTURE_PATHS.baskets, JSON.stringify({ items: [{ name: 'Bread', quantity: 1 }] }));
    expect(res.statusCode).toBe(422);
    expect(jsonErrors(res).errors.map((e) => e.path)).toEqual(['/label']);
  });

  it('answers a JSON value that is not an object with 400', async () => {
    const callsBefore = t.basketCalls.length;
    const res = await postJson(FIXTURE_PATHS.baskets, '"just a string"');
    expect(res.statusCode).toBe(400);
    expect(jsonErrors(res).errors[0]?.path).toBe('');
    expect(t.basketCalls.length).toBe(callsBefore);
  });

  it('answers an unknown /api/v1 route with 404 JSON', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await t.app.inject({ method, url: '/api/v1/no-such-thing', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(404);
      jsonErrors(res);
      expectNoStackTrace(res);
    }
  });

  it.each([
    ['application/xml', '<basket/>'],
    ['text/plain', JSON.stringify(validBasket)],
    ['application/x-www-form-urlencoded', 'label=Weekly&items=Bread'],
  ])('answers a %s body with 415 JSON and does not call the handler', async (contentType, payload) => {
    const before = await basketEvents();
    const callsBefore = t.basketCalls.length;
    const res = await postJson(FIXTURE_PATHS.baskets, payload, { 'content-type': contentType });
    expect(res.statusCode).toBe(415);
    jsonErrors(res);
    expectNoStackTrace(res);
    expect(t.basketCalls.length).toBe(callsBefore);
    expect(await basketEvents()).toBe(before);
  });

  it('answers a body without a content type with 415 JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: FIXTURE_PATHS.baskets, payload: Buffer.from(JSON.stringify(validBasket)), headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(415);
    jsonErrors(res);
  });
});
