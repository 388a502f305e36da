import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { TEST_PASSWORD, createTestTenant, Visitor, type TestTenant } from '../helpers/app.js';
import { BOOM_MESSAGE, FIXTURE_PATHS, startFixtureApp, stackTraceProblems, type FixtureApp } from '../helpers/fixture-api.js';

/** Collects everything the server logs, as text and as parsed JSON lines. */
class LogCollector extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }

  get lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

const MADE_UP_NAME = 'Zebedee-Quorn';

let t: FixtureApp;
let tenant: TestTenant;
let logs: LogCollector;
let visitor: Visitor;
let apiToken: string;
const adminUserId = randomUUID();

function requestLines(requestId: string): Record<string, unknown>[] {
  return logs.lines.filter((l) => l.reqId === requestId);
}

/** The status logged at the end of each request whose route was logged at its start. */
function completed(route: string, status: number): Record<string, unknown> | undefined {
  const starts = logs.lines.filter((l) => l.msg === 'incoming request' && (l.req as { route?: string } | undefined)?.route === route);
  return starts.find((start) =>
    logs.lines.some((l) => l.reqId === start.reqId && l.msg === 'request completed' && (l.res as { statusCode?: number } | undefined)?.statusCode === status),
  );
}

beforeAll(async () => {
  logs = new LogCollector();
  t = await startFixtureApp({ env: { LOG_LEVEL: 'info' }, logStream: logs });
  tenant = await createTestTenant(t.db);
  ({ token: apiToken } = await tenantService(t.db).createApiClient(tenant.id, 'Logging partner', ['people:read']));

  // A wrong password first, then the right one: neither the email nor either password may be logged.
  const failed = new Visitor(t.app);
  await failed.signIn(tenant.users.admin.email, 'Wrong-Secret-Passphrase-9931');
  visitor = new Visitor(t.app);
  const signIn = await visitor.signIn(tenant.users.admin.email);
  expect(signIn.statusCode).toBe(303);

  expect((await visitor.get(`/?name=${MADE_UP_NAME}`)).statusCode).toBe(200);
  await visitor.get(`/admin/users/${adminUserId}?q=${MADE_UP_NAME}`);
  await visitor.get(FIXTURE_PATHS.thing(MADE_UP_NAME));
  // An unknown address can carry a name in its path too.
  expect((await visitor.get(`/people/${MADE_UP_NAME}/history`)).statusCode).toBe(404);
  await t.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: { authorization: `Bearer ${apiToken}` } });
});
afterAll(() => t.close());

describe('request logs', () => {
  it('are JSON lines with the route pattern and the status', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    const home = completed('/', 200);
    expect(home).toBeDefined();
    expect(home).toMatchObject({ level: 30, reqId: expect.any(String), req: { method: 'GET', route: '/' } });
    expect(completed('/admin/users/:userId', 404) ?? completed('/admin/users/:userId', 200)).toBeDefined();
    expect(completed(FIXTURE_PATHS.thing(), 200)).toBeDefined();
    expect(completed('/sign-in', 303)).toBeDefined();
    expect(completed('/api/v1/whoami', 200)).toBeDefined();
    expect(completed('unmatched', 404)).toBeDefined();
  });

  it('never carry the email, passwords, names, query strings, cookies or tokens', () => {
    const text = logs.text;
    const secrets = [
      tenant.users.admin.email,
      TEST_PASSWORD,
      'Wrong-Secret-Passphrase-9931',
      MADE_UP_NAME,
      'Test admin',
      adminUserId,
      apiToken,
      ...Object.values(visitor.cookies),
    ];
    expect(Object.keys(visitor.cookies)).toContain('wa_session');
    for (const secret of secrets) expect(text, `the logs contain ${secret}`).not.toContain(secret);
    expect(text).not.toContain('?');
    expect(text).not.toMatch(/name=/);
    expect(text).not.toMatch(/"(cookie|authorization|set-cookie)"/i);
    expect(text).not.toContain('wa_session');
  });

  it('log an unexpected error with its message, while the page shows no stack', async () => {
    const res = await t.app.inject({ method: 'GET', url: FIXTURE_PATHS.pageBoom });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Sorry, there is a problem with the service');
    expect(res.body).not.toContain(BOOM_MESSAGE);
    expect(stackTraceProblems(res.body)).toEqual([]);

    const error = logs.lines.find((l) => l.level === 50 && (l.err as { message?: string } | undefined)?.message === BOOM_MESSAGE);
    expect(error).toBeDefined();
    const lines = requestLines(String(error?.reqId));
    expect(lines.some((l) => l.msg === 'request completed' && (l.res as { statusCode?: number }).statusCode === 500)).toBe(true);
    expect(lines.every((l) => !l.req || (l.req as { route?: string }).route === FIXTURE_PATHS.pageBoom)).toBe(true);
  });

  it('log an unexpected API error with its message, while the JSON shows no stack', async () => {
    const res = await t.app.inject({ method: 'GET', url: FIXTURE_PATHS.apiBoom, headers: { authorization: `Bearer ${apiToken}` } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ errors: [{ path: '', message: expect.any(String) }] });
    expect(res.body).not.toContain(BOOM_MESSAGE);
    expect(stackTraceProblems(res.body)).toEqual([]);
    expect(logs.lines.filter((l) => l.level === 50 && (l.err as { message?: string } | undefined)?.message === BOOM_MESSAGE)).toHaveLength(2);
    expect(logs.text).not.toContain(apiToken);
  });
});
