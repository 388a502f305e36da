import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { RouteCatalogue, type ApiRouteSpec } from './router.js';

/** Walks into the document by keys, failing clearly when a step is missing. */
function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !(key in current)) throw new Error(`missing ${keys.join(' > ')} at ${key}`);
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const referralBody = z.object({
  victimName: z.string().min(1),
  dashScore: z.number().int().min(0).max(24),
  notes: z.string().optional(),
  urgent: z.boolean().default(false),
});

const referralResponse = z.object({ id: z.string().uuid(), status: z.enum(['received', 'queued']) });

async function unused(): Promise<unknown> {
  return null;
}

function catalogue(): RouteCatalogue {
  const c = new RouteCatalogue();
  const post: ApiRouteSpec<typeof referralBody> = {
    method: 'POST',
    url: '/api/v1/cases/:caseId/referrals/:id',
    scope: 'referrals:write',
    summary: 'Send a referral',
    body: referralBody,
    response: referralResponse,
    handler: unused,
  };
  const get: ApiRouteSpec<undefined> = {
    method: 'GET',
    url: '/api/v1/cases/:caseId/referrals/:id',
    scope: 'referrals:read',
    summary: 'Read a referral',
    response: referralResponse,
    handler: unused,
  };
  const whoami: ApiRouteSpec<undefined> = {
    method: 'GET',
    url: '/api/v1/whoami',
    scope: 'authenticated',
    summary: 'Who this token belongs to',
    handler: unused,
  };
  c.api.push(post as ApiRouteSpec<z.ZodType | undefined>, get as ApiRouteSpec<z.ZodType | undefined>, whoami as ApiRouteSpec<z.ZodType | undefined>);
  return c;
}

describe('openApiDocument', () => {
  const doc = openApiDocument(catalogue(), '1.2.3');
  const path = '/api/v1/cases/{caseId}/referrals/{id}';

  it('is OpenAPI 3.1 with the version given', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(at(doc, 'info', 'version')).toBe('1.2.3');
    expect(at(doc, 'info', 'title')).toBe('Wraparound API');
  });

  it('writes :param as {param} and lists every route', () => {
    expect(Object.keys(at(doc, 'paths') as object).sort()).toEqual([path, '/api/v1/whoami']);
    expect(Object.keys(at(doc, 'paths', path) as object).sort()).toEqual(['get', 'post']);
  });

  it('declares each path parameter as a required string', () => {
    const expected = [
      { name: 'caseId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ];
    expect(at(doc, 'paths', path, 'post', 'parameters')).toEqual(expected);
    expect(at(doc, 'paths', path, 'get', 'parameters')).toEqual(expected);
    expect(at(doc, 'paths', '/api/v1/whoami', 'get')).not.toHaveProperty('parameters');
  });

  it('describes the request body from its zod schema, with what a caller must send as required', () => {
    const body = at(doc, 'paths', path, 'post', 'requestBody');
    expect(at(body, 'required')).toBe(true);
    const schema = at(body, 'content', 'application/json', 'schema');
    expect(at(schema, 'type')).toBe('object');
    expect(Object.keys(at(schema, 'properties') as object).sort()).toEqual(['dashScore', 'notes', 'urgent', 'victimName']);
    expect(at(schema, 'properties', 'dashScore')).toMatchObject({ type: 'integer', minimum: 0, maximum: 24 });
    expect(at(schema, 'properties', 'victimName')).toMatchObject({ type: 'string', minLength: 1 });
    // Optional and defaulted fields need not be sent.
    expect((at(schema, 'required') as string[]).sort()).toEqual(['dashScore', 'victimName']);
    expect(schema).not.toHaveProperty('$schema');
  });

  it('describes the response from its zod schema', () => {
    const schema = at(doc, 'paths', path, 'get', 'responses', '200', 'content', 'application/json', 'schema');
    expect(at(schema, 'properties', 'status')).toMatchObject({ enum: ['received', 'queued'] });
    expect((at(schema, 'required') as string[]).sort()).toEqual(['id', 'status']);
    expect(at(doc, 'paths', '/api/v1/whoami', 'get', 'responses', '200')).toEqual({ description: 'Success' });
  });

  it('lists 422 only when there is a body, and the other errors always', () => {
    const postResponses = Object.keys(at(doc, 'paths', path, 'post', 'responses') as object).sort();
    const getResponses = Object.keys(at(doc, 'paths', path, 'get', 'responses') as object).sort();
    expect(postResponses).toEqual(['200', '400', '401', '403', '422']);
    expect(getResponses).toEqual(['200', '400', '401', '403']);
    expect(at(doc, 'paths', path, 'get')).not.toHaveProperty('requestBody');
    expect(at(doc, 'paths', path, 'post', 'responses', '422', 'content', 'application/json', 'schema')).toEqual({ $ref: '#/components/schemas/Errors' });
  });

  it('names the scope each operation needs, and none for any valid token', () => {
    expect(at(doc, 'paths', path, 'post', 'x-required-scope')).toBe('referrals:write');
    expect(at(doc, 'paths', path, 'post', 'security')).toEqual([{ bearerToken: ['referrals:write'] }]);
    expect(at(doc, 'paths', path, 'get', 'x-required-scope')).toBe('referrals:read');
    expect(at(doc, 'paths', '/api/v1/whoami', 'get')).not.toHaveProperty('x-required-scope');
    expect(at(doc, 'paths', '/api/v1/whoami', 'get', 'security')).toEqual([{ bearerToken: [] }]);
    expect(at(doc, 'paths', path, 'post', 'summary')).toBe('Send a referral');
  });

  it('declares the bearer token scheme and the error schema', () => {
    expect(at(doc, 'components', 'securitySchemes', 'bearerToken')).toMatchObject({ type: 'http', scheme: 'bearer' });
    const errors = at(doc, 'components', 'schemas', 'Errors');
    expect(at(errors, 'required')).toEqual(['errors']);
    expect(at(errors, 'properties', 'errors', 'items', 'required')).toEqual(['path', 'message']);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('has no paths for an empty catalogue', () => {
    expect(openApiDocument(new RouteCatalogue(), '0.0.0').paths).toEqual({});
  });
});
