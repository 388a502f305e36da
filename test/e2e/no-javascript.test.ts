import { describe, expect, it } from 'vitest';
import { paths } from '../../src/platform/http/paths.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { browserTest, follow, hasChromium, signIn, visit } from '../helpers/browser.js';

describe.skipIf(!hasChromium)('with JavaScript switched off', () => {
  const b = browserTest({ javaScriptEnabled: false });

  it('signs in, shows a validation error, and changes a password with plain HTML forms', async () => {
    const page = await b.newPage();
    // Scripts really are off: govuk-frontend never marks the page as supported.
    await visit(page, paths.signIn);
    expect(await page.locator('body').getAttribute('class')).not.toContain('govuk-frontend-supported');

    const empty = await follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(empty.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter your email address');

    await signIn(page, b.tenant.users.iro.email);
    expect(new URL(page.url()).pathname).toBe(paths.home);
    // Without scripts the password fields have no show/hide button, but they still work.
    await follow(page, () => page.getByRole('link', { name: 'Change your password' }).click());
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill('a whole new set of unrelated words');
    await page.getByLabel('New password again').fill('a whole new set of unrelated words');
    const wrong = await follow(page, () => page.getByRole('button', { name: 'Change password' }).click());
    expect(wrong.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/current password/i);

    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a whole new set of unrelated words');
    await page.getByLabel('New password again').fill('a whole new set of unrelated words');
    const changed = await follow(page, () => page.getByRole('button', { name: 'Change password' }).click());
    expect(changed.status()).toBe(200);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Your password has been changed');

    // The sign-out button is a plain form too.
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.signedOut);
  });

  it('adds a team with a plain HTML form, after a validation error', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.admin.email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Teams' }).click());
    const empty = await follow(page, () => page.getByRole('button', { name: 'Add team' }).click());
    expect(empty.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the team name');
    expect(await page.locator('#name-error').innerText()).toContain('Enter the team name');
    await page.getByLabel('Team name').fill('Family support East');
    await follow(page, () => page.getByRole('button', { name: 'Add team' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.admin.teams);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Team added: Family support East');
  });
});
