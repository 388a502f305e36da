/**
 * Lockout and rate limiting on sign-in (issue 2, item 5): five wrong passwords lock an account for
 * 15 minutes, every failure reads the same whether or not the account exists, and too many sign-in
 * attempts in a minute get a 429 page. Time is moved by editing `locked_until`, never by waiting.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('failed attempts', () => {
  it('4 wrong passwords then the right one signs in and resets the count', async () => {
    const user = await newUser();
    await failTimes(user.email, 4);
    expect((await userRow(user.id)).failed_sign_ins).toBe(4);
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(303);
    expect(await userRow(user.id)).toEqual({ failed_sign_ins: 0, locked_until: null });

    // Had the count not reset, the next failure would be the fifth and lock the account.
    await failTimes(user.email, 4);
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('5 wrong passwords lock the account for 15 minutes and audit it', async () => {
    const user = await newUser();
    await failTimes(user.email, 5);
    const row = await userRow(user.id);
    expect(row.locked_until).not.toBeNull();
    const lockedFor = new Date(row.locked_until!).getTime() - Date.now();
    expect(lockedFor).toBeGreaterThan(14 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(15 * 60_000);

    const locked = await attempt(user.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.cookies.map((c) => c.name)).not.toContain('wa_session');

    const events = await auditActions(user.id);
    expect(events.filter((e) => e.action === 'user.locked')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'session.sign-in')).toHaveLength(0);
  });

  it('lets the right password in again once locked_until has passed', async () => {
    const user = await newUser();
    await failTimes(user.email, 5);
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(401);

    await t.db.owner().updateTable('users').set({ locked_until: new Date(Date.now() - 60_000) }).where('id', '=', user.id).execute();
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(303);
  });
});

describe('no user enumeration', () => {
  it('refuses a locked account, a deactivated one, a wrong password and an unknown email with exactly the same page', async () => {
    const locked = await newUser();
    await failTimes(locked.email, 5);
    const inactive = await newUser();
    await t.db.owner().updateTable('users').set({ active: false }).where('id', '=', inactive.id).execute();
    const other = await newUser();
    const unknownEmail = `nobody-${Date.now()}@${tenantSlug}.test.invalid`;

    const responses = [
      { email: locked.email, response: await attempt(locked.email, TEST_PASSWORD) }, // right password, locked
      { email: locked.email, response: await attempt(locked.email, WRONG) }, // wrong password, locked
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

  it('never says whether the account exists or is locked', async () => {
    const locked = await newUser();
    await failTimes(locked.email, 5);
    const message = failureMessage(await attempt(locked.email, TEST_PASSWORD));
    // It may explain the rule ("an account is locked for 15 minutes"), never this account's state.
    expect(message).not.toMatch(/(your|this|the) account (is|has been)|no account|not (be )?found|does not exist|doesn.t exist|unknown|not registered/i);
  });
});

describe('rate limiting', () => {
  it('answers the 4th sign-in POST in a minute with a 429 page (limit 3), not a stack trace', async () => {
    const limited = await startTestApp({ database: t.database, env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' } });
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
      // The refused attempt never reached the password check.
      expect((await userRow(user.id)).failed_sign_ins).toBe(3);
    } finally {
      await limited.app.close(); // the database is shared with this file's app, which closes it
    }
  });
});
