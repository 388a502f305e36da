import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { whoamiResponse } from '../../src/features/api-meta/routes.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { createTestTenant, type TestTenant } from '../helpers/app.js';
import { basketBody, FIXTURE_PATHS, FIXTURE_SCOPE, startFixtureApp, type FixtureApp } from '../helpers/fixture-api.js';

let t: FixtureApp;
let tenantA: TestTenant;
let tenantB: TestTenant;
let clientA: { id: string; token: string };
let clientB: { id: string; token: string };

beforeAll(async () => {
  t = await startFixtureApp();
  tenantA = await createTestTenant(t.db);
  tenantB = await createTestTenant(t.db);
  clientA = await tenantService(t.db).createApiClient(tenantA.id, 'Police notifications A', ['people:read', 'referrals:write']);
  clientB = await tenantService(t.db).createApiClient(tenantB.id, 'Police notifications B', ['people:read']);
});
afterAll(() => t.close());

interface Whoami {
  client: { id: string; name: string };
  tenant: { id: string; slug: string; name: string };
  scopes: string[];
}

function whoami(headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url: '/api/v1/whoami', headers });
}

function expectApiError(res: LightMyRequestResponse, status: number): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<{ errors: { path: string; message: string }[] }>();
  expect(body.errors.length).toBeGreaterThan(0);
  for (const e of body.errors) expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
}

async function whoamiEvents(tenantId: string, clientId: string) {
  return t.db
    .owner()
    .selectFrom('audit_events')
    .select(['actor_type', 'actor_id', 'subject_type', 'subject_id', 'request_id'])
    .where('tenant_id', '=', tenantId)
    .where('action', '=', 'api.read')
    .where('subject_type', '=', '/api/v1/whoami')
    .where('actor_id', '=', clientId)
    .execute();
}

describe('GET /api/v1/whoami', () => {
  it('returns the client, its tenant and scopes for a valid token, and audits the call', async () => {
    const before = (await whoamiEvents(tenantA.id, clientA.id)).length;
    const res = await whoami({ authorization: `Bearer ${clientA.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json<Whoami>();
    expect(body).toEqual({
      client: { id: clientA.id, name: 'Police notifications A' },
      tenant: { id: tenantA.id, slug: tenantA.slug, name: `Test council ${tenantA.slug}` },
      scopes: expect.arrayContaining(['people:read', 'referrals:write']),
    });
    expect(body.scopes).toHaveLength(2);
    expect(whoamiResponse.safeParse(body).success).toBe(true);

    const events = await whoamiEvents(tenantA.id, clientA.id);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ actor_type: 'api-client', actor_id: clientA.id, subject_type: '/api/v1/whoami', subject_id: null });
    expect(events.at(-1)?.request_id).toBeTruthy();
  });

  it('accepts the scheme name in any case', async () => {
    expect((await whoami({ authorization: `bearer ${clientA.token}` })).statusCode).toBe(200);
  });

  it('keeps each token to its own tenant', async () => {
    const a = (await whoami({ authorization: `Bearer ${clientA.token}` })).json<Whoami>();
    const b = (await whoami({ authorization: `Bearer ${clientB.token}` })).json<Whoami>();
    expect(a.tenant.id).toBe(tenantA.id);
    expect(b.tenant).toEqual({ id: tenantB.id, slug: tenantB.slug, name: `Test council ${tenantB.slug}` });
    expect(b.client.id).toBe(clientB.id);
    expect(b.scopes).toEqual(['people:read']);
    // The call by B's client is audited in B's chain, not A's.
    expect(await whoamiEvents(tenantA.id, clientB.id)).toHaveLength(0);
    expect((await whoamiEvents(tenantB.id, clientB.id)).length).toBeGreaterThan(0);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['Bearer with no token', 'Bearer '],
    ['a token without the prefix', 'Bearer abcdefghijklmnopqrstuvwxyz0123456789'],
    ['an unknown token', 'Bearer wa_thisTokenWasNeverIssuedToAnyone0123456789'],
    ['two tokens', 'Bearer wa_one wa_two'],
  ])('refuses %s with 401 JSON', async (_name, authorization) => {
    const res = await whoami(authorization === undefined ? {} : { authorization });
    expectApiError(res, 401);
    expect(res.body).not.toContain('Test council');
  });

  it('refuses a valid token with its last character changed', async () => {
    const last = clientA.token.at(-1) === 'a' ? 'b' : 'a';
    expectApiError(await whoami({ authorization: `Bearer ${clientA.token.slice(0, -1)}${last}` }), 401);
  });

  it('refuses the token of a deactivated client', async () => {
    const client = await tenantService(t.db).createApiClient(tenantA.id, 'Retired partner', ['people:read']);
    expect((await whoami({ authorization: `Bearer ${client.token}` })).statusCode).toBe(200);
    await t.db.owner().updateTable('api_clients').set({ active: false }).where('id', '=', client.id).execute();
    expectApiError(await whoami({ authorization: `Bearer ${client.token}` }), 401);
  });

  it('refuses a token without the scope a route needs with 403 JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: FIXTURE_PATHS.baskets,
      headers: { authorization: `Bearer ${clientB.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ label: 'x', items: [{ name: 'y', quantity: 1 }] }),
    });
    expectApiError(res, 403);
    expect(t.basketCalls).toHaveLength(0);
  });

  it('does not take a browser session in place of a token', async () => {
    const res = await whoami({ cookie: 'wa_session=anything' });
    expectApiError(res, 401);
  });
});

describe('GET /api/v1/openapi.json', () => {
  type Json = Record<string, unknown>;
  let doc: Json;

  beforeAll(async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.json<Json>();
  });

  function at(value: unknown, ...path: string[]): unknown {
    let node = value;
    for (const key of path) {
      if (!node || typeof node !== 'object') return undefined;
      node = (node as Json)[key];
    }
    return node;
  }

  function withoutSchemaKeyword(schema: z.ZodType): Json {
    const generated: Json = { ...(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json) };
    delete generated.$schema;
    return generated;
  }

  it('is public and an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(at(doc, 'info', 'title')).toEqual(expect.any(String));
    expect(at(doc, 'info', 'version')).toEqual(expect.any(String));
    expect(at(doc, 'components', 'securitySchemes', 'bearerToken')).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(at(doc, 'components', 'schemas', 'Errors', 'properties', 'errors', 'type')).toBe('array');
    expect(at(doc, 'components', 'schemas', 'Errors', 'properties', 'errors', 'items', 'required')).toEqual(['path', 'message']);
  });

  it('describes every API route registered, with its security, and only those', () => {
    const documented = Object.entries(doc.paths as Json).flatMap(([path, ops]) => Object.keys(ops as Json).map((m) => `${m.toUpperCase()} ${path}`));
    const registered = t.routes.api.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(registered.sort());
    const operation = at(doc, 'paths', '/api/v1/whoami', 'get') as Json;
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.security).toEqual([{ bearerToken: [] }]);
    expect(at(operation, 'responses', '200', 'content', 'application/json', 'schema')).toEqual(withoutSchemaKeyword(whoamiResponse));
    expect(at(operation, 'responses', '401', 'content', 'application/json', 'schema')).toEqual({ $ref: '#/components/schemas/Errors' });
  });

  it("includes a route's request body schema, generated from the same zod schema that validates it", () => {
    const operation = at(doc, 'paths', FIXTURE_PATHS.baskets, 'post') as Json;
    expect(operation.security).toEqual([{ bearerToken: [FIXTURE_SCOPE] }]);
    const schema = at(operation, 'requestBody', 'content', 'application/json', 'schema');
    expect(schema).toEqual(withoutSchemaKeyword(basketBody));
    expect(at(schema, 'properties', 'items', 'items', 'properties', 'name', 'minLength')).toBe(1);
    expect(at(operation, 'responses', '422', 'content', 'application/json', 'schema')).toEqual({ $ref: '#/components/schemas/Errors' });
  });

  it('has only references that resolve, responses on every operation, and declared path parameters', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('#/')).toBe(true);
      expect(at(doc, ...ref.slice(2).split('/')), ref).toBeDefined();
    }
    for (const [path, ops] of Object.entries(doc.paths as Json)) {
      expect(path.startsWith('/api/v1/')).toBe(true);
      for (const [method, op] of Object.entries(ops as Json)) {
        expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
        expect(Object.keys(at(op, 'responses') as Json).length).toBeGreaterThan(0);
        const declared = ((at(op, 'parameters') as { name: string; in: string }[] | undefined) ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      }
    }
  });
});
