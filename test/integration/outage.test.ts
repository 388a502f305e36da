import { createServer as createNetServer } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { createServer } from '../../src/server.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type Visitor } from '../helpers/app.js';
import { onPostgres } from '../helpers/database.js';
import { stackTraceProblems } from '../helpers/fixture-api.js';

/**
 * The database goes away while the service runs. On PGlite the embedded database is closed under
 * the running server; on PostgreSQL a second server with the same settings points at a port where
 * nothing listens (connection refused), as when the database host is down.
 */
let t: TestApp;
let visitor: Visitor;
let token: string;
let app: FastifyInstance;
let brokenDb: Database | null = null;
let brokenApp: FastifyInstance | null = null;

async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

beforeAll(async () => {
  t = await startTestApp();
  const tenant = await createTestTenant(t.db);
  visitor = await signedIn(t.app, tenant.users['social-worker'].email);
  ({ token } = await tenantService(t.db).createApiClient(tenant.id, 'Outage partner', ['people:read']));

  // Before the outage, all is well (so the 503s below come from the outage, not from the set-up).
  expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  expect((await visitor.get('/')).statusCode).toBe(200);
  expect((await t.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);

  if (onPostgres) {
    const url = `postgres://wraparound_app@127.0.0.1:${await closedPort()}/nowhere`;
    brokenDb = await openDatabase({ kind: 'postgres', ownerUrl: url, appUrl: url, poolSize: 2 });
    brokenApp = (await createServer({ ...t.config, database: { kind: 'postgres', ownerUrl: url, appUrl: url, poolSize: 2 } }, brokenDb, { logger: false })).app;
    await brokenApp.ready();
    app = brokenApp;
  } else {
    await t.db.close();
    app = t.app;
  }
});

afterAll(async () => {
  if (brokenApp) await brokenApp.close();
  if (brokenDb) await brokenDb.close();
  // The test database's own close is safe to repeat after the outage closed it.
  await t.close();
});

function send(options: { url: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
  // The visitor's cookies (session and pre-session), obtained before the outage.
  const cookie = Object.entries(visitor.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({ method: 'GET', url: options.url, headers: { cookie, ...(options.headers ?? {}) } });
}

describe('a database outage', () => {
  it('makes /health answer 503 unavailable', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable' });
  });

  it('shows a signed-in visitor the friendly unavailable page, with no stack trace', async () => {
    expect(visitor.cookies.wa_session).toBeTruthy();
    for (const url of ['/', '/sign-in']) {
      const res = await send({ url });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Sorry, the service is unavailable');
      expect(res.body).toContain('govuk-template');
      expect(stackTraceProblems(res.body)).toEqual([]);
      expect(res.body).not.toMatch(/PGlite|ECONNREFUSED|pool|kysely/i);
    }
  });

  it('answers an API call with 503 {errors}', async () => {
    const res = await send({ url: '/api/v1/whoami', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json<{ errors: { path: string; message: string }[] }>();
    expect(body.errors).toEqual([{ path: '', message: expect.stringMatching(/unavailable/i) }]);
    expect(stackTraceProblems(res.body)).toEqual([]);
  });

  it('still serves the static assets (the error page stays styled)', async () => {
    const res = await app.inject({ method: 'GET', url: '/stylesheets/govuk-frontend.min.css' });
    expect(res.statusCode).toBe(200);
  });
});
