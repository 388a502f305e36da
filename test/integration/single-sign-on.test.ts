/**
 * Single sign-on (issue 11, "What to build" 1) over HTTP: Wraparound through inject(), the provider a
 * real oidc-provider on a loopback port, the browser's part at the provider played by fetch with its
 * cookies. Every step is the real one: discovery, the authorisation request with PKCE, state and
 * nonce, the provider's sign-in form, the code exchange, the ID token's checks, and RP-initiated logout.
 */
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { paths } from '../../src/platform/http/paths.js';
import { sealSecret, secretKeyFrom } from '../../src/platform/crypto/sealed-secret.js';
import { createServer } from '../../src/server.js';
import { createTestTenant, startTestApp, testConfig, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { configureTestSso, ProviderBrowser, signInThroughProvider, TEST_OIDC_SECRET_KEY } from '../helpers/single-sign-on.js';

const PUBLIC_URL = 'http://wraparound.test';
const MAPPINGS = [
  { groupId: 'g-social-work', role: 'social-worker', teamName: 'North children in need' },
  { groupId: 'g-managers', role: 'team-manager', teamName: 'North children in need' },
  { groupId: 'g-mash', role: 'mash-worker', teamName: null },
  { groupId: 'g-admins', role: 'admin', teamName: null },
];

let t: TestApp;
let tenant: TestTenant;
let provider: TestProvider;
const logs: string[] = [];

beforeAll(async () => {
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  t = await startTestApp({ env: { AUTH_MODE: 'oidc', OIDC_SECRET_KEY: TEST_OIDC_SECRET_KEY, PUBLIC_URL, LOG_LEVEL: 'info' }, logStream });
  tenant = await createTestTenant(t.db);
  provider = await startTestProvider({
    redirectUris: [`${PUBLIC_URL}${paths.sso.callback}`],
    postLogoutRedirectUris: [`${PUBLIC_URL}${paths.signedOut}`],
    accounts: {
      'sub-social-worker': { email: tenant.users['social-worker'].email, name: 'Sam Social', groups: ['g-social-work', 'unrelated'] },
      'sub-mash-manager': { email: tenant.users['mash-manager'].email, name: 'Mo Manager', groups: ['g-unrelated'] },
      'sub-iro': { email: tenant.users.iro.email, name: 'Ira Chair', groups: undefined },
      'sub-new': { email: `new.person@${tenant.slug}.test.invalid`, name: 'Nia New', groups: ['g-mash'] },
      'sub-impostor': { email: tenant.users['social-worker'].email, name: 'Not Sam', groups: ['g-social-work'] },
    },
  });
  await configureTestSso(t.db, tenant.slug, provider, { mappings: MAPPINGS });
});

afterAll(async () => {
  await provider?.close();
  await t?.close();
});

const start = paths.sso.start;

async function rolesOf(userId: string): Promise<string[]> {
  return t.db.tenant(tenant.id, async (trx) => (await trx.selectFrom('users').select('roles').where('id', '=', userId).executeTakeFirstOrThrow()).roles);
}

async function auditSince(since: string) {
  return t.db.tenant(tenant.id, (trx) =>
    trx.selectFrom('audit_events').select(['action', 'actor_id', 'subject_id', 'details', 'seq']).where('seq', '>', since).orderBy('seq').execute(),
  );
}

async function lastSeq(): Promise<string> {
  return t.db.tenant(tenant.id, async (trx) => (await trx.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).seq);
}

describe('signing in through the council’s provider', () => {
  it('offers the council on the sign-in page, and its start sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const visitor = new Visitor(t.app);
    const page = await visitor.get(`${paths.signIn}?returnTo=/people`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign in with your council account');
    expect(page.body).toContain(`href="${start(tenant.slug)}?returnTo=%2Fpeople"`);

    const started = await visitor.get(start(tenant.slug));
    expect(started.statusCode).toBe(303);
    const to = new URL(started.headers.location as string);
    expect(to.origin).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: provider.clientId,
      response_type: 'code',
      redirect_uri: `${PUBLIC_URL}/sign-in/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    for (const name of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(name)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = started.cookies.find((c) => c.name === 'wa_sso_attempt');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/sign-in', maxAge: 600 });
    // The attempt is kept by the hash of the cookie's value, never the value; the verifier never leaves Wraparound.
    const attempts = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('sso_attempts').selectAll().execute());
    const value = (cookie?.value ?? '').split('.')[0] ?? '';
    expect(attempts.some((a) => a.id_hash === value)).toBe(false);
    expect(attempts.some((a) => a.state === to.searchParams.get('state'))).toBe(true);
    expect(to.href).not.toContain(attempts.find((a) => a.state === to.searchParams.get('state'))?.code_verifier ?? 'none');
  });

  it('refuses HEAD on the start and the callback, which would start or use up an attempt', async () => {
    for (const url of [start(tenant.slug), paths.sso.callback]) {
      const response = await t.app.inject({ method: 'HEAD', url });
      expect(response.statusCode, url).toBe(405);
      expect(response.headers.allow).toBe('GET');
    }
  });

  it('answers 404 for a council that does not sign in through a provider', async () => {
    const other = await tenantService(t.db).createTenant(`${tenant.slug}-pw`, 'A password council');
    expect((await new Visitor(t.app).get(start(other.slug))).statusCode).toBe(404);
    expect((await new Visitor(t.app).get(start('no-such-council'))).statusCode).toBe(404);
  });

  it('signs an existing user in, links them to the provider’s subject, sets roles and teams from the groups, and audits it', async () => {
    const user = tenant.users['social-worker'];
    const since = await lastSeq();
    const visitor = new Visitor(t.app);
    const journey = await signInThroughProvider(visitor, new ProviderBrowser(), `${start(tenant.slug)}?returnTo=/people`, { email: user.email });
    expect(journey.callback.statusCode).toBe(303);
    expect(journey.callback.headers.location).toBe('/people');
    expect((await visitor.get('/')).statusCode).toBe(200);
    expect(await rolesOf(user.id)).toEqual(['social-worker']);
    const teams = await t.db.tenant(tenant.id, (trx) =>
      trx.selectFrom('user_teams').innerJoin('teams', 'teams.id', 'user_teams.team_id').select('teams.name').where('user_teams.user_id', '=', user.id).execute(),
    );
    expect(teams.map((r) => r.name)).toEqual(['North children in need']);
    const session = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('sessions').select(['signed_in_with', 'provider_sign_out_url']).where('user_id', '=', user.id).executeTakeFirstOrThrow());
    expect(session.signed_in_with).toBe('single-sign-on');
    expect(session.provider_sign_out_url).toMatch(new RegExp(`^${provider.issuer}/session/end\\?`));
    const identity = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('sso_identities').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow());
    expect(identity).toMatchObject({ issuer: provider.issuer, subject: 'sub-social-worker' });
    const events = await auditSince(since);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.sso-link', 'user.roles-from-groups', 'session.sign-in']));
    expect(events.find((e) => e.action === 'session.sign-in')).toMatchObject({ actor_id: user.id, details: { method: 'single-sign-on' } });
    expect(events.find((e) => e.action === 'user.roles-from-groups')?.details).toMatchObject({ roles: ['social-worker'], previousRoles: ['social-worker'], teams: 1, previousTeams: 0 });
  });

  it('has no Wraparound password to change for someone signed in through the provider, and counts no guesses', async () => {
    const visitor = new Visitor(t.app);
    await signInThroughProvider(visitor, new ProviderBrowser(), start(tenant.slug), { email: tenant.users['social-worker'].email });
    expect((await visitor.get('/')).body).not.toContain('Change your password');
    const page = await visitor.get(paths.account.password);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your password is your council account’s');
    const posted = await visitor.post(paths.account.password, { currentPassword: 'a guess', newPassword: 'another long passphrase', confirmPassword: 'another long passphrase' });
    expect(posted.body).toContain('Your password is your council account’s');
    const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('users').select('failed_sign_ins').where('id', '=', tenant.users['social-worker'].id).executeTakeFirstOrThrow());
    expect(row.failed_sign_ins).toBe(0);
  });

  it('changes the roles to match the groups at the next sign-in, audited with what they were', async () => {
    const user = tenant.users['social-worker'];
    provider.accounts.set('sub-social-worker', { email: user.email, name: 'Sam Social', groups: ['g-managers', 'g-mash'] });
    const since = await lastSeq();
    const journey = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email: user.email });
    expect(journey.callback.statusCode).toBe(303);
    expect(await rolesOf(user.id)).toEqual(['mash-worker', 'team-manager']);
    const change = (await auditSince(since)).find((e) => e.action === 'user.roles-from-groups');
    expect(change?.details).toMatchObject({ roles: ['mash-worker', 'team-manager'], previousRoles: ['social-worker'] });
    provider.accounts.set('sub-social-worker', { email: user.email, name: 'Sam Social', groups: ['g-social-work'] });
  });

  it('refuses someone with no mapped group with a clear page, takes their roles away and ends their sessions, and audits it', async () => {
    // In a mapped group, signed in; then taken out of it at the provider, and signing in again elsewhere.
    const user = tenant.users['mash-manager'];
    provider.accounts.set('sub-mash-manager', { email: user.email, name: 'Mo Manager', groups: ['g-mash'] });
    const signedIn = new Visitor(t.app);
    expect((await signInThroughProvider(signedIn, new ProviderBrowser(), start(tenant.slug), { email: user.email })).callback.statusCode).toBe(303);
    expect((await signedIn.get('/')).statusCode).toBe(200);
    provider.accounts.set('sub-mash-manager', { email: user.email, name: 'Mo Manager', groups: ['g-unrelated'] });
    const since = await lastSeq();
    const journey = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email: user.email });
    expect(journey.callback.statusCode).toBe(403);
    expect(journey.callback.body).toContain('You do not have access to Wraparound');
    expect(journey.callback.body).toContain('not in any group that gives access to Wraparound');
    expect(journey.callback.cookies.find((c) => c.name === 'wa_session')).toBeUndefined();
    expect(await rolesOf(user.id)).toEqual([]);
    expect((await signedIn.get('/')).statusCode).toBe(303);
    const refused = (await auditSince(since)).find((e) => e.action === 'session.sign-in-failed');
    expect(refused).toMatchObject({ actor_id: user.id, details: { method: 'single-sign-on', reason: 'no-mapped-group', groups: 1 } });
  });

  it('refuses groups that would make someone an administrator and a worker with families, changing nothing', async () => {
    const user = tenant.users['mash-worker'];
    provider.accounts.set('sub-mash-worker', { email: user.email, name: 'Max Mash', groups: ['g-mash'] });
    expect((await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email: user.email })).callback.statusCode).toBe(303);
    const before = await rolesOf(user.id);
    provider.accounts.set('sub-mash-worker', { email: user.email, name: 'Max Mash', groups: ['g-mash', 'g-admins'] });
    const journey = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email: user.email });
    expect(journey.callback.statusCode).toBe(403);
    expect(journey.callback.body).toContain('Your council groups give you roles that cannot go together');
    expect(await rolesOf(user.id)).toEqual(before);
    provider.accounts.set('sub-mash-worker', { email: user.email, name: 'Max Mash', groups: ['g-mash'] });
  });

  it('changes nobody’s roles when the provider sends no groups claim at all', async () => {
    const user = tenant.users.iro;
    const journey = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email: user.email });
    expect(journey.callback.statusCode).toBe(403);
    expect(journey.callback.body).toContain('did not say which groups you are in');
    expect(await rolesOf(user.id)).toEqual(['iro']);
  });

  it('makes an account for someone new only when the council allows it', async () => {
    const email = `new.person@${tenant.slug}.test.invalid`;
    const refused = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email });
    expect(refused.callback.statusCode).toBe(403);
    expect(refused.callback.body).toContain('You do not have a Wraparound account yet');
    const none = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('users').select('id').where('email', '=', email).execute());
    expect(none).toEqual([]);

    await configureTestSso(t.db, tenant.slug, provider, { mappings: MAPPINGS, allowNewAccounts: true });
    const since = await lastSeq();
    const visitor = new Visitor(t.app);
    const made = await signInThroughProvider(visitor, new ProviderBrowser(), start(tenant.slug), { email });
    expect(made.callback.statusCode).toBe(303);
    expect((await visitor.get('/')).body).toContain('Nia New');
    const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('users').select(['id', 'name', 'roles', 'password_hash']).where('email', '=', email).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ name: 'Nia New', roles: ['mash-worker'], password_hash: null });
    const created = (await auditSince(since)).find((e) => e.action === 'user.create');
    expect(created).toMatchObject({ subject_id: row.id, details: { via: 'single-sign-on', roles: ['mash-worker'], teams: 0 } });
    await configureTestSso(t.db, tenant.slug, provider, { mappings: MAPPINGS });
  });

  it('refuses a different person at the provider who now has a linked user’s email', async () => {
    // Sam (linked above) moves to another address at the provider, and Sam's old address is given to someone else.
    const email = tenant.users['social-worker'].email;
    provider.accounts.set('sub-social-worker', { email: 'sam.moved@elsewhere.test.invalid', name: 'Sam Social', groups: ['g-social-work'] });
    try {
      const impostor = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email });
      expect(impostor.callback.statusCode).toBe(403);
      expect(impostor.callback.body).toContain('belongs to someone else');
    } finally {
      provider.accounts.set('sub-social-worker', { email, name: 'Sam Social', groups: ['g-social-work'] });
    }
  });
});

describe('the provider’s answer, checked', () => {
  it('refuses an expired ID token with a clear message, and signs nobody in', async () => {
    const since = await lastSeq();
    provider.idTokenExpiresIn = -3600;
    try {
      const journey = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email: tenant.users['social-worker'].email });
      expect(journey.callback.statusCode).toBe(400);
      expect(journey.callback.body).toContain('Your sign-in had expired');
      expect(journey.callback.cookies.find((c) => c.name === 'wa_session')).toBeUndefined();
    } finally {
      provider.idTokenExpiresIn = null;
    }
    const refused = (await auditSince(since)).find((e) => e.action === 'session.sign-in-failed');
    expect(refused?.details).toEqual({ method: 'single-sign-on', reason: 'expired-token', code: 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' });
  });

  it('allows the two clocks to disagree by 30 seconds, and no more', async () => {
    const email = tenant.users['social-worker'].email;
    try {
      provider.idTokenExpiresIn = -10;
      expect((await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email })).callback.statusCode).toBe(303);
      provider.idTokenExpiresIn = -45;
      const late = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email });
      expect(late.callback.statusCode).toBe(400);
      expect(late.callback.body).toContain('Your sign-in had expired');
    } finally {
      provider.idTokenExpiresIn = null;
    }
  });

  it('refuses an answer with another state, one brought back to another browser, and one used twice', async () => {
    const email = tenant.users['social-worker'].email;
    const tampered = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email }, { tamper: (q) => q.set('state', 'not-the-state') });
    expect(tampered.callback.statusCode).toBe(400);
    expect(tampered.callback.body).toContain('Your sign-in could not be checked');

    const elsewhere = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), { email }, { deliverWith: new Visitor(t.app) });
    expect(elsewhere.callback.statusCode).toBe(400);
    expect(elsewhere.callback.body).toContain('Start signing in again');

    const visitor = new Visitor(t.app);
    const once = await signInThroughProvider(visitor, new ProviderBrowser(), start(tenant.slug), { email });
    expect(once.callback.statusCode).toBe(303);
    const again = await visitor.get(`${paths.sso.callback}?${once.callbackQuery}`);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Start signing in again');
  });

  it('refuses when the person cancels at the provider, saying so, and audits the provider’s error code', async () => {
    const since = await lastSeq();
    const journey = await signInThroughProvider(new Visitor(t.app), new ProviderBrowser(), start(tenant.slug), 'cancel');
    expect(journey.callback.statusCode).toBe(403);
    expect(journey.callback.body).toContain('Your council account did not sign you in');
    const refused = (await auditSince(since)).find((e) => e.action === 'session.sign-in-failed');
    expect(refused?.details).toEqual({ method: 'single-sign-on', reason: 'provider-refused', code: 'access_denied' });
  });

  it('says the provider is not answering when it cannot be reached', async () => {
    const down = await startTestProvider({ redirectUris: [`${PUBLIC_URL}${paths.sso.callback}`], postLogoutRedirectUris: [] });
    const council = await tenantService(t.db).createTenant(`${tenant.slug}-down`, 'A council whose provider is down');
    await configureTestSso(t.db, council.slug, down, { mappings: MAPPINGS });
    await down.close();
    const page = await new Visitor(t.app).get(start(council.slug));
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('not answering');
  });
});

describe('signing out', () => {
  it('ends the session at the provider too, whose origin the page’s CSP allows as a form action, and comes back to /signed-out', async () => {
    const visitor = new Visitor(t.app);
    const browser = new ProviderBrowser();
    await signInThroughProvider(visitor, browser, start(tenant.slug), { email: tenant.users['social-worker'].email });
    const home = await visitor.get('/');
    expect(home.headers['content-security-policy']).toContain(`form-action 'self' ${provider.issuer};`);
    const out = await visitor.post(paths.signOut);
    expect(out.statusCode).toBe(303);
    const end = new URL(out.headers.location as string);
    expect(end.origin + end.pathname).toBe(`${provider.issuer}/session/end`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/signed-out`);
    expect(end.searchParams.get('client_id')).toBe(provider.clientId);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect((await visitor.get('/')).statusCode).toBe(303);
    // At the provider: confirm, and the browser is sent back to Wraparound's signed-out page.
    const confirm = await browser.follow(end.href);
    const html = await confirm.page.text();
    expect(html).toContain('Do you want to sign out of your council account?');
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const done = await browser.follow(new URL(action, provider.issuer).href, { form: { xsrf, logout: 'yes' } });
    expect(done.leftFor).toBe(`${PUBLIC_URL}/signed-out`);
    // The provider's own session has ended: the next sign-in asks for the password again.
    const next = await browser.follow((await new Visitor(t.app).get(start(tenant.slug))).headers.location as string);
    expect(await next.page.text()).toContain('Sign in to your council account');
  });

  it('keeps form-action to the service alone for a password session', async () => {
    const visitor = new Visitor(t.app);
    expect((await visitor.signIn(tenant.users.admin.email)).statusCode).toBe(303);
    expect((await visitor.get('/')).headers['content-security-policy']).toContain("form-action 'self';");
    const out = await visitor.post(paths.signOut);
    expect(out.headers.location).toBe(paths.signedOut);
  });
});

describe('passwords in a council that signs in through its provider', () => {
  it('work only for administrators (emergency access, audited as such); everyone else is refused as for a wrong password', async () => {
    const since = await lastSeq();
    const worker = await new Visitor(t.app).signIn(tenant.users['team-manager'].email);
    expect(worker.statusCode).toBe(401);
    expect(worker.body).toContain('The email address or password is not right');
    const admin = await new Visitor(t.app).signIn(tenant.users.admin.email);
    expect(admin.statusCode).toBe(303);
    const events = await auditSince(since);
    expect(events.find((e) => e.action === 'session.sign-in-failed')?.details).toEqual({ reason: 'single-sign-on-only' });
    expect(events.find((e) => e.action === 'session.sign-in')).toMatchObject({ actor_id: tenant.users.admin.id, details: { method: 'password', emergencyAccess: true } });
    // The refusal counts nothing towards a lockout: the password was right.
    const failures = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('users').select('failed_sign_ins').where('id', '=', tenant.users['team-manager'].id).executeTakeFirstOrThrow());
    expect(failures.failed_sign_ins).toBe(0);
  });

  it('work for everyone in a council without single sign-on', async () => {
    const other = await createTestTenant(t.db);
    expect((await new Visitor(t.app).signIn(other.users['social-worker'].email)).statusCode).toBe(303);
  });
});

describe('the settings', () => {
  it('keep the client secret only sealed, are the operator’s to change, and are seen by no other council', async () => {
    const settings = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('sso_settings').selectAll().executeTakeFirstOrThrow());
    expect(settings.client_secret_sealed).toMatch(/^v1\./);
    expect(settings.client_secret_sealed).not.toContain(provider.clientSecret);
    await expect(t.db.tenant(tenant.id, (trx) => trx.updateTable('sso_settings').set({ issuer: 'https://attacker.example' }).execute())).rejects.toThrow(/permission denied/);
    await expect(
      t.db.tenant(tenant.id, (trx) => trx.insertInto('sso_group_mappings').values({ tenant_id: tenant.id, group_id: 'g-anyone', role: 'admin', team_id: null }).execute()),
    ).rejects.toThrow(/permission denied/);
    const other = await createTestTenant(t.db);
    expect(await t.db.tenant(other.id, (trx) => trx.selectFrom('sso_settings').selectAll().execute())).toEqual([]);
    expect(await t.db.tenant(other.id, (trx) => trx.selectFrom('sso_group_mappings').selectAll().execute())).toEqual([]);
    // Before sign-in, the look-up says only which councils use a provider.
    const listed = await t.db.anonymous((trx) => sql<Record<string, unknown>>`select * from auth_sso_tenants()`.execute(trx));
    expect(Object.keys(listed.rows[0] ?? {}).sort()).toEqual(['id', 'name', 'slug']);
    expect(await t.db.anonymous((trx) => trx.selectFrom('sso_settings').selectAll().execute())).toEqual([]);
  });

  it('that cannot be used (the secret sealed with another key) stop sign-in with a page saying so, the log and the audit saying why', async () => {
    const council = await tenantService(t.db).createTenant(`${tenant.slug}-rekeyed`, 'A council whose key was changed');
    await configureTestSso(t.db, council.slug, provider, { mappings: MAPPINGS });
    const otherKey = secretKeyFrom('0f'.repeat(32));
    await t.db
      .owner()
      .updateTable('sso_settings')
      .set({ client_secret_sealed: sealSecret(otherKey, `sso-client-secret:${council.id}`, provider.clientSecret) })
      .where('tenant_id', '=', council.id)
      .execute();
    const page = await new Visitor(t.app).get(start(council.slug));
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('Signing in with your council account is not working');
    expect(logs.join('')).toContain('single sign-on settings cannot be used: The sealed secret could not be opened with this key');
    const events = await t.db.tenant(council.id, (trx) => trx.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'session.sign-in-failed').execute());
    expect(events.map((e) => e.details)).toEqual([{ method: 'single-sign-on', reason: 'settings-unusable' }]);
  });

  it('are not offered, and their pages do not exist, with AUTH_MODE=password', async () => {
    const { app } = await createServer({ ...testConfig(), database: t.config.database }, t.db, { logger: false });
    try {
      await app.ready();
      expect((await app.inject({ url: start(tenant.slug) })).statusCode).toBe(404);
      expect((await app.inject({ url: paths.sso.callback })).statusCode).toBe(404);
      expect((await app.inject({ url: paths.signIn })).body).not.toContain('council account');
    } finally {
      await app.close();
    }
  });
});

describe('the logs', () => {
  it('carry no email, name, code or token from any of these sign-ins', () => {
    const text = logs.join('');
    expect(text).toContain('single sign-on refused');
    for (const secret of [tenant.users['social-worker'].email, 'Sam Social', 'Nia New', 'id_token', 'code=', provider.clientSecret, 'eyJ']) {
      expect(text, secret).not.toContain(secret);
    }
  });
});
