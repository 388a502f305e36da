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

  it('adds a user, sends them a link to choose a password (never shown), and they sign in with it', async () => {
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
    await page.getByRole('group', { name: 'Roles' }).getByLabel('Analyst', { exact: true }).check();
    const added = await follow(page, () => page.getByRole('button', { name: 'Add user' }).click());
    expect(added.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ada Okafor has been added');
    expect(await page.locator('main').innerText()).toContain('A link to set their password has been sent to them');
    expect(await page.locator('[data-temporary-password]').count()).toBe(0);

    await follow(page, () => page.getByRole('link', { name: 'View Ada Okafor’s account' }).click());
    expect(pathOf(page)).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ada Okafor');
    const facts = await page.locator('.govuk-summary-list').innerText();
    expect(facts).toContain('ada.okafor@example.gov.uk');
    expect(facts).toContain('Analyst');
    expect(facts).toContain('Waiting to choose a password');

    // The link went to Ada's outbox, which only a mail sender reads; the pages never showed it.
    const userId = pathOf(page).split('/').at(-1)!;
    const message = await b.t.db.owner().selectFrom('outbound_messages').select('body').where('to_user_id', '=', userId).executeTakeFirstOrThrow();
    const link = /\/account\/reset\/[A-Za-z0-9_-]+/.exec(message.body)![0];
    expect(await page.content()).not.toContain(link);

    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await visit(page, link);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Choose your password');
    await page.getByLabel('New password', { exact: true }).fill('ada chooses her own passphrase');
    await page.getByLabel('New password again').fill('ada chooses her own passphrase');
    await follow(page, () => page.getByRole('button', { name: 'Set password' }).click());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your password has been set');
    await follow(page, () => page.getByRole('link', { name: 'Sign in to Wraparound' }).click());
    await page.getByLabel('Email address').fill('ada.okafor@example.gov.uk');
    await page.getByLabel('Password', { exact: true }).fill('ada chooses her own passphrase');
    await follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(pathOf(page)).toBe(paths.home);

    // Used once: the link now says so.
    const again = await visit(page, link);
    expect(again.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('This link no longer works');
  });

  it('sends a role that sees case content for another administrator’s approval, and offers no roles on one’s own page', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.admin.email);
    const worker = b.tenant.users['mash-worker'];
    await visit(page, paths.admin.user(worker.id));
    await page.getByRole('group', { name: 'Roles' }).getByLabel('IDVA or IDSVA').check();
    const noReason = await follow(page, () => page.getByRole('button', { name: 'Save changes' }).click());
    expect(noReason.status()).toBe(400);
    await expectFocusedErrorSummary(page, ['Say why they need the roles that another administrator must approve']);
    await page.getByLabel('Why do they need the roles that must be approved?').fill('Moving to the hub as an IDVA');
    await follow(page, () => page.getByRole('button', { name: 'Save changes' }).click());
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Request sent for approval: another administrator must approve it');
    expect(await page.locator('.govuk-summary-list').innerText()).not.toContain('IDVA');
    await follow(page, () => page.getByRole('link', { name: 'See requests waiting for approval' }).click());
    expect(pathOf(page)).toBe(paths.admin.roleRequests);
    expect(await page.locator('main').innerText()).toContain('You asked for these roles.');
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);

    // Their own page offers no roles.
    await visit(page, paths.admin.user(b.tenant.users.admin.id));
    expect(await page.getByRole('group', { name: 'Roles' }).count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('You cannot change your own roles or teams');
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
