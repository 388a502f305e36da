import { describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { maracService } from '../../src/features/marac/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { emailSender } from '../../src/platform/mail/outbox.js';
import { browserTest, follow, pathOf, signIn, visit } from '../helpers/browser.js';
import { startSmtpServer } from '../helpers/smtp-server.js';

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

  it('takes a referral onto a meeting, circulates the agenda, chases a missing return by email, runs the meeting and approves the minutes; the agency returns research and updates its action', async () => {
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
    await follow(page, () => page.getByRole('link', { name: 'The meetings as a calendar' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Back to Marac meetings' }).click());
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

    // Chase the police's missing research: the reminder reaches the SMTP server, naming nobody.
    await follow(page, () => page.getByRole('link', { name: 'Research returns by agency' }).click());
    expect(await page.locator('[data-research-grid]').innerText()).toContain('Not returned');
    await follow(page, () => page.getByRole('button', { name: 'Send reminders' }).click());
    expect(await main.innerText()).toContain('Reminders sent to 1 agency');
    const smtp = await startSmtpServer();
    try {
      await emailSender(b.t.db, { url: smtp.url, from: 'Wraparound <no-reply@test.invalid>' }).sendWaiting();
      const reminder = smtp.received.find((m) => m.text.includes('Reminder: Marac research due'));
      expect(reminder?.to).toEqual([b.tenant.users['agency-rep'].email]);
      expect(reminder?.text).not.toContain('Rowena');
    } finally {
      await smtp.close();
    }
    await visit(page, paths.marac.meetings);
    await follow(page, () => page.locator('[data-meetings] a').first().click());

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
    await follow(rep, () => rep.getByRole('link', { name: 'Rowena Marac-Browser', exact: true }).click());
    const shared = await rep.locator('main').innerText();
    expect(shared).toContain('Victor Marac-Browser, born 20 January 1989. In an intimate relationship');
    expect(shared).toContain('Ada Marac-Browser, born 9 March 2018. The victim’s child');
    expect(shared).toContain('3 Hidden Row');

    // The representative returns the police's research.
    await follow(rep, () => rep.getByRole('link', { name: 'Return your agency’s research on this case' }).click());
    const victimKnown = rep.getByRole('group', { name: /^Victim: Rowena Marac-Browser/ });
    await victimKnown.getByLabel('Yes, known to us').check();
    await rep.getByLabel('Your agency’s involvement with Rowena Marac-Browser now').fill('Three call-outs since the summer');
    await rep.getByRole('group', { name: /^Person causing harm: Victor/ }).getByLabel('Not known to us').check();
    await rep.getByRole('group', { name: /^Child: Ada/ }).getByLabel('Not known to us').check();
    await rep.getByLabel('Flag the address for an urgent response').check();
    await follow(rep, () => rep.getByRole('button', { name: 'Return research' }).click());
    expect(await rep.locator('main').innerText()).toContain('Research returned');
    await follow(rep, () => rep.getByRole('button', { name: 'Sign out' }).click());

    // The meeting: it took place this morning.
    await b.t.db.owner().updateTable('marac_meetings').set({ held_at: new Date(Date.now() - 3_600_000) }).execute();
    await signIn(page, b.tenant.users['marac-coordinator'].email);
    await visit(page, paths.marac.meetings + '?when=past');
    await follow(page, () => page.locator('[data-meetings] a').first().click());
    await follow(page, () => page.getByRole('link', { name: 'Run sheet' }).click());
    await follow(page, () => page.getByRole('button', { name: 'The statement was read' }).click());
    const police = page.getByRole('group', { name: 'Safeton Police' });
    await police.getByLabel('Present').check();
    await page.getByLabel('Who was there for Safeton Police (when present)').fill('DS Kerr');
    await follow(page, () => page.getByRole('button', { name: 'Save attendance' }).click());
    expect(await main.innerText()).toContain('Attendance saved');
    await follow(page, () => page.getByRole('link', { name: '1. Rowena Marac-Browser' }).click());
    await page.getByLabel('What agencies shared at the meeting').fill('The police shared three call-outs since the summer.');
    await page.getByLabel('Threats to kill').check();
    await follow(page, () => page.getByRole('button', { name: 'Save information and risks' }).click());
    await page.getByRole('group', { name: 'The risks it addresses' }).getByLabel('Threats to kill').check();
    await page.getByLabel('What it should achieve').fill('An urgent response to any call from her address');
    await page.getByRole('group', { name: 'Whom it is for' }).getByLabel('The victim’s safety').check();
    await page.getByLabel('Owning agency').selectOption({ label: 'Safeton Police' });
    const dueBy = page.getByRole('group', { name: 'Due by' });
    const due = addDays(londonDate(new Date()), 7);
    await dueBy.getByLabel('Day').fill(String(Number(due.slice(8, 10))));
    await dueBy.getByLabel('Month').fill(String(Number(due.slice(5, 7))));
    await dueBy.getByLabel('Year').fill(due.slice(0, 4));
    await follow(page, () => page.getByRole('button', { name: 'Add action' }).click());
    expect(await main.innerText()).toContain('Action added');
    expect(await main.innerText()).toContain('No action yet manages the person causing harm’s behaviour');
    await page.getByRole('group', { name: 'Outcome' }).getByLabel('Heard').check();
    await follow(page, () => page.getByRole('button', { name: 'Save outcome' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Back to the run sheet' }).click());
    await follow(page, () => page.getByRole('button', { name: 'Approve the minutes' }).click());
    expect(await main.innerText()).toContain('Minutes approved');
    const minutes = await page.locator('[data-minutes]').innerText();
    expect(minutes).toContain('Safeton Police: present (DS Kerr)');
    expect(minutes).toContain('An urgent response to any call from her address');
    expect(minutes).not.toContain('3 Hidden Row');
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    // The police representative records the action's progress.
    await signIn(page, b.tenant.users['agency-rep'].email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Marac actions' }).click());
    await follow(page, () => page.getByRole('link', { name: 'An urgent response to any call from her address' }).click());
    await page.getByLabel('Done', { exact: true }).check();
    await page.getByLabel('What happened').fill('The address is flagged on the control room system');
    await follow(page, () => page.getByRole('button', { name: 'Save progress' }).click());
    expect(await main.innerText()).toContain('Progress saved');
  });
});
