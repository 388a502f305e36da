/**
 * CSRF protection (issue 2, item 5): a synchroniser token on every state-changing form, checked
 * against the session (or, before sign-in, a signed pre-session cookie). It is on in tests: these
 * requests go through exactly the hooks production uses.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { SESSION_COOKIE } from '../../src/platform/http/plugins/sessions.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let passwordHash: string;
let userCounter = 0;

const NEW_PASSWORD = 'a-quite-different-passphrase';
const CSRF_403 = 'The form could not be sent because it had expired or had been changed';
const PASSWORD_FORM = { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };

/** A fresh user whose password the tests may try to change. */
async function newUser(): Promise<{ id: string; email: string }> {
  const email = `csrf-${userCounter++}@${tenant.slug}.test.invalid`;
  const row = await t.db.tenant(tenant.id, (trx) =>
    trx
      .insertInto('users')
      .values({ tenant_id: tenant.id, email, name: 'CSRF tester', roles: ['social-worker'], password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, email };
}

async function storedHash(userId: string): Promise<string | null> {
  const row = await t.db.owner().selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.password_hash;
}

function expectCsrfRefusal(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(403);
  expect(response.body).toContain(CSRF_403);
}

/** Signs a fresh user in, keeping the token the sign-in form carried before the session existed. */
async function signedInUser(): Promise<{ user: { id: string; email: string }; visitor: Visitor; preSessionToken: string }> {
  const user = await newUser();
  const visitor = new Visitor(t.app);
  await visitor.get('/sign-in');
  const preSessionToken = visitor.csrf;
  expect((await visitor.post('/sign-in', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(303);
  expect((await visitor.get('/')).statusCode).toBe(200);
  expect(visitor.csrf).not.toBe(preSessionToken);
  return { user, visitor, preSessionToken };
}

/** Tries a password change and proves it was refused as a forgery and changed nothing. */
async function expectRefusedPasswordChange(send: (visitor: Visitor, preSessionToken: string) => Promise<LightMyRequestResponse>): Promise<void> {
  const { user, visitor, preSessionToken } = await signedInUser();
  const before = await storedHash(user.id);
  expectCsrfRefusal(await send(visitor, preSessionToken));
  expect(await storedHash(user.id)).toBe(before);
  const audits = await t.db.owner().selectFrom('audit_events').select('id').where('actor_id', '=', user.id).where('action', '=', 'user.password-change').execute();
  expect(audits).toHaveLength(0);
}

function sessionCount(): Promise<number> {
  return t.db
    .owner()
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  passwordHash = await hashPassword(TEST_PASSWORD);
});
afterAll(() => t.close());

describe('state-changing forms when signed in', () => {
  it('refuses a POST without a token (403) and changes nothing', async () => {
    await expectRefusedPasswordChange((visitor) => visitor.post('/account/password', PASSWORD_FORM, { csrf: false }));
  });

  it('refuses a wrong token', async () => {
    await expectRefusedPasswordChange((visitor) => visitor.post('/account/password', { ...PASSWORD_FORM, _csrf: `${visitor.csrf.slice(0, -2)}xx` }));
  });

  it('refuses an empty token', async () => {
    await expectRefusedPasswordChange((visitor) => visitor.post('/account/password', { ...PASSWORD_FORM, _csrf: '' }));
  });

  it("refuses another session's token", async () => {
    const other = await signedIn(t.app, tenant.users['social-worker'].email);
    expect(other.csrf).not.toBe('');
    await expectRefusedPasswordChange((visitor) => visitor.post('/account/password', { ...PASSWORD_FORM, _csrf: other.csrf }));
  });

  it('refuses the pre-session token once signed in (its cookie is still there)', async () => {
    await expectRefusedPasswordChange((visitor, preSessionToken) => visitor.post('/account/password', { ...PASSWORD_FORM, _csrf: preSessionToken }));
  });

  it('accepts the right token as a form field', async () => {
    const { user, visitor } = await signedInUser();
    const before = await storedHash(user.id);
    const response = await visitor.post('/account/password', PASSWORD_FORM);
    expect(response.statusCode).toBe(200);
    expect(await storedHash(user.id)).not.toBe(before);
  });

  it('accepts the right token in the x-csrf-token header', async () => {
    const { user, visitor } = await signedInUser();
    const before = await storedHash(user.id);
    const response = await visitor.request({
      method: 'POST',
      url: '/account/password',
      payload: new URLSearchParams(PASSWORD_FORM).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': visitor.csrf },
    });
    expect(response.statusCode).toBe(200);
    expect(await storedHash(user.id)).not.toBe(before);
  });

  it('refuses an admin POST without a token and creates no team', async () => {
    // The check runs before routing, so an unregistered URL would be refused just the same: the route must exist.
    expect(t.routes.routes.map((r) => `${r.method} ${r.url}`)).toContain('POST /admin/teams');
    const admin = await signedIn(t.app, tenant.users.admin.email);
    const teams = () => t.db.owner().selectFrom('teams').select('name').where('tenant_id', '=', tenant.id).orderBy('name').execute();
    const before = await teams();
    expectCsrfRefusal(await admin.post('/admin/teams', { name: 'Forged team' }, { csrf: false }));
    expectCsrfRefusal(await admin.post('/admin/teams', { name: 'Forged team', _csrf: 'forged' }));
    expect(await teams()).toEqual(before);

    // With the token, the same POST creates the team: the refusals above were the token's doing.
    expect((await admin.post('/admin/teams', { name: 'Genuine team' })).statusCode).toBe(303);
    expect((await teams()).map((team) => team.name)).toContain('Genuine team');
    expect((await teams()).map((team) => team.name)).not.toContain('Forged team');
  });

  it('refuses sign-out without a token, leaving the session alive', async () => {
    const visitor = await signedIn(t.app, tenant.users['social-worker'].email);
    expectCsrfRefusal(await visitor.post('/sign-out', {}, { csrf: false }));
    expect(visitor.cookies[SESSION_COOKIE]).toBeDefined();
    expect((await visitor.get('/')).statusCode).toBe(200);
  });
});

describe('sign-in', () => {
  it('refuses a sign-in POST without the pre-session token (403) and makes no session', async () => {
    const before = await sessionCount();
    const visitor = new Visitor(t.app);
    await visitor.get('/sign-in');
    const response = await visitor.post('/sign-in', { email: tenant.users['social-worker'].email, password: TEST_PASSWORD }, { csrf: false });
    expectCsrfRefusal(response);
    expect(response.cookies.map((c) => c.name)).not.toContain(SESSION_COOKIE);
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a sign-in POST whose token does not match its pre-session cookie', async () => {
    const mine = new Visitor(t.app);
    await mine.get('/sign-in');
    const someoneElse = new Visitor(t.app);
    await someoneElse.get('/sign-in');
    expect(someoneElse.csrf).not.toBe(mine.csrf);
    const response = await mine.post('/sign-in', { email: tenant.users['social-worker'].email, password: TEST_PASSWORD, _csrf: someoneElse.csrf });
    expectCsrfRefusal(response);
  });

  it('refuses a sign-in POST with a token but no pre-session cookie', async () => {
    const donor = new Visitor(t.app);
    await donor.get('/sign-in');
    const visitor = new Visitor(t.app);
    const response = await visitor.post('/sign-in', { email: tenant.users['social-worker'].email, password: TEST_PASSWORD, _csrf: donor.csrf });
    expectCsrfRefusal(response);
  });

  it('accepts a sign-in POST with its own pre-session token', async () => {
    const visitor = new Visitor(t.app);
    expect((await visitor.signIn(tenant.users['social-worker'].email)).statusCode).toBe(303);
  });
});

describe('tokens', () => {
  it('differ between two sessions of the same user, and from the pre-session token', async () => {
    const first = new Visitor(t.app);
    await first.get('/sign-in');
    const preSession = first.csrf;
    expect((await first.signIn(tenant.users['social-worker'].email)).statusCode).toBe(303);
    await first.get('/');
    const second = await signedIn(t.app, tenant.users['social-worker'].email);
    expect(first.csrf).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(first.csrf).not.toBe(preSession);
    expect(first.csrf).not.toBe(second.csrf);
  });
});
