import { z } from 'zod';
import { recordAudit } from '../../src/platform/audit/audit-log.js';
import { createRouter } from '../../src/platform/http/router.js';
import { createServer } from '../../src/server.js';
import { testConfig, type TestApp } from './app.js';
import { testDatabase, type TestDatabase } from './database.js';

/** The body schema of the fixture API route: nested, so errors get JSON pointers like /items/0/name. */
export const basketBody = z.object({
  label: z.string().min(1, 'Give the basket a label'),
  items: z
    .array(
      z.object({
        name: z.string().min(1, 'Give the item a name'),
        quantity: z.number().int().positive('The quantity must be 1 or more'),
      }),
    )
    .min(1, 'Add at least one item'),
});

export const FIXTURE_PATHS = {
  /** POST, scope `baskets:write`, body `basketBody`; writes a `fixture.basket` audit event. */
  baskets: '/api/v1/fixtures/baskets',
  /** GET, any valid token; throws an unexpected error. */
  apiBoom: '/api/v1/fixtures/boom',
  /** GET, public page; throws an unexpected error. */
  pageBoom: '/fixtures/boom',
  /** GET, public page with a path parameter, for route-pattern checks. */
  thing: (id = ':thingId') => `/fixtures/things/${id}`,
} as const;

export const FIXTURE_SCOPE = 'baskets:write';
export const BOOM_MESSAGE = 'fixture exploded: kaboom-7731';

export interface FixtureApp extends TestApp {
  /** Bodies the fixture API handler received (it is only called with a valid body). */
  basketCalls: z.infer<typeof basketBody>[];
}

/**
 * The real server (every feature, plugin and hook of createServer) plus a few fixture routes added
 * through the same router before the app is ready: an API route with a zod body, and routes that throw.
 */
export async function startFixtureApp(
  options: { env?: Record<string, string>; database?: TestDatabase; logStream?: NodeJS.WritableStream } = {},
): Promise<FixtureApp> {
  const database = options.database ?? (await testDatabase());
  const config = { ...testConfig(options.env), database: database.config };
  const db = database.db;
  const { app, routes } = await createServer(config, db, options.logStream ? { logStream: options.logStream } : { logger: false });
  const router = createRouter(app, db, routes, { secureCookies: config.cookieSecure });
  const basketCalls: z.infer<typeof basketBody>[] = [];

  router.api({
    method: 'POST',
    url: FIXTURE_PATHS.baskets,
    scope: FIXTURE_SCOPE,
    summary: 'Fixture: records a basket',
    body: basketBody,
    response: z.object({ items: z.number() }),
    handler: async (request, reply, body) => {
      basketCalls.push(body);
      const client = request.apiClient!;
      await db.tenant(client.tenantId, (trx) =>
        recordAudit(trx, client.tenantId, { actorType: 'api-client', actorId: client.id, action: 'fixture.basket', subjectType: 'basket', requestId: request.id }),
      );
      return reply.code(201).send({ items: body.items.length });
    },
  });

  router.api({
    method: 'GET',
    url: FIXTURE_PATHS.apiBoom,
    scope: 'authenticated',
    summary: 'Fixture: fails unexpectedly',
    handler: async () => {
      throw new Error(BOOM_MESSAGE);
    },
  });

  router.publicPage({
    method: 'GET',
    url: FIXTURE_PATHS.pageBoom,
    handler: async () => {
      throw new Error(BOOM_MESSAGE);
    },
  });

  router.publicPage({
    method: 'GET',
    url: FIXTURE_PATHS.thing(),
    handler: async (_request, reply) => reply.type('text/plain; charset=utf-8').send('a fixture thing'),
  });

  await app.ready();
  return {
    app,
    routes,
    db,
    config,
    database,
    basketCalls,
    close: async () => {
      await app.close();
      await database.cleanup();
    },
  };
}

/** Fails when a response body looks like it carries a stack trace or an internal error name. */
export function stackTraceProblems(body: string): string[] {
  // GOV.UK's own "Error:" prefixes (page title and visually hidden field error label) are expected.
  const text = body.replace(/<title>\s*Error: /g, '<title>').replace(/<span class="govuk-visually-hidden">Error:<\/span>/g, '');
  const patterns: [string, RegExp][] = [
    ['stack frame', /\bat\s+\S*\s*\(?(?:file:\/\/)?\/[^\s)]*:\d+(?::\d+)?\)?/],
    ['stack frame', /\n\s+at\s/],
    ['source path', /\/(?:src|test|dist)\/[\w/.-]+\.(?:ts|js|mjs|cjs)\b/],
    ['node_modules', /node_modules/],
    ['error name', /\b\w*Error:/],
  ];
  return patterns.filter(([, re]) => re.test(text)).map(([name]) => name);
}
