import { describe, expect, it } from 'vitest';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, expectNoAxeViolations, follow, runAxe, signIn, visit } from '../helpers/browser.js';

describe('signing in and out in a browser', () => {
  const b = browserTest();

  it('shows the GOV.UK error summary, focused and linked to the fields, when the form is empty', async () => {
    const page = await b.newPage();
    await visit(page, paths.signIn);
    await expect.poll(() => page.title()).toBe('Sign in – Wraparound');

    const response = await follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(response.status()).toBe(400);
    expect(await page.title()).toBe('Error: Sign in – Wraparound');

    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    // govuk-frontend moves focus to the summary so screen readers announce it.
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.getByRole('heading').innerText()).toBe('There is a problem');
    const emailLink = summary.getByRole('link', { name: 'Enter your email address' });
    const passwordLink = summary.getByRole('link', { name: 'Enter your password' });
    expect(await emailLink.getAttribute('href')).toBe('#email');
    expect(await passwordLink.getAttribute('href')).toBe('#password');
    // Each field repeats its message inline.
    expect(await page.locator('#email-error').innerText()).toContain('Enter your email address');
    expect(await page.locator('#password-error').innerText()).toContain('Enter your password');

    // Following a summary link puts the cursor in the field.
    await passwordLink.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('password');

    await page.screenshot({ path: '/tmp/wraparound-sign-in-error.png', fullPage: true });
  });

  it('gives the same generic message for a wrong password', async () => {
    const page = await b.newPage();
    await visit(page, paths.signIn);
    await page.getByLabel('Email address').fill(b.tenant.users['team-manager'].email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password-at-all');
    const response = await follow(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(response.status()).toBe(401);
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('The email address or password is not right');
    // The email is kept; the password is not.
    expect(await page.getByLabel('Email address').inputValue()).toBe(b.tenant.users['team-manager'].email);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
  });

  it('signs in to the home page, moves around by the navigation, and signs out', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.admin.email);
    expect(new URL(page.url()).pathname).toBe(paths.home);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Hello, Test admin');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Administrator');

    const nav = page.getByRole('navigation', { name: 'Menu' });
    const navLinks = await nav.getByRole('link').allInnerTexts();
    expect(navLinks.map((text) => text.trim())).toEqual(['Home', 'Users', 'Teams', 'Bank holidays', 'DA services', 'Risk settings', 'Visit frequency', 'Outbox']);
    // The current section is marked for assistive technology.
    expect(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBeTruthy();
    expect(await nav.getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBeNull();
    await page.screenshot({ path: '/tmp/wraparound-home.png', fullPage: true });

    // The account page from the home page's task list, then back home by the service navigation.
    await follow(page, () => page.getByRole('link', { name: 'Change your password' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.account.password);
    await follow(page, () => nav.getByRole('link', { name: 'Home' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.home);
    // The service name goes home too.
    await follow(page, () => page.getByRole('link', { name: 'Wraparound' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.home);

    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.signedOut);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You have signed out');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    // Signed out for real: the home page now sends the browser to sign-in.
    await visit(page, paths.home);
    expect(new URL(page.url()).pathname).toBe(paths.signIn);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Wraparound');
  });

  it('shows the 404 page for an unknown address', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    const response = await visit(page, '/no-such-page');
    expect(response.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found');
    expect(await page.title()).toBe('Page not found – Wraparound');
    await follow(page, () => page.getByRole('link', { name: 'Go to your home page' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.home);
  });

  it('makes the skip link the first tab stop, and it moves focus to the main content', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users.idva.email);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent?.trim(), href: document.activeElement?.getAttribute('href') }));
    expect(focused).toEqual({ text: 'Skip to main content', href: '#main-content' });
    await expect.poll(() => page.locator('.govuk-skip-link').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    // The next tab stop is inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
  });

  it('has an accessibility check that finds what is wrong, and refuses a page with frames it would not check', async () => {
    const page = await b.newPage();
    const broken = '<img src="/assets/none.png"><label>Name</label><input type="text" id="name">';
    await page.setContent(`<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>${broken}</main></body></html>`);
    const inPage = (await runAxe(page)).violations.map((v) => v.id);
    expect(inPage).toEqual(expect.arrayContaining(['image-alt', 'label']));
    // A frame would not be checked: the page is refused, never passed.
    await page.setContent(`<!doctype html><html lang="en"><head><title>Framed</title></head><body><main><iframe title="Inner" srcdoc='${broken}'></iframe></main></body></html>`);
    await expect(runAxe(page)).rejects.toThrow(/has frames/);
  });
});
