import { describe, expect, it } from 'vitest';
import { paths } from '../../src/platform/http/paths.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { browserTest, follow, signIn } from '../helpers/browser.js';

describe('changing your own password in a browser', () => {
  const b = browserTest();

  it('shows a validation error for a mismatch, then changes the password with a success banner', async () => {
    const page = await b.newPage();
    const email = b.tenant.users['social-worker'].email;
    await signIn(page, email);
    await follow(page, () => page.getByRole('link', { name: 'Change your password' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.account.password);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Change your password');

    const newPassword = 'a whole new set of unrelated words';
    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill('something else entirely, no match');
    const mismatch = await follow(page, () => page.getByRole('button', { name: 'Change password' }).click());
    expect(mismatch.status()).toBe(400);
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const link = summary.getByRole('link', { name: 'The new passwords do not match' });
    expect(await link.getAttribute('href')).toBe('#confirmPassword');
    expect(await page.locator('#confirmPassword-error').innerText()).toContain('The new passwords do not match');

    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);
    const changed = await follow(page, () => page.getByRole('button', { name: 'Change password' }).click());
    expect(changed.status()).toBe(200);
    const banner = page.locator('.govuk-notification-banner--success');
    expect(await banner.innerText()).toContain('Your password has been changed');
    // govuk-frontend focuses a success banner too.
    await expect.poll(() => banner.evaluate((el) => el === document.activeElement)).toBe(true);

    // The new password is the one that works now.
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await signIn(page, email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(paths.signIn);
    await signIn(page, email, newPassword);
    expect(new URL(page.url()).pathname).toBe(paths.home);
  });
});
