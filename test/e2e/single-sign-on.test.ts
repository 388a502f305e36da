/**
 * Single sign-on in Chromium (issue 11, "What to build" 1): Wraparound with AUTH_MODE=oidc on one
 * loopback address, a real OpenID provider (oidc-provider) on another site (`localhost`, so the
 * provider's redirect back is cross-site, as with Entra ID), and every page on the way checked with
 * axe: Wraparound's and the provider's. Signing in, a refused group, an expired ID token, and a group
 * changed at the provider that changes the roles at the next sign-in.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, follow, pathOf, visit } from '../helpers/browser.js';
import { PROVIDER_PASSWORD, startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { configureTestSso, TEST_OIDC_SECRET_KEY } from '../helpers/single-sign-on.js';

const b = browserTest({}, { env: { AUTH_MODE: 'oidc', OIDC_SECRET_KEY: TEST_OIDC_SECRET_KEY } });
let provider: TestProvider;

beforeAll(async () => {
  provider = await startTestProvider({
    host: 'localhost',
    redirectUris: [`${b.baseUrl}${paths.sso.callback}`],
    postLogoutRedirectUris: [`${b.baseUrl}${paths.signedOut}`],
    accounts: {
      'sub-sam': { email: b.tenant.users['social-worker'].email, name: 'Sam Social', groups: ['g-social-work'] },
      'sub-mo': { email: b.tenant.users['mash-worker'].email, name: 'Mo Mash', groups: ['g-finance'] },
    },
  });
  await configureTestSso(b.t.db, b.tenant.slug, provider, {
    mappings: [
      { groupId: 'g-social-work', role: 'social-worker', teamName: 'North children in need' },
      { groupId: 'g-managers', role: 'team-manager', teamName: 'North children in need' },
    ],
  });
});

afterAll(() => provider?.close());

/** From the sign-in page, through the provider's form, to wherever Wraparound sends the browser. */
async function signInThroughProvider(page: Page, email: string) {
  await visit(page, paths.signIn);
  const atProvider = await follow(page, () => page.getByRole('button', { name: 'Sign in with your council account' }).click());
  expect(new URL(atProvider.url()).origin).toBe(provider.issuer);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to your council account');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PROVIDER_PASSWORD);
  return follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
}

/** Signs out of Wraparound and, at the provider's question, of the council account too. */
async function signOutOfBoth(page: Page) {
  await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
  expect(new URL(page.url()).origin).toBe(provider.issuer);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Do you want to sign out of your council account?');
  await follow(page, () => page.getByRole('button', { name: 'Yes, sign me out' }).click());
  expect(new URL(page.url()).origin).toBe(b.baseUrl);
  expect(pathOf(page)).toBe(paths.signedOut);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You have signed out');
}

describe('single sign-on in a browser', () => {
  it('signs in through the council’s provider and out of both, the next sign-in asking for the password again', async () => {
    const page = await b.newPage();
    await visit(page, paths.signIn);
    expect(await page.getByRole('heading', { level: 2 }).innerText()).toBe('Sign in with a password');
    await page.screenshot({ path: '/tmp/wraparound-sso-sign-in.png', fullPage: true });
    const home = await signInThroughProvider(page, b.tenant.users['social-worker'].email);
    expect(home.status()).toBe(200);
    expect(new URL(page.url()).origin).toBe(b.baseUrl);
    expect(pathOf(page)).toBe(paths.home);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Hello, Test social-worker');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Social worker');

    // The CSP of this page lets its sign-out form go on to the provider (Chromium holds redirects to form-action).
    await signOutOfBoth(page);
    await follow(page, () => page.getByRole('link', { name: 'Sign in again' }).click());
    const atProvider = await follow(page, () => page.getByRole('button', { name: 'Sign in with your council account' }).click());
    expect(new URL(atProvider.url()).origin).toBe(provider.issuer);
    expect(await page.getByLabel('Password').count()).toBe(1);
    await page.screenshot({ path: '/tmp/wraparound-sso-provider.png', fullPage: true });
  });

  it('refuses someone whose groups give no access, with a page that says so', async () => {
    const page = await b.newPage();
    const refused = await signInThroughProvider(page, b.tenant.users['mash-worker'].email);
    expect(refused.status()).toBe(403);
    expect(pathOf(page)).toBe(paths.sso.callback);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You do not have access to Wraparound');
    expect(await page.getByText('not in any group that gives access to Wraparound').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/wraparound-sso-refused.png', fullPage: true });
  });

  it('refuses an expired ID token with a clear message and a way to start again', async () => {
    provider.idTokenExpiresIn = -3600;
    try {
      const page = await b.newPage();
      const refused = await signInThroughProvider(page, b.tenant.users['social-worker'].email);
      expect(refused.status()).toBe(400);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your sign-in had expired');
      expect(await page.getByRole('button', { name: 'Sign in again' }).getAttribute('href')).toBe(paths.sso.start(b.tenant.slug));
      // Nobody was signed in.
      await visit(page, paths.home);
      expect(pathOf(page)).toBe(paths.signIn);
    } finally {
      provider.idTokenExpiresIn = null;
    }
  });

  it('changes the roles at the next sign-in when the groups at the provider change', async () => {
    const page = await b.newPage();
    const email = b.tenant.users['social-worker'].email;
    provider.accounts.set('sub-sam', { email, name: 'Sam Social', groups: ['g-social-work'] });
    await signInThroughProvider(page, email);
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Social worker');
    await signOutOfBoth(page);

    // Sam is made a team manager at the council: the groups claim changes, and so do the roles.
    provider.accounts.set('sub-sam', { email, name: 'Sam Social', groups: ['g-managers'] });
    await signInThroughProvider(page, email);
    expect(pathOf(page)).toBe(paths.home);
    const summary = await page.locator('.govuk-summary-list').innerText();
    expect(summary).toContain('Team manager');
    expect(summary).not.toContain('Social worker');
    const roles = await b.t.db.tenant(b.tenant.id, async (trx) => (await trx.selectFrom('users').select('roles').where('email', '=', email).executeTakeFirstOrThrow()).roles);
    expect(roles).toEqual(['team-manager']);
  });
});
