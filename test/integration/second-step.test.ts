/**
 * The second step at sign-in for local accounts (issue 11, build 2): setting up an authenticator app
 * with its QR code and key, a code after the password at every sign-in, recovery codes used once, the
 * council's requirement for sensitive roles, wrong codes slowed, a half-signed-in session held on the
 * code page whatever it asks for, and a lost app reset only by a second administrator. Codes are made
 * from the key the set-up page shows, as a phone would; time is moved only by clearing the last step
 * used (`mfa_last_time_step`), never by waiting.
 */
import type { LightMyRequestResponse } from 'fastify';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let tenant: TestTenant;
let passwordHash: string;
let counter = 0;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  passwordHash = await hashPassword(TEST_PASSWORD);
});
afterAll(async () => t?.close());

/** A fresh user of the role, so each test starts with no app and no failed attempts. */
async function newUser(role: string): Promise<{ id: string; email: string }> {
  const email = `second-step-${counter++}@${tenant.slug}.test.invalid`;
  const row = await t.db.tenant(tenant.id, (trx) =>
    trx.insertInto('users').values({ tenant_id: tenant.id, email, name: `Second step tester ${counter}`, roles: [role], password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow(),
  );
  return { id: row.id, email };
}

function codeFor(secret: string, offsetSeconds = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });
}

/** As if the last code was long ago: the next code from the app is accepted again. */
async function forgetLastStep(userId: string): Promise<void> {
  await t.db.owner().updateTable('users').set({ mfa_last_time_step: null }).where('id', '=', userId).execute();
}

function location(response: LightMyRequestResponse): string {
  return String(response.headers.location ?? '');
}

function errorOf(response: LightMyRequestResponse): string {
  return /<p id="code-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span>([^<]*)</.exec(response.body)?.[1]?.trim() ?? '';
}

async function auditActions(userId: string): Promise<{ action: string; details: Record<string, unknown> }[]> {
  return t.db.owner().selectFrom('audit_events').select(['action', 'details']).where('actor_id', '=', userId).orderBy('seq').execute();
}

/** Signs in, sets up an app from the page's key, and answers the key and the recovery codes shown. */
async function setUpApp(visitor: Visitor): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await visitor.get(paths.account.setUpAuthenticatorApp);
  expect(page.statusCode).toBe(200);
  const secret = (/id="setup-key">([^<]+)</.exec(page.body)?.[1] ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  expect(page.body).toMatch(/<div class="wa-qr-code"[^>]*><svg/);
  const done = await visitor.post(paths.account.setUpAuthenticatorApp, { code: codeFor(secret), returnTo: '/' });
  expect(done.statusCode).toBe(200);
  const recoveryCodes = [...done.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] ?? '');
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

async function signInWithPassword(email: string, returnTo = '/'): Promise<Visitor> {
  const visitor = new Visitor(t.app);
  await visitor.get(paths.signIn);
  const response = await visitor.post(paths.signIn, { email, password: TEST_PASSWORD, returnTo });
  expect(response.statusCode).toBe(303);
  // As a browser does: where sign-in leads, and on to the code page if that is where it is held.
  const next = await visitor.get(location(response));
  if (next.statusCode === 303 && location(next).split('?')[0] !== paths.signIn) await visitor.get(location(next));
  return visitor;
}

describe('setting up an authenticator app', () => {
  it('leaves a user without an app signing in as before, and lets them set one up from their sign-in details', async () => {
    const user = await newUser('social-worker');
    const visitor = await signInWithPassword(user.email);
    expect((await visitor.get('/')).statusCode).toBe(200);
    const details = await visitor.get(paths.account.signInDetails);
    expect(details.body).toContain('Not set up');
    expect(details.body).toContain(`href="${paths.account.setUpAuthenticatorApp}"`);

    // The key stays the same on reload, so a code scanned before the reload still works.
    const first = await visitor.get(paths.account.setUpAuthenticatorApp);
    const second = await visitor.get(paths.account.setUpAuthenticatorApp);
    const keyOf = (r: LightMyRequestResponse) => /id="setup-key">([^<]+)</.exec(r.body)?.[1];
    expect(keyOf(first)).toBe(keyOf(second));

    const wrong = await visitor.post(paths.account.setUpAuthenticatorApp, { code: '000000' === codeFor((keyOf(first) ?? '').replace(/\s/g, '')) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong)).toContain('The code is not right');
    const notCode = await visitor.post(paths.account.setUpAuthenticatorApp, { code: 'abc' });
    expect(notCode.statusCode).toBe(400);

    const cookieBefore = visitor.cookies.wa_session;
    const { secret } = await setUpApp(visitor);
    expect(visitor.cookies.wa_session).not.toBe(cookieBefore);
    // The codes page is drawn with the new session: its forms (sign out) carry the new session's token.
    expect((await visitor.post(paths.keepAlive)).statusCode).toBe(204);
    const stored = await t.db.owner().selectFrom('users').select(['mfa_secret_sealed', 'mfa_enrolled_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.mfa_enrolled_at).not.toBeNull();
    expect(stored.mfa_secret_sealed).not.toContain(secret);
    const codes = await t.db.owner().selectFrom('mfa_recovery_codes').select('code_hash').where('user_id', '=', user.id).execute();
    expect(codes).toHaveLength(10);

    // The session goes on (renewed), and the details page now says so.
    const after = await visitor.get(paths.account.signInDetails);
    expect(after.statusCode).toBe(200);
    expect(after.body).toMatch(/Set up on \d/);
    expect(after.body).toContain('Recovery codes left');
    expect((await visitor.get(paths.account.setUpAuthenticatorApp)).statusCode).toBe(303);

    const actions = await auditActions(user.id);
    expect(actions.map((a) => a.action)).toContain('user.app-set-up');
    expect(JSON.stringify(actions)).not.toContain(secret);
  });
});

describe('signing in with the second step', () => {
  it('asks for a code after the password, holds every page until then, and goes where the user was going', async () => {
    const user = await newUser('social-worker');
    const { secret } = await setUpApp(await signInWithPassword(user.email));

    const visitor = new Visitor(t.app);
    await visitor.get(paths.signIn);
    const signIn = await visitor.post(paths.signIn, { email: user.email, password: TEST_PASSWORD, returnTo: '/people' });
    expect(location(signIn)).toBe('/people');
    const held = await visitor.get('/people');
    expect(held.statusCode).toBe(303);
    expect(location(held)).toBe(`${paths.signInCode}?returnTo=%2Fpeople`);
    const page = await visitor.get(location(held));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enter the code from your authenticator app');
    expect(page.body).not.toContain('govuk-service-navigation__item');

    const wrong = await visitor.post(paths.signInCode, { code: codeFor(secret, -120), returnTo: '/people' });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong)).toContain('The code is not right');
    const halfCookie = visitor.cookies.wa_session;

    const right = await visitor.post(paths.signInCode, { code: codeFor(secret, 30), returnTo: '/people' });
    expect(right.statusCode).toBe(303);
    expect(location(right)).toBe('/people');
    expect((await visitor.get('/people')).statusCode).toBe(200);
    // A new session id once the second step is done: the half-signed-in cookie no longer works.
    expect(visitor.cookies.wa_session).not.toBe(halfCookie);
    const stale = new Visitor(t.app);
    stale.cookies.wa_session = halfCookie ?? '';
    expect(location(await stale.get('/'))).toMatch(/^\/sign-in/);

    const actions = (await auditActions(user.id)).map((a) => a.action);
    expect(actions).toContain('session.second-step-failed');
    expect(actions).toContain('session.second-step');
  });

  it('never accepts the same code twice', async () => {
    const user = await newUser('idva');
    const { secret } = await setUpApp(await signInWithPassword(user.email));
    const code = codeFor(secret, 30);
    const first = await signInWithPassword(user.email);
    expect((await first.post(paths.signInCode, { code })).statusCode).toBe(303);
    const second = await signInWithPassword(user.email);
    const replay = await second.post(paths.signInCode, { code });
    expect(replay.statusCode).toBe(400);
    expect((await second.get('/')).statusCode).toBe(303);
  });

  it('takes a recovery code once, says how many are left, and lets the user get new ones', async () => {
    const user = await newUser('mash-worker');
    const { secret, recoveryCodes } = await setUpApp(await signInWithPassword(user.email));
    const [code] = recoveryCodes as [string];

    const visitor = await signInWithPassword(user.email);
    const used = await visitor.post(paths.signInCode, { code: code.toUpperCase().replaceAll('-', ' '), returnTo: '/' });
    expect(used.statusCode).toBe(200);
    expect(used.body).toContain('You signed in with a recovery code');
    expect(used.body).toContain('You have 9 recovery codes left');
    expect((await visitor.post(paths.keepAlive)).statusCode).toBe(204);
    expect((await visitor.get('/')).statusCode).toBe(200);

    const again = await signInWithPassword(user.email);
    expect((await again.post(paths.signInCode, { code })).statusCode).toBe(400);

    // New codes need a code from the app; the old ones stop working.
    await forgetLastStep(user.id);
    const refused = await visitor.post(paths.account.newRecoveryCodes, { code: '12345' });
    expect(refused.statusCode).toBe(400);
    const renewed = await visitor.post(paths.account.newRecoveryCodes, { code: codeFor(secret) });
    expect(renewed.statusCode).toBe(200);
    const fresh = [...renewed.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] ?? '');
    expect(fresh).toHaveLength(10);
    const withOld = await signInWithPassword(user.email);
    expect((await withOld.post(paths.signInCode, { code: recoveryCodes[1] ?? '' })).statusCode).toBe(400);
    expect((await withOld.post(paths.signInCode, { code: fresh[0] ?? '' })).statusCode).toBe(200);
  });

  it('slows wrong codes like wrong passwords, without locking the user out', async () => {
    const user = await newUser('social-worker');
    const { secret } = await setUpApp(await signInWithPassword(user.email));
    const visitor = await signInWithPassword(user.email);
    const wrong = codeFor(secret, -300);
    for (let i = 0; i < 6; i++) expect((await visitor.post(paths.signInCode, { code: wrong })).statusCode).toBe(400);
    const waiting = await visitor.post(paths.signInCode, { code: codeFor(secret, 30) });
    expect(waiting.statusCode).toBe(400);
    expect(errorOf(waiting)).toMatch(/too many wrong codes\. Wait \d+ seconds?/);
    // When the wait is over, the right code works.
    await t.db.owner().updateTable('sign_in_throttle').set({ next_try_at: new Date(Date.now() - 1000) }).execute();
    expect((await visitor.post(paths.signInCode, { code: codeFor(secret, 30) })).statusCode).toBe(303);
  });

  it('holds a half-signed-in session on the code page whatever page it asks for', async () => {
    const user = await newUser('team-manager');
    await setUpApp(await signInWithPassword(user.email));
    const visitor = await signInWithPassword(user.email);
    const pages = t.routes.routes.filter((r) => r.kind === 'page' && r.method === 'GET');
    expect(pages.length).toBeGreaterThan(40);
    for (const route of pages) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await visitor.get(url);
      if (route.url === paths.signInCode) {
        expect(response.statusCode, url).toBe(200);
        continue;
      }
      expect(response.statusCode, url).toBe(303);
      expect(location(response), url).toMatch(new RegExp(`^${paths.signInCode}`));
    }
    // And posts: nothing is changed before the second step.
    const post = await visitor.post('/people/new', { firstName: 'Held', lastName: 'Back' });
    expect(post.statusCode).toBe(303);
    expect(location(post)).toBe(paths.signInCode);
  });
});

describe('a council that requires the second step', () => {
  let otherTenant: TestTenant;
  beforeAll(async () => {
    otherTenant = await createTestTenant(t.db);
    await tenantService(t.db).setSecondStepRequired(otherTenant.id, true);
  });

  it('makes a sensitive role set up an app before anything else, and not a role that sees no case content', async () => {
    const worker = await signInWithPassword(otherTenant.users['social-worker'].email);
    const held = await worker.get('/');
    expect(location(held)).toBe(`${paths.account.setUpAuthenticatorApp}?returnTo=%2F`);
    const page = await worker.get(location(held));
    expect(page.body).toContain('Your council asks everyone who can see children');
    expect((await worker.get(paths.signInCode)).statusCode).toBe(303);
    await setUpApp(worker);
    expect((await worker.get('/')).statusCode).toBe(200);

    const analyst = await signInWithPassword(otherTenant.users.analyst.email);
    expect((await analyst.get('/')).statusCode).toBe(200);
    const details = await analyst.get(paths.account.signInDetails);
    expect(details.body).not.toContain('Your council requires an authenticator app');
  });

  it('is recorded in the audit log when it is turned on', async () => {
    const rows = await t.db.owner().selectFrom('audit_events').select('details').where('tenant_id', '=', otherTenant.id).where('action', '=', 'tenant.second-step').execute();
    expect(rows.map((r) => r.details)).toContainEqual({ required: true });
  });
});

describe('resetting a lost app', () => {
  it('needs one administrator to ask with a reason and another to approve; then the user sets up again', async () => {
    const user = await newUser('social-worker');
    const { secret } = await setUpApp(await signInWithPassword(user.email));
    const userSession = await signInWithPassword(user.email);
    await forgetLastStep(user.id);
    expect((await userSession.post(paths.signInCode, { code: codeFor(secret) })).statusCode).toBe(303);

    const adminA = await newUser('admin');
    const adminB = await newUser('admin');
    const signedInAdmin = async (admin: { email: string }) => {
      const v = await signInWithPassword(admin.email);
      expect((await v.get('/')).statusCode).toBe(200);
      return v;
    };
    const a = await signedInAdmin(adminA);
    const b = await signedInAdmin(adminB);

    const page = await a.get(paths.admin.user(user.id));
    expect(page.body).toContain('Ask to reset authenticator app');
    const noReason = await a.post(paths.admin.userResetAuthenticatorApp(user.id), { appResetReason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter why the authenticator app needs to be reset');
    const asked = await a.post(paths.admin.userResetAuthenticatorApp(user.id), { appResetReason: 'Phone lost on a home visit; confirmed by phone call' });
    expect(location(asked)).toBe(`${paths.admin.user(user.id)}?done=app-reset-requested`);
    const twice = await a.post(paths.admin.userResetAuthenticatorApp(user.id), { appResetReason: 'again' });
    expect(twice.statusCode).toBe(409);

    const request = await t.db.owner().selectFrom('mfa_reset_requests').select('id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    // The one who asked cannot approve; the page says why.
    const own = await a.post(paths.admin.approveAppReset(request.id), { userId: user.id });
    expect(own.statusCode).toBe(403);
    expect(own.body).toContain('You asked for this reset');
    expect((await t.db.owner().selectFrom('users').select('mfa_enrolled_at').where('id', '=', user.id).executeTakeFirstOrThrow()).mfa_enrolled_at).not.toBeNull();

    const approved = await b.post(paths.admin.approveAppReset(request.id), { userId: user.id });
    expect(location(approved)).toBe(`${paths.admin.user(user.id)}?done=app-reset-approved`);
    const after = await t.db.owner().selectFrom('users').select(['mfa_enrolled_at', 'mfa_secret_sealed']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ mfa_enrolled_at: null, mfa_secret_sealed: null });
    expect(await t.db.owner().selectFrom('mfa_recovery_codes').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
    // Signed out everywhere; the next sign-in asks for no code, and the user can set up a new app.
    expect(location(await userSession.get('/'))).toMatch(/^\/sign-in/);
    const again = await signInWithPassword(user.email);
    expect((await again.get('/')).statusCode).toBe(200);

    const events = await t.db.owner().selectFrom('audit_events').select(['action', 'actor_id']).where('action', 'like', 'app-reset.%').where('subject_id', '=', request.id).orderBy('seq').execute();
    expect(events).toEqual([
      { action: 'app-reset.request', actor_id: adminA.id },
      { action: 'app-reset.approve', actor_id: adminB.id },
    ]);
  });

  it('refuses a reset asked for one’s own app, and one for a user with no app', async () => {
    const admin = await newUser('admin');
    const v = await signInWithPassword(admin.email);
    await v.get('/');
    const own = await v.post(paths.admin.userResetAuthenticatorApp(admin.id), { appResetReason: 'Lost my phone' });
    expect(own.statusCode).toBe(403);
    expect(own.body).toContain('You cannot ask for your own authenticator app to be reset');
    const noApp = await newUser('social-worker');
    const none = await v.post(paths.admin.userResetAuthenticatorApp(noApp.id), { appResetReason: 'Lost phone' });
    expect(none.statusCode).toBe(409);
    expect(none.body).toContain('has no authenticator app set up');
  });
});
