import { describe, expect, it } from 'vitest';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, expectNoAxeViolations, follow, signIn, visit } from '../helpers/browser.js';

// Its own file: the fake clock belongs to the browser context, and each file has a fresh context.
describe('the idle timeout warning', () => {
  const b = browserTest();

  it('warns before the idle timeout, lets the user stay, and then signs them out', async () => {
    const page = await b.newPage();
    await page.clock.install();
    const user = b.tenant.users['mash-worker'];
    await signIn(page, user.email);
    expect(new URL(page.url()).pathname).toBe(paths.home);

    const dialog = page.getByRole('dialog', { name: 'You are about to be signed out' });
    const stay = dialog.getByRole('button', { name: 'Stay signed in' });
    await page.clock.fastForward('27:00');
    expect(await dialog.isVisible()).toBe(false);

    // Two minutes before the 30-minute idle timeout.
    await page.clock.fastForward('01:01');
    await dialog.waitFor({ state: 'visible' });
    await expect.poll(() => stay.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await dialog.innerText()).toContain('you will be signed out in');
    await expectNoAxeViolations(page);

    const keptAlive = page.waitForResponse((r) => new URL(r.url()).pathname === paths.keepAlive && r.request().method() === 'POST');
    await stay.click();
    expect((await keptAlive).status()).toBe(204);
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe(paths.home);

    // Now let 30 minutes pass without doing anything. The server's clock did not move with the
    // browser's, so make the server session as idle as the browser believes it is.
    await b.t.db.tenant(b.tenant.id, (trx) =>
      trx
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
        .where('user_id', '=', user.id)
        .execute(),
    );
    const response = await follow(page, () => page.clock.fastForward('30:01'));
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe(`${paths.signIn}?timedOut=1`);
    expect(response.status()).toBe(200);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'You were signed out because you had not used Wraparound for 30 minutes',
    );
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to Wraparound');

    // And the server agrees: the session is gone.
    await visit(page, paths.home);
    expect(new URL(page.url()).pathname).toBe(paths.signIn);
  });
});
