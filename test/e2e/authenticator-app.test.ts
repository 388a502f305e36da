/**
 * The second step at sign-in in a browser (issue 11, build 2): a council that requires it sends a
 * social worker to set up an authenticator app first (QR code and typed key), shows the recovery codes
 * once, and asks for a code at the next sign-in; a recovery code signs in once; a lost app is reset by
 * two administrators. Codes are made from the key the page shows, as the phone's app would.
 */
import { generateSync } from 'otplib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { paths } from '../../src/platform/http/paths.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { browserTest, follow, pathOf, signIn, visit } from '../helpers/browser.js';

function codeFor(secret: string, offsetSeconds = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });
}

async function heading(page: Page): Promise<string> {
  return page.getByRole('heading', { level: 1 }).innerText();
}

/** On the set-up page: reads the key, enters a code from it, and answers the key and the recovery codes shown. */
async function setUpApp(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  expect(await heading(page)).toBe('Set up an authenticator app');
  expect(await page.getByRole('img', { name: /QR code/ }).locator('svg').count()).toBe(1);
  const secret = (await page.locator('#setup-key').innerText()).replace(/\s/g, '');
  await page.getByLabel('Enter the 6-digit code the app shows').fill(codeFor(secret));
  await follow(page, () => page.getByRole('button', { name: 'Set up app' }).click());
  expect(await page.locator('h1').innerText()).toBe('Your authenticator app is set up');
  const recoveryCodes = (await page.locator('#recovery-codes li').allInnerTexts()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

describe('the authenticator app in a browser', () => {
  const b = browserTest();

  it('a council that requires it: set up at first sign-in, then a code at every sign-in', async () => {
    await tenantService(b.t.db).setSecondStepRequired(b.tenant.id, true);
    try {
      const page = await b.newPage();
      await signIn(page, b.tenant.users['social-worker'].email);
      expect(pathOf(page)).toBe(paths.account.setUpAuthenticatorApp);
      expect(await page.locator('main').innerText()).toContain('Your council asks everyone who can see children’s and families’ records');
      // Nothing else opens before the app is set up, and the menu offers nothing.
      expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link').count()).toBe(0);
      await visit(page, '/people');
      expect(pathOf(page)).toBe(paths.account.setUpAuthenticatorApp);

      await page.getByLabel('Enter the 6-digit code the app shows').fill('12');
      const refused = await follow(page, () => page.getByRole('button', { name: 'Set up app' }).click());
      expect(refused.status()).toBe(400);
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the 6-digit code your authenticator app shows');

      const { secret } = await setUpApp(page);
      await follow(page, () => page.getByRole('button', { name: 'I have saved my recovery codes: continue' }).click());
      expect(pathOf(page)).toBe('/people');

      await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
      await signIn(page, b.tenant.users['social-worker'].email);
      expect(pathOf(page)).toBe(paths.signInCode);
      expect(await heading(page)).toBe('Enter the code from your authenticator app');
      await page.getByLabel('Enter the code from your authenticator app').fill(codeFor(secret, -600));
      const wrong = await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
      expect(wrong.status()).toBe(400);
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('The code is not right');
      await page.getByLabel('Enter the code from your authenticator app').fill(codeFor(secret, 30));
      await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
      expect(pathOf(page)).toBe(paths.home);

      await follow(page, () => page.getByRole('link', { name: 'Test social-worker' }).click());
      expect(await heading(page)).toBe('Your sign-in details');
      expect(await page.locator('.govuk-summary-list').innerText()).toMatch(/Authenticator app\s+Set up on/);
    } finally {
      await tenantService(b.t.db).setSecondStepRequired(b.tenant.id, false);
    }
  });

  it('a recovery code signs in once; a lost app is reset by one administrator asking and another approving', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.idva.email);
    await follow(page, () => page.getByRole('link', { name: 'Test idva' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Set up an authenticator app' }).click());
    const { recoveryCodes } = await setUpApp(page);
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    await signIn(page, b.tenant.users.idva.email);
    await page.getByText('I cannot use my authenticator app').click();
    await page.getByLabel('Enter the code from your authenticator app').fill(recoveryCodes[0] ?? '');
    await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await heading(page)).toBe('You signed in with a recovery code');
    expect(await page.locator('main').innerText()).toContain('You have 9 recovery codes left');
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    // A second administrator for the tenant.
    const secondAdmin = `second-admin@${b.tenant.slug}.test.invalid`;
    await b.t.db.tenant(b.tenant.id, async (trx) =>
      trx.insertInto('users').values({ tenant_id: b.tenant.id, email: secondAdmin, name: 'Second administrator', roles: ['admin'], password_hash: await hashPassword(TEST_PASSWORD) }).execute(),
    );
    const idvaPage = paths.admin.user(b.tenant.users.idva.id);

    await signIn(page, b.tenant.users.admin.email);
    await visit(page, idvaPage);
    await page.getByLabel('Why does the app need to be reset?').fill('Phone stolen; she rang the duty desk from a colleague’s phone');
    await follow(page, () => page.getByRole('button', { name: 'Ask to reset authenticator app' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('another administrator must approve it');
    expect(await page.locator('main').innerText()).toContain('You asked for this reset. Another administrator must approve or refuse it.');
    expect(await page.getByRole('button', { name: 'Approve reset' }).count()).toBe(0);
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    await signIn(page, secondAdmin);
    await visit(page, idvaPage);
    await follow(page, () => page.getByRole('button', { name: 'Approve reset' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The authenticator app has been reset');
    expect(await page.locator('#authenticator-app + p').innerText()).toBe('Not set up.');
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    // The old recovery codes went with the app: she signs in with her password alone and may set up again.
    await signIn(page, b.tenant.users.idva.email);
    expect(pathOf(page)).toBe(paths.home);
  });
});
