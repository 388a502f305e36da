import { describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { maracService } from '../../src/features/marac/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, follow, pathOf, signIn, visit } from '../helpers/browser.js';

/**
 * Issue 14 in the browser, axe on every page: the coordinator sets up an agency and a panel, schedules a
 * meeting, takes a referral from the queue onto it and circulates the agenda; the agency's representative
 * then sees the case's shared summary, and the victim's withheld address only once released to them.
 */
describe('the Marac in a browser (axe on every page)', () => {
  const b = browserTest();

  async function referral(): Promise<string> {
    const user = (await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['social-worker'].id)))!;
    const caller = { kind: 'user' as const, user };
    const people = peopleService(b.t.db);
    const victim = (await people.create(caller, { givenName: 'Rowena', familyName: 'Marac-Browser', dateOfBirth: '1992-06-01', addresses: [{ line1: '3 Hidden Row', town: 'Safeton', withheld: true, withheldReason: 'Fled' }] }, 'e2e')).id;
    const harm = (await people.create(caller, { givenName: 'Victor', familyName: 'Marac-Browser', dateOfBirth: '1989-01-20' }, 'e2e')).id;
    const child = (await people.create(caller, { givenName: 'Ada', familyName: 'Marac-Browser', dateOfBirth: '2018-03-09' }, 'e2e')).id;
    await relationshipsService(b.t.db).add(caller, victim, harm, 'intimate-partners', 'e2e');
    await relationshipsService(b.t.db).add(caller, victim, child, 'parent-of', 'e2e');
    return (
      await maracService(b.t.db).refer(
        caller,
        { victimPersonId: victim, referredAt: londonDate(new Date()), referringAgency: 'Children’s social care', criteria: ['professional-judgement'], judgementReason: 'Escalating threats', personCausingHarmId: harm, childIds: [child], consent: 'given', risks: 'Threats to kill' },
        'e2e',
      )
    ).id;
  }

  it('takes a referral from the queue onto a meeting, circulates the agenda, and shares the case with the agency', async () => {
    const referralId = await referral();
    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['marac-coordinator'].email);

    // Set-up: an agency, its representative, a panel.
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Marac set-up' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Add an agency' }).click());
    await page.getByLabel('Name of the agency').fill('Safeton Police');
    await page.getByLabel('Police', { exact: true }).check();
    await follow(page, () => page.getByRole('button', { name: 'Add agency' }).click());
    expect(await main.innerText()).toContain('Agency added');
    expect(await page.getByLabel('What the agency can offer a Marac case').inputValue()).toContain('Flag the address for an urgent response');
    await page.getByLabel('Test agency-rep').check();
    await follow(page, () => page.getByRole('button', { name: 'Save representatives' }).click());
    expect(await main.innerText()).toContain('Representatives saved');
    await visit(page, paths.marac.setup);
    await follow(page, () => page.getByRole('link', { name: 'Add a panel' }).click());
    await page.getByLabel('Name of the panel').fill('Safeton Marac');
    await page.getByLabel('Safeton Police').check();
    await follow(page, () => page.getByRole('button', { name: 'Add panel' }).click());
    expect(await main.innerText()).toContain('Panel added');

    // A meeting three weeks away.
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Marac meetings' }).click());
    await follow(page, () => page.getByRole('button', { name: 'Schedule meetings' }).click());
    const day = addDays(londonDate(new Date()), 21);
    const first = page.getByRole('group', { name: 'Date of the first meeting' });
    await first.getByLabel('Day').fill(String(Number(day.slice(8, 10))));
    await first.getByLabel('Month').fill(String(Number(day.slice(5, 7))));
    await first.getByLabel('Year').fill(day.slice(0, 4));
    await page.getByLabel('Venue').fill('Safeton Civic Centre');
    const missing = await follow(page, () => page.getByRole('button', { name: 'Schedule' }).click());
    expect(missing.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter who chairs the meeting');
    await page.getByLabel('Chair').fill('DCI Brandt');
    await follow(page, () => page.getByRole('button', { name: 'Schedule' }).click());
    expect(await main.innerText()).toContain('Meetings scheduled');

    // From the queue to the meeting.
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Marac referrals' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Rowena Marac-Browser' }).click());
    expect(pathOf(page)).toBe(paths.marac.referral(referralId));
    await follow(page, () => page.getByRole('button', { name: 'Put on this meeting' }).click());
    expect(await main.innerText()).toContain('Referral put on this meeting’s agenda');
    await follow(page, () => page.getByRole('button', { name: 'Circulate the agenda' }).click());
    expect(await main.innerText()).toContain('Agenda circulated');

    // Release the address to the police, for a stated reason.
    await follow(page, () => page.getByRole('link', { name: 'Sharing for Rowena Marac-Browser' }).click());
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Safeton Police' });
    await page.getByLabel('Why does the agency need it?').fill('To flag the address for an urgent response');
    await page.getByLabel('Lawful basis').fill('Safeguarding');
    await follow(page, () => page.getByRole('button', { name: 'Release the address' }).click());
    expect(await page.locator('[data-releases]').innerText()).toContain('Safeton Police');

    // The representative, signed in after the coordinator signs out.
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    const rep = page;
    await signIn(rep, b.tenant.users['agency-rep'].email);
    await follow(rep, () => rep.getByRole('link', { name: 'My Marac meetings' }).first().click());
    await follow(rep, () => rep.getByRole('link', { name: 'Rowena Marac-Browser' }).click());
    const shared = await rep.locator('main').innerText();
    expect(shared).toContain('Victor Marac-Browser, born 20 January 1989. In an intimate relationship');
    expect(shared).toContain('Ada Marac-Browser, born 9 March 2018. The victim’s child');
    expect(shared).toContain('3 Hidden Row');
  });
});
