import { describe, expect, it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { browserTest, follow, signIn, visit } from '../helpers/browser.js';

describe('with JavaScript switched off', () => {
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

  it('answers a risk checklist section and its details page with plain HTML forms', async () => {
    const worker = await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['social-worker'].id));
    if (!worker) throw new Error('no social worker');
    const { id: personId } = await peopleService(b.t.db).create({ kind: 'user', user: worker }, { givenName: 'Isolde', familyName: 'Varga', dateOfBirth: '1990-07-14' }, 'e2e');
    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, paths.people.risk(personId));
    await follow(page, () => page.getByRole('link', { name: 'Start a risk checklist' }).click());
    await page.getByLabel(/Domestic abuse risk checklist \(Dash\)/).check();
    await follow(page, () => page.getByRole('button', { name: 'Start the checklist' }).click());

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('This incident and how you feel');
    const sectionUrl = page.url();
    const draftId = /\/risk\/drafts\/([^/]+)/.exec(sectionUrl)![1]!;
    for (const n of [1, 2, 3, 4, 5]) {
      await page.locator(`[data-question="${n}"]`).getByRole('group').getByLabel(n === 4 ? "Don't know" : n % 2 ? 'Yes' : 'No', { exact: true }).check();
    }
    await page.getByLabel('Who gave this answer, if not the victim (question 2)').fill('Her sister');
    await follow(page, () => page.getByRole('button', { name: 'Save and continue' }).click());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your situation');

    // The details page, with a problem first.
    await visit(page, paths.risk.details(draftId));
    await page.getByLabel('Agency completing the checklist').fill('');
    const refused = await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(refused.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the agency completing the checklist');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Say whether the checklist was completed with the victim');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select whether you are recording a professional judgement about a Marac referral');
    await page.getByLabel('Agency completing the checklist').fill('Children’s social care');
    await page.getByRole('group', { name: 'Was it completed with the victim?' }).getByLabel('No').check();
    await page.getByLabel('The victim’s own view of the risk').fill('She says it is worse at weekends.');
    await page.getByLabel('No professional judgement to record').check();
    await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(page.url()).pathname).toBe(paths.risk.check(draftId));
    const check = await main.innerText();
    expect(check).toContain('Said by: Her sister');
    expect(check).toContain('She says it is worse at weekends.');
    // The sections not yet answered are gaps.
    expect(check).toMatch(/6\. [^\n]*\s+Not answered\s+Gap/);
  });
});
