import { z } from 'zod';
import type { RouteCatalogue } from './router.js';

const errorSchema = z.object({
  errors: z.array(z.object({ path: z.string().describe('JSON pointer to the field, or empty for the whole request'), message: z.string() })),
});

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // OpenAPI 3.1 schemas are 2020-12 already; a $schema inside each one is noise.
  const rest: Record<string, unknown> = { ...(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>) };
  delete rest.$schema;
  return rest;
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'The body is not valid JSON',
  '401': 'No valid API token',
  '403': 'The token lacks the scope this operation needs',
  '422': 'The body does not match the schema',
};

/** An OpenAPI 3.1 document built from the same zod schemas that validate each API route. */
export function openApiDocument(catalogue: RouteCatalogue, version: string): Record<string, unknown> {
  const pathsObject: Record<string, Record<string, unknown>> = {};
  for (const route of catalogue.api) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const responses: Record<string, unknown> = {
      '200': {
        description: 'Success',
        ...(route.response ? { content: { 'application/json': { schema: jsonSchema(route.response) } } } : {}),
      },
    };
    for (const [code, description] of Object.entries(ERROR_RESPONSES)) {
      if (code === '422' && !route.body) continue;
      responses[code] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } } };
    }
    pathsObject[path] ??= {};
    pathsObject[path][route.method.toLowerCase()] = {
      summary: route.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(route.scope === 'authenticated' ? {} : { 'x-required-scope': route.scope }),
      security: [{ bearerToken: route.scope === 'authenticated' ? [] : [route.scope] }],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Wraparound API', version, description: 'For partner systems: police notifications, agency referrals and look-ups. Every call needs a bearer token issued to the partner for one local authority.' },
    servers: [{ url: '/' }],
    paths: pathsObject,
    components: {
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'A token from `wraparound create-api-client`' } },
      schemas: { Errors: jsonSchema(errorSchema) },
    },
  };
}
