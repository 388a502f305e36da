import { describe, expect, it } from 'vitest';
import { paths } from '../../src/platform/http/paths.js';
import type { Page } from 'playwright-core';
import { browserTest, follow, pathOf, signIn, visit } from '../helpers/browser.js';

async function expectFocusedErrorSummary(page: Page, messages: string[]): Promise<void> {
  const summary = page.locator('.govuk-error-summary');
  await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
  for (const message of messages) expect(await summary.getByRole('link', { name: message }).count(), `error summary links "${message}"`).toBe(1);
}

describe('administration in a browser', () => {
  const b = browserTest();

  it('adds a user, shows their temporary password and account, and makes them choose a password', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.admin.email);
    const nav = page.getByRole('navigation', { name: 'Menu' });

    await follow(page, () => nav.getByRole('link', { name: 'Users' }).click());
    expect(pathOf(page)).toBe(paths.admin.users);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Users');
    expect(await page.getByRole('table').innerText()).toContain('Test social-worker');

    await follow(page, () => page.getByRole('button', { name: 'Add a user' }).click());
    expect(pathOf(page)).toBe(paths.admin.newUser);

    const empty = await follow(page, () => page.getByRole('button', { name: 'Add user' }).click());
    expect(empty.status()).toBe(400);
    await expectFocusedErrorSummary(page, ['Enter the full name', 'Enter the email address', 'Choose at least one role']);

    await page.getByLabel('Full name').fill('Ada Okafor');
    await page.getByLabel('Work email address').fill('ada.okafor@example.gov.uk');
    await page.getByRole('group', { name: 'Roles' }).getByLabel('Social worker', { exact: true }).check();
    const added = await follow(page, () => page.getByRole('button', { name: 'Add user' }).click());
    expect(added.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ada Okafor has been added');
    const temporaryPassword = await page.locator('[data-temporary-password]').innerText();
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    await follow(page, () => page.getByRole('link', { name: 'View Ada Okafor’s account' }).click());
    expect(pathOf(page)).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ada Okafor');
    const facts = await page.locator('.govuk-summary-list').innerText();
    expect(facts).toContain('ada.okafor@example.gov.uk');
    expect(facts).toContain('Social worker');

    // The new user signs in with the temporary password and must choose their own first.
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await signIn(page, 'ada.okafor@example.gov.uk', temporaryPassword);
    expect(pathOf(page)).toBe(paths.account.password);
    expect(await page.locator('main').innerText()).toContain('Choose your own password before you carry on');
  });

  it('adds a team and puts a user in it', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.admin.email);
    const nav = page.getByRole('navigation', { name: 'Menu' });
    await follow(page, () => nav.getByRole('link', { name: 'Teams' }).click());
    expect(pathOf(page)).toBe(paths.admin.teams);
    const noName = await follow(page, () => page.getByRole('button', { name: 'Add team' }).click());
    expect(noName.status()).toBe(400);
    await expectFocusedErrorSummary(page, ['Enter the team name']);
    await page.getByLabel('Team name').fill('Assessment team North');
    await follow(page, () => page.getByRole('button', { name: 'Add team' }).click());
    expect(pathOf(page)).toBe(paths.admin.teams);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Team added: Assessment team North');
    expect(await page.getByRole('table').innerText()).toContain('Assessment team North');

    // To a user through the list, and into the team.
    await follow(page, () => nav.getByRole('link', { name: 'Users' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Test team-manager' }).click());
    const userPage = paths.admin.user(b.tenant.users['team-manager'].id);
    expect(pathOf(page)).toBe(userPage);
    await page.getByRole('group', { name: 'Teams' }).getByLabel('Assessment team North').check();
    await follow(page, () => page.getByRole('button', { name: 'Save changes' }).click());
    expect(pathOf(page)).toBe(userPage);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('The changes have been saved');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Assessment team North');
  });

  it('lets an auditor read the audit log', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.auditor.email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click());
    expect(pathOf(page)).toBe(paths.audit.events);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Audit log');
    const table = page.getByRole('table');
    // At least the auditor's own sign-in and page views are there.
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await table.innerText()).toContain('Test auditor');
    expect(await table.locator('[data-action]').allInnerTexts()).toContain('page.view');
  });

  it('shows a social worker the access denied page for the admin pages', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' }).count()).toBe(0);
    const response = await visit(page, paths.admin.users);
    expect(response.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You do not have access to this page');
    expect(await page.title()).toBe('You do not have access to this page – Wraparound');
  });
});
