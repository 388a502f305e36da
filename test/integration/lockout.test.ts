/**
 * Slowing sign-in guesses (issue 2, item 5; issue 11, finding 5): after five wrong passwords each try
 * waits longer, up to a minute, counted in the database per account and per client address, so that
 * guessing is slowed but nobody can lock another person out; every failure reads the same whether or
 * not the account exists; too many sign-in posts in a minute get a 429 page. Time is moved by editing
 * `sign_in_throttle.next_try_at` and `locked_until`, never by waiting.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { startTestApp, TEST_PASSWORD, Visitor, type TestApp } from '../helpers/app.js';

let t: TestApp;
let tenantId: string;
let tenantSlug: string;
let passwordHash: string;
let userCounter = 0;

const WRONG = 'not-the-password-at-all';

/** A fresh user with TEST_PASSWORD, so each test starts with no failed attempts. */
async function newUser(): Promise<{ id: string; email: string }> {
  const email = `lockout-${userCounter++}@${tenantSlug}.test.invalid`;
  const row = await t.db.tenant(tenantId, (trx) =>
    trx
      .insertInto('users')
      .values({ tenant_id: tenantId, email, name: 'Lockout tester', roles: ['social-worker'], password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, email };
}

function attempt(email: string, password: string): Promise<LightMyRequestResponse> {
  return new Visitor(t.app).signIn(email, password);
}

async function failTimes(email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) expect((await attempt(email, WRONG)).statusCode).toBe(401);
}

/** The error summary's message (the one every failure shares). */
function failureMessage(response: LightMyRequestResponse): string {
  const message = /<a href="#email">([^<]+)<\/a>/.exec(response.body)?.[1];
  if (!message) throw new Error(`no sign-in error message in a ${response.statusCode} response`);
  return message;
}

/** The page with what legitimately differs between two responses (nonces, tokens, the typed email) blanked. */
function normalised(response: LightMyRequestResponse, email: string): string {
  return response.body
    .replaceAll(email, 'EMAIL')
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
}

function userRow(id: string) {
  return t.db.owner().selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('id', '=', id).executeTakeFirstOrThrow();
}

function auditActions(userId: string) {
  return t.db
    .owner()
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('tenant_id', '=', tenantId)
    .where('subject_id', '=', userId)
    .orderBy('seq')
    .execute();
}

beforeAll(async () => {
  t = await startTestApp();
  tenantSlug = `lockout-${Date.now().toString(36)}`;
  tenantId = (await tenantService(t.db).createTenant(tenantSlug, 'Lockout council')).id;
  passwordHash = await hashPassword(TEST_PASSWORD);
});
afterAll(() => t.close());
// Every test here signs in from the same address: each starts with no failures counted.
beforeEach(async () => {
  await t.db.owner().deleteFrom('sign_in_throttle').execute();
});

/** Lets every counted account and address try again now, as if their wait had passed. */
async function waitPasses(): Promise<void> {
  await t.db.owner().updateTable('sign_in_throttle').set({ next_try_at: new Date(Date.now() - 1000) }).execute();
}

/** The longest wait now set, in seconds from now. */
async function longestWait(): Promise<number> {
  const rows = await t.db.owner().selectFrom('sign_in_throttle').select('next_try_at').execute();
  return Math.max(0, ...rows.map((r) => (new Date(r.next_try_at).getTime() - Date.now()) / 1000));
}

describe('failed attempts', () => {
  it('5 wrong passwords are free; after the 6th a try before its time is refused unchecked, even with the right password', async () => {
    const user = await newUser();
    await failTimes(user.email, 5);
    expect(await longestWait()).toBe(0);
    await failTimes(user.email, 1);
    const wait = await longestWait();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2);
    const early = await attempt(user.email, TEST_PASSWORD);
    expect(early.statusCode).toBe(429);
    expect(failureMessage(early)).toMatch(/too many attempts to sign in\. Wait \d seconds? and try again/);
    expect(early.cookies.map((c) => c.name)).not.toContain('wa_session');
    await waitPasses();
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(303);
    // A success clears the account's count: the next wrong password is free again.
    await failTimes(user.email, 1);
    const account = await t.db.owner().selectFrom('sign_in_throttle').select('failures').orderBy('failures').execute();
    expect(account.map((r) => r.failures)).toContain(1);
  });

  it('never locks anyone out: after many failures the wait is at most a minute, and the right password then works', async () => {
    const user = await newUser();
    for (let i = 0; i < 15; i++) {
      await waitPasses();
      expect((await attempt(user.email, WRONG)).statusCode).toBe(401);
    }
    const wait = await longestWait();
    expect(wait).toBeGreaterThan(30);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await userRow(user.id)).locked_until).toBeNull();
    await waitPasses();
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(303);
    const events = await auditActions(user.id);
    expect(events.filter((e) => e.action === 'user.locked')).toHaveLength(0);
  });

  it('records each failure, and each try refused for coming too soon, in the audit log', async () => {
    const user = await newUser();
    await failTimes(user.email, 6);
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(429);
    const events = (await auditActions(user.id)).filter((e) => e.action === 'session.sign-in-failed');
    expect(events.map((e) => (e.details as { reason: string }).reason)).toEqual([...Array(6).fill('wrong-password'), 'throttled']);
  });

  it('counts an address across accounts, so spraying one password at many accounts is slowed too', async () => {
    const users = await Promise.all(Array.from({ length: 21 }, () => newUser()));
    for (const u of users) expect((await attempt(u.email, WRONG)).statusCode).toBe(401);
    const fresh = await newUser();
    expect((await attempt(fresh.email, TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('is kept in the database, so a second server process refuses the same early try', async () => {
    const other = await startTestApp({ database: t.database });
    try {
      const user = await newUser();
      await failTimes(user.email, 6);
      const early = await new Visitor(other.app).signIn(user.email, TEST_PASSWORD);
      expect(early.statusCode).toBe(429);
    } finally {
      await other.app.close(); // the database is shared with this file's app, which closes it
    }
  });

  it('still refuses an account locked by wrong current passwords on the change-password form, until the lock passes', async () => {
    const user = await newUser();
    await t.db.owner().updateTable('users').set({ locked_until: new Date(Date.now() + 10 * 60_000) }).where('id', '=', user.id).execute();
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    await t.db.owner().updateTable('users').set({ locked_until: new Date(Date.now() - 60_000) }).where('id', '=', user.id).execute();
    await waitPasses();
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(303);
  });
});

describe('no user enumeration', () => {
  it('refuses a locked account, a deactivated one, a wrong password and an unknown email with exactly the same page', async () => {
    const locked = await newUser();
    await t.db.owner().updateTable('users').set({ locked_until: new Date(Date.now() + 10 * 60_000) }).where('id', '=', locked.id).execute();
    const inactive = await newUser();
    await t.db.owner().updateTable('users').set({ active: false }).where('id', '=', inactive.id).execute();
    const other = await newUser();
    const unknownEmail = `nobody-${Date.now()}@${tenantSlug}.test.invalid`;

    const responses = [
      { email: locked.email, response: await attempt(locked.email, TEST_PASSWORD) }, // right password, locked
      { email: inactive.email, response: await attempt(inactive.email, TEST_PASSWORD) }, // right password, deactivated
      { email: other.email, response: await attempt(other.email, WRONG) }, // wrong password
      { email: unknownEmail, response: await attempt(unknownEmail, WRONG) }, // no such account
    ];
    const [first, ...rest] = responses;
    for (const { response } of responses) expect(response.statusCode).toBe(401);
    for (const { response, email } of rest) {
      expect(failureMessage(response)).toBe(failureMessage(first!.response));
      expect(normalised(response, email)).toBe(normalised(first!.response, first!.email));
    }
  });

  it('slows an unknown email exactly as a real account, so the wait tells nothing either', async () => {
    const real = await newUser();
    const unknownEmail = `nobody-else-${Date.now()}@${tenantSlug}.test.invalid`;
    await failTimes(real.email, 6);
    await failTimes(unknownEmail, 6);
    const a = await attempt(real.email, WRONG);
    const b = await attempt(unknownEmail, WRONG);
    expect([a.statusCode, b.statusCode]).toEqual([429, 429]);
    expect(normalised(b, unknownEmail).replace(/Wait \d+ seconds?/, 'Wait N')).toBe(normalised(a, real.email).replace(/Wait \d+ seconds?/, 'Wait N'));
  });

  it('never says whether the account exists or is locked', async () => {
    const locked = await newUser();
    await t.db.owner().updateTable('users').set({ locked_until: new Date(Date.now() + 10 * 60_000) }).where('id', '=', locked.id).execute();
    const message = failureMessage(await attempt(locked.email, TEST_PASSWORD));
    expect(message).not.toMatch(/(your|this|the) account (is|has been)|no account|not (be )?found|does not exist|doesn.t exist|unknown|not registered/i);
  });
});

describe('rate limiting', () => {
  it('answers the 4th sign-in POST in a minute with a 429 page (limit 3), not a stack trace', async () => {
    const limited = await startTestApp({ database: t.database, env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' } });
    // The count is kept in the database, shared by every server on it: this file's other sign-ins count too.
    await t.db.owner().deleteFrom('request_rate_limits').execute();
    try {
      const user = await newUser();
      const visitor = new Visitor(limited.app);
      await visitor.get('/sign-in');
      for (let i = 0; i < 3; i++) expect((await visitor.post('/sign-in', { email: user.email, password: WRONG })).statusCode).toBe(401);

      const refused = await visitor.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.body).toContain('Too many attempts');
      expect(refused.body).not.toMatch(/\bat .+\.(js|ts):\d+|node_modules|Error:|statusCode/);
      expect(refused.cookies.map((c) => c.name)).not.toContain('wa_session');

      // Only sign-in attempts are limited: the form itself still loads.
      expect((await visitor.get('/sign-in')).statusCode).toBe(200);
      // The refused attempt never reached the password check: three failures were counted, not four.
      const counted = await t.db.owner().selectFrom('sign_in_throttle').select('failures').execute();
      expect(Math.max(...counted.map((r) => r.failures))).toBe(3);
    } finally {
      await limited.app.close(); // the database is shared with this file's app, which closes it
    }
  });
});
