/**
 * Changing your own password (issue 2, item 5): every bad form is a field error that changes
 * nothing; a good one replaces the password and is audited; a user whose password was set by an
 * administrator must change it before anything else.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { signedIn, startTestApp, TEST_PASSWORD, Visitor, type TestApp } from '../helpers/app.js';

let t: TestApp;
let tenantId: string;
let tenantSlug: string;
let passwordHash: string;
let userCounter = 0;

const NEW_PASSWORD = 'a-quite-different-passphrase';

/** A fresh user with TEST_PASSWORD, so each test changes only its own password. */
async function newUser(options: { mustChangePassword?: boolean } = {}): Promise<{ id: string; email: string }> {
  const email = `pw-${userCounter++}@${tenantSlug}.test.invalid`;
  const row = await t.db.tenant(tenantId, (trx) =>
    trx
      .insertInto('users')
      .values({ tenant_id: tenantId, email, name: 'Password tester', roles: ['social-worker'], password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  if (options.mustChangePassword) {
    await t.db.owner().updateTable('users').set({ must_change_password: true }).where('id', '=', row.id).execute();
  }
  return { id: row.id, email };
}

function changePassword(visitor: Visitor, fields: { currentPassword: string; newPassword: string; confirmPassword: string }) {
  return visitor.post('/account/password', fields);
}

async function storedHash(userId: string): Promise<string | null> {
  const row = await t.db.owner().selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.password_hash;
}

/** The field's GOV.UK inline error message and the error summary's link to it. */
function expectFieldError(response: LightMyRequestResponse, field: string, message: RegExp): void {
  expect(response.statusCode).toBe(400);
  expect(response.body).toContain('There is a problem');
  expect(response.body).toContain(`href="#${field}"`);
  const inline = new RegExp(`id="${field}-error"[^>]*>\\s*<span class="govuk-visually-hidden">Error:</span>([^<]*)<`).exec(response.body)?.[1];
  expect(inline?.trim()).toMatch(message);
}

async function sessionCount(userId: string): Promise<number> {
  const rows = await t.db.owner().selectFrom('sessions').select('id_hash').where('user_id', '=', userId).execute();
  return rows.length;
}

async function signInStatus(email: string, password: string): Promise<number> {
  return (await new Visitor(t.app).signIn(email, password)).statusCode;
}

function passwordChangeEvents(userId: string) {
  return t.db
    .owner()
    .selectFrom('audit_events')
    .select(['actor_id', 'subject_id'])
    .where('tenant_id', '=', tenantId)
    .where('action', '=', 'user.password-change')
    .where('subject_id', '=', userId)
    .execute();
}

beforeAll(async () => {
  t = await startTestApp();
  tenantSlug = `pw-${Date.now().toString(36)}`;
  tenantId = (await tenantService(t.db).createTenant(tenantSlug, 'Password council')).id;
  passwordHash = await hashPassword(TEST_PASSWORD);
});
afterAll(() => t.close());

describe('a refused change', () => {
  it('gives field errors for each bad form and leaves the password as it was', async () => {
    const user = await newUser();
    const visitor = await signedIn(t.app, user.email);
    const before = await storedHash(user.id);

    expectFieldError(
      await changePassword(visitor, { currentPassword: 'not-my-password-at-all', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
      'currentPassword',
      /current password is not right/,
    );
    expectFieldError(
      await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: 'elevenchars', confirmPassword: 'elevenchars' }),
      'newPassword',
      /at least 12 characters/,
    );
    expectFieldError(
      await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` }),
      'confirmPassword',
      /do not match/,
    );
    expectFieldError(
      await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD }),
      'newPassword',
      /different from your current one/,
    );
    expectFieldError(await changePassword(visitor, { currentPassword: '', newPassword: '', confirmPassword: '' }), 'currentPassword', /Enter your current password/);

    expect(await storedHash(user.id)).toBe(before);
    expect(await passwordChangeEvents(user.id)).toHaveLength(0);
    expect(await signInStatus(user.email, TEST_PASSWORD)).toBe(303);
    expect(await signInStatus(user.email, NEW_PASSWORD)).toBe(401);
  });

  it('refuses a new password that is common or a pattern, saying why', async () => {
    const user = await newUser();
    const visitor = await signedIn(t.app, user.email);
    for (const weak of ['aaaaaaaaaaaa', 'passwordpassword', 'Password2026!']) {
      expectFieldError(await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: weak, confirmPassword: weak }), 'newPassword', /harder to guess/);
    }
    expect(await signInStatus(user.email, TEST_PASSWORD)).toBe(303);
  });

  it('stops guessing of the current password: the fifth wrong one signs the user out everywhere and locks the account', async () => {
    const user = await newUser();
    const visitor = await signedIn(t.app, user.email);
    const other = await signedIn(t.app, user.email);
    for (let guess = 1; guess <= 4; guess++) {
      expectFieldError(await changePassword(visitor, { currentPassword: `wrong guess number ${guess}`, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }), 'currentPassword', /not right/);
    }
    const fifth = await changePassword(visitor, { currentPassword: 'wrong guess number 5', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(fifth.statusCode).toBe(403);
    expect(fifth.body).toContain('You have been signed out');
    expect((await visitor.get('/')).headers.location).toMatch(/^\/sign-in/);
    expect((await other.get('/')).headers.location).toMatch(/^\/sign-in/);
    expect(await signInStatus(user.email, TEST_PASSWORD)).toBe(401);
    const actions = await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', user.id).execute();
    expect(actions.filter((a) => a.action === 'user.password-change-refused')).toHaveLength(5);
    expect(actions.filter((a) => a.action === 'user.locked')).toHaveLength(1);
  });

  it('accepts a new password of exactly 12 characters', async () => {
    const user = await newUser();
    const visitor = await signedIn(t.app, user.email);
    const twelve = 'twelve-chars';
    expect(twelve).toHaveLength(12);
    const response = await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: twelve, confirmPassword: twelve });
    expect(response.statusCode).toBe(200);
    expect(await signInStatus(user.email, twelve)).toBe(303);
  });
});

describe('a successful change', () => {
  it('replaces the password and audits it', async () => {
    const user = await newUser();
    const visitor = await signedIn(t.app, user.email);
    const response = await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Your password has been changed');

    expect(await signInStatus(user.email, TEST_PASSWORD)).toBe(401);
    expect(await signInStatus(user.email, NEW_PASSWORD)).toBe(303);
    const events = await passwordChangeEvents(user.id);
    expect(events).toEqual([{ actor_id: user.id, subject_id: user.id }]);
    expect(await storedHash(user.id)).toMatch(/^\$argon2id\$/);
  });
});

describe('a password set by an administrator', () => {
  it('sends the user to /account/password from every other page until they change it', async () => {
    const user = await newUser({ mustChangePassword: true });
    const visitor = new Visitor(t.app);
    expect((await visitor.signIn(user.email)).statusCode).toBe(303);

    for (let i = 0; i < 2; i++) {
      const home = await visitor.get('/');
      expect(home.statusCode).toBe(303);
      expect(home.headers.location).toBe('/account/password');
    }
    const form = await visitor.get('/account/password');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose your own password before you carry on');

    // A failed attempt does not lift the requirement.
    expectFieldError(await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' }), 'newPassword', /12 characters/);
    expect((await visitor.get('/')).headers.location).toBe('/account/password');

    expect((await changePassword(visitor, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await visitor.get('/')).statusCode).toBe(200);
    const row = await t.db.owner().selectFrom('users').select('must_change_password').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(false);
  });

  it('still lets them sign out', async () => {
    const user = await newUser({ mustChangePassword: true });
    const visitor = new Visitor(t.app);
    expect((await visitor.signIn(user.email)).statusCode).toBe(303);
    await visitor.get('/account/password');
    const response = await visitor.post('/sign-out');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/signed-out');
  });
});

describe('a password change ends the other sessions', () => {
  it("signs out every other session of the user but keeps this one, and leaves other users' sessions alone", async () => {
    const user = await newUser();
    const bystander = await newUser();
    const here = await signedIn(t.app, user.email);
    const elsewhere = await signedIn(t.app, user.email);
    const someoneElse = await signedIn(t.app, bystander.email);
    expect(await sessionCount(user.id)).toBe(2);

    const res = await changePassword(here, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect((await here.get('/')).statusCode).toBe(200);
    const other = await elsewhere.get('/');
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toMatch(/^\/sign-in/);
    expect(await sessionCount(user.id)).toBe(1);

    // Only this user's sessions end: another user stays signed in.
    expect((await someoneElse.get('/')).statusCode).toBe(200);
    expect(await sessionCount(bystander.id)).toBe(1);
  });
});
