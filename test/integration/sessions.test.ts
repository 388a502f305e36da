/**
 * Sessions (issue 2, item 5): the cookie's flags and content, the idle timeout and its warning,
 * keep-alive, sign-out, and deactivation. Time is moved by editing rows, never by waiting.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { tokenHash } from '../../src/platform/auth/tokens.js';
import { loadConfig } from '../../src/platform/config.js';
import { SESSION_COOKIE } from '../../src/platform/http/plugins/sessions.js';
import { createTestTenant, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let passwordHash: string;
let userCounter = 0;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const SECRET = 'a-session-secret-of-at-least-32-characters';

/** A fresh social worker of the test tenant, so tests that change a user do not touch the others. */
async function newUser(): Promise<{ id: string; email: string }> {
  const email = `session-${userCounter++}@${tenant.slug}.test.invalid`;
  const row = await t.db.tenant(tenant.id, (trx) =>
    trx
      .insertInto('users')
      .values({ tenant_id: tenant.id, email, name: 'Session tester', roles: ['social-worker'], password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, email };
}

async function signIn(email: string): Promise<{ visitor: Visitor; response: LightMyRequestResponse }> {
  const visitor = new Visitor(t.app);
  const response = await visitor.signIn(email);
  expect(response.statusCode).toBe(303);
  return { visitor, response };
}

function sessionCookieOf(response: LightMyRequestResponse) {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie was set`);
  return cookie;
}

/** The random id inside the visitor's signed cookie. */
function rawSessionId(visitor: Visitor): string {
  const cookie = visitor.cookies[SESSION_COOKIE];
  if (!cookie) throw new Error('the visitor has no session cookie');
  const unsigned = t.app.unsignCookie(cookie);
  if (!unsigned.valid || !unsigned.value) throw new Error('the session cookie is not validly signed');
  return unsigned.value;
}

function sessionRow(idHash: string) {
  return t.db.owner().selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

async function setLastSeen(idHash: string, when: Date): Promise<void> {
  await t.db.owner().updateTable('sessions').set({ last_seen_at: when }).where('id_hash', '=', idHash).execute();
}

/** A visitor carrying a copy of another's cookies (an old cookie replayed). */
function cloneOf(visitor: Visitor): Visitor {
  const copy = new Visitor(t.app);
  copy.cookies = { ...visitor.cookies };
  return copy;
}

function expectSignedOut(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(303);
  expect(response.headers.location?.split('?')[0]).toBe('/sign-in');
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  passwordHash = await hashPassword(TEST_PASSWORD);
});
afterAll(() => t.close());

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and not Secure when the config says so', async () => {
    const { response } = await signIn(tenant.users['social-worker'].email);
    const cookie = sessionCookieOf(response);
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    expect(t.config.cookieSecure).toBe(false);
    expect(cookie.secure).toBeFalsy();
  });

  it('is Secure with COOKIE_SECURE=true', async () => {
    const secure = await startTestApp({ database: t.database, env: { COOKIE_SECURE: 'true' } });
    try {
      const visitor = new Visitor(secure.app);
      const response = await visitor.signIn(tenant.users['social-worker'].email);
      expect(response.statusCode).toBe(303);
      const cookie = sessionCookieOf(response);
      expect(cookie.secure).toBe(true);
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Lax');
    } finally {
      await secure.app.close(); // the database is shared with this file's app, which closes it
    }
  });

  it('is Secure by default in production and not in development', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: SECRET, METRICS_TOKEN: 'a-metrics-token-of-length', AUDIT_CHAIN_KEY: 'cd'.repeat(32), MFA_SECRET_KEY: 'ef'.repeat(32), DATABASE_URL: 'postgres://owner@db.internal:5432/wraparound' };
    expect(loadConfig(production).cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', SESSION_SECRET: SECRET }).cookieSecure).toBe(false);
    expect(loadConfig({ ...production, COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('holds only a random id, stored as its SHA-256 and never as itself', async () => {
    const user = await newUser();
    const first = await signIn(user.email);
    const second = await signIn(user.email);
    const id = rawSessionId(first.visitor);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(id).not.toContain(user.id);
    expect(id).not.toContain(user.email);
    expect(rawSessionId(second.visitor)).not.toBe(id);

    const rows = await t.db.owner().selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.id_hash)).toContain(tokenHash(id));
    for (const row of rows) expect(Object.values(row).map(String)).not.toContain(id);
  });

  it('is refused when its value has been tampered with, and the visitor is treated as signed out', async () => {
    const { visitor } = await signIn(tenant.users['social-worker'].email);
    expect((await visitor.get('/')).statusCode).toBe(200);
    const signed = visitor.cookies[SESSION_COOKIE] ?? '';
    const id = rawSessionId(visitor);
    const signature = signed.slice(id.length);

    const flipped = cloneOf(visitor);
    flipped.cookies[SESSION_COOKIE] = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}${signature}`;
    expectSignedOut(await flipped.get('/'));

    const unsigned = cloneOf(visitor);
    unsigned.cookies[SESSION_COOKIE] = id;
    expectSignedOut(await unsigned.get('/'));

    const forged = cloneOf(visitor);
    forged.cookies[SESSION_COOKIE] = t.app.signCookie(id).replace(/^.*\./, `${id}x.`);
    expectSignedOut(await forged.get('/'));

    // The genuine cookie still works: the refusals above came from the signature check.
    expect((await visitor.get('/')).statusCode).toBe(200);
  });
});

describe('the idle timeout', () => {
  it('signs out a session idle for 31 minutes, deletes it, and says why on the sign-in page', async () => {
    const { visitor } = await signIn(tenant.users['social-worker'].email);
    const idHash = tokenHash(rawSessionId(visitor));
    await setLastSeen(idHash, minutesAgo(31));

    const response = await visitor.get('/');
    expect(response.statusCode).toBe(303);
    const location = new URL(response.headers.location ?? '', 'http://localhost');
    expect(location.pathname).toBe('/sign-in');
    expect(location.searchParams.get('timedOut')).toBe('1');
    expect(await sessionRow(idHash)).toBeUndefined();
    expect(visitor.cookies[SESSION_COOKIE]).toBeUndefined();

    const page = await visitor.get(`${location.pathname}${location.search}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You were signed out because you had not used Wraparound for 30 minutes');
  });

  it('keeps a session idle for 29 minutes, and counts the request as activity', async () => {
    const { visitor } = await signIn(tenant.users['social-worker'].email);
    const idHash = tokenHash(rawSessionId(visitor));
    const lastSeen = minutesAgo(29);
    await setLastSeen(idHash, lastSeen);

    expect((await visitor.get('/')).statusCode).toBe(200);
    const row = await sessionRow(idHash);
    expect(row).toBeDefined();
    expect(new Date(row!.last_seen_at).getTime()).toBeGreaterThan(lastSeen.getTime());
  });

  it('does not show the timed-out message after an ordinary sign-in page visit', async () => {
    const page = await new Visitor(t.app).get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('You were signed out because');
  });

  it('puts the timeout warning dialog on signed-in pages, with the 30 minutes', async () => {
    const { visitor } = await signIn(tenant.users['social-worker'].email);
    const home = await visitor.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toMatch(/<dialog id="timeout-warning"[^>]*data-idle-minutes="30"/);
    const anonymous = await new Visitor(t.app).get('/sign-in');
    expect(anonymous.body).not.toContain('timeout-warning');
  });
});

describe('keep-alive', () => {
  it('returns 204 and moves last_seen_at forward (x-csrf-token header)', async () => {
    const { visitor } = await signIn(tenant.users['social-worker'].email);
    await visitor.get('/');
    const idHash = tokenHash(rawSessionId(visitor));
    // Under a minute ago: the ordinary request does not touch it, so only keep-alive can move it.
    const lastSeen = new Date(Date.now() - 30_000);
    await setLastSeen(idHash, lastSeen);

    const response = await visitor.request({ method: 'POST', url: '/session/keep-alive', headers: { 'x-csrf-token': visitor.csrf } });
    expect(response.statusCode).toBe(204);
    const row = await sessionRow(idHash);
    expect(new Date(row!.last_seen_at).getTime()).toBeGreaterThan(lastSeen.getTime());
  });

  it('is refused without the CSRF token and then leaves last_seen_at alone', async () => {
    const { visitor } = await signIn(tenant.users['social-worker'].email);
    await visitor.get('/');
    const idHash = tokenHash(rawSessionId(visitor));
    const lastSeen = new Date(Date.now() - 30_000);
    await setLastSeen(idHash, lastSeen);

    const response = await visitor.request({ method: 'POST', url: '/session/keep-alive' });
    expect(response.statusCode).toBe(403);
    const row = await sessionRow(idHash);
    expect(new Date(row!.last_seen_at).getTime()).toBe(lastSeen.getTime());
  });
});

describe('sign-out', () => {
  it('deletes the session, goes to /signed-out, and the old cookie no longer works', async () => {
    const { visitor } = await signIn(tenant.users['social-worker'].email);
    await visitor.get('/');
    const idHash = tokenHash(rawSessionId(visitor));
    const oldCookies = cloneOf(visitor);

    const response = await visitor.post('/sign-out');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/signed-out');
    expect(await sessionRow(idHash)).toBeUndefined();
    expect(visitor.cookies[SESSION_COOKIE]).toBeUndefined();
    expect((await visitor.get('/signed-out')).statusCode).toBe(200);

    const replay = await oldCookies.get('/');
    expectSignedOut(replay);
    expect(replay.headers.location).not.toContain('timedOut');
  });

  it('is audited', async () => {
    const user = await newUser();
    const { visitor } = await signIn(user.email);
    await visitor.get('/');
    expect((await visitor.post('/sign-out')).statusCode).toBe(303);
    const events = await t.db
      .owner()
      .selectFrom('audit_events')
      .select('action')
      .where('actor_id', '=', user.id)
      .where('action', '=', 'session.sign-out')
      .execute();
    expect(events).toHaveLength(1);
  });
});

describe('deactivation', () => {
  it("ends the user's session on their next request", async () => {
    const user = await newUser();
    const { visitor } = await signIn(user.email);
    expect((await visitor.get('/')).statusCode).toBe(200);
    const idHash = tokenHash(rawSessionId(visitor));

    await t.db.owner().updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    expectSignedOut(await visitor.get('/'));
    expect(await sessionRow(idHash)).toBeUndefined();
  });
});
