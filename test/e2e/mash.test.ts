import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { generateFamilies } from '../../src/generator/generate.js';
import { peopleService } from '../../src/features/people/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { projectRoot } from '../../src/platform/config.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, follow, signIn, visit } from '../helpers/browser.js';
import { hoursAgo, policeNotification } from '../helpers/contacts.js';

describe('the MASH in a browser (axe on every page)', () => {
  const b = browserTest();

  async function user(role: Role): Promise<CurrentUser> {
    const u = await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users[role].id));
    if (!u) throw new Error(`no ${role}`);
    return u;
  }

  const receive = (body: ReturnType<typeof policeNotification>) => contactsService(b.t.db).receive({ kind: 'system', tenantId: b.tenant.id }, body, null);

  async function signOut(page: Page) {
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());
  }

  it('takes a police notification to a child in need decision that steps up the family’s early help case and tasks the team manager', async () => {
    // A generated caseload around the family, so the queue and the matching work among other people's records.
    await generateFamilies(b.t.db, b.tenant.id, { families: 80, seed: 11 });
    const mash = { kind: 'user' as const, user: await user('mash-worker') };
    const { id: victim } = await peopleService(b.t.db).create(mash, { givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '1991-03-14' }, 'e2e');
    const { id: child } = await peopleService(b.t.db).create(mash, { givenName: 'Tobiah', familyName: 'Quennell', dateOfBirth: '2021-05-09' }, 'e2e');
    // The family is already known: an early help case for the child, with the Early help West team, not yet allocated.
    const system = { kind: 'system' as const, tenantId: b.tenant.id };
    const team = await adminService(b.t.db).createTeam(system, 'Early help West', null);
    await b.t.db.owner().insertInto('user_teams').values({ tenant_id: b.tenant.id, user_id: b.tenant.users['team-manager'].id, team_id: team.id }).execute();
    const early = await casesService(b.t.db).open(await user('team-manager'), { stage: 'early-help', members: [{ personId: child, role: 'child' }], teamId: team.id }, 'e2e');
    const earlier = policeNotification({ receivedAt: hoursAgo(24 * 60) });
    earlier.incident.occurredAt = hoursAgo(24 * 61);
    earlier.people[0] = { ...earlier.people[0]!, personId: victim } as (typeof earlier.people)[number];
    await receive(earlier);
    // The notification arrives from the police system through the API, which later reads the outcome.
    const police = (await tenantService(b.t.db).createApiClient(b.tenant.id, 'Police notifications', ['notifications:write', 'notifications:read'])).token;
    const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      b.t.app.inject({ method, url, headers: { authorization: `Bearer ${police}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, payload: payload ? JSON.stringify(payload) : undefined });
    const sentIn = await api('POST', paths.api.notifications, policeNotification());
    expect(sentIn.statusCode, sentIn.body).toBe(201);
    const contact = sentIn.json<{ id: string }>();
    expect((await api('GET', paths.api.notification(contact.id))).json()).toMatchObject({ status: 'awaiting-decision', outcome: null });

    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['mash-worker'].email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'MASH queue' }).click());
    const row = page.locator(`[data-contact-row="${contact.id}"]`);
    expect(await row.innerText()).toMatch(/working day|Due today/);
    expect(await page.locator('[data-contact-row]').count(), 'generated contacts are in the queue too').toBeGreaterThan(1);
    await follow(page, () => row.getByRole('link').click());
    expect(await page.locator('[data-contact-banner]').innerText()).toContain('Decision due by');
    expect(await main.innerText()).toContain('I hid in my room with my headphones on.');

    const tabs = page.getByRole('navigation', { name: 'Contact' });
    await follow(page, () => tabs.getByRole('link', { name: 'People and matching' }).click());
    const candidate = page.locator(`[data-candidate="${victim}"]`);
    expect(await candidate.innerText()).toContain('Same date of birth');
    await follow(page, () => candidate.getByRole('button', { name: /^Link Marisol Quennell/ }).click());
    expect(await page.locator('[data-contact-person="v"] [data-linked]').innerText()).toContain('Marisol Quennell');
    await follow(page, () => page.locator(`[data-contact-person="c1"] [data-candidate="${child}"]`).getByRole('button', { name: /^Link Tobiah Quennell/ }).click());

    await follow(page, () => tabs.getByRole('link', { name: 'History' }).click());
    expect(await main.innerText()).toContain('1 domestic abuse incident in the 12 months before this contact');
    expect(await page.locator('[data-contact-banner]').innerText()).toContain('Repeat incidents');

    await follow(page, () => tabs.getByRole('link', { name: 'Threshold triage' }).click());
    expect(await page.locator('[data-history-summary]').innerText()).toContain('1 incident in the last 12 months');
    await page.getByLabel('Some evidence of low-level coercive control').check();
    await follow(page, () => page.getByRole('button', { name: 'Save indicators and work out the scale' }).click());
    expect(await page.locator('[data-triage-child="c1"]').innerText()).toMatch(/Raised by one[\s\S]*Amber/);
    const missing = await follow(page, () => page.getByRole('button', { name: 'Send the recommendation to the manager' }).click());
    expect(missing.status()).toBe(400);
    // A box ticked after the scale was worked out goes with the recommendation, in one submit.
    await page.getByLabel('A known perpetrator of domestic abuse lives with the family').check();
    await page.getByLabel('Child in need (s17 assessment)').check();
    await page.getByLabel('Why?').fill('Second incident in two months; a young child heard it.');
    // The person causing harm is not linked yet: refused, saying so, with what was typed kept.
    const unlinked = await follow(page, () => page.getByRole('button', { name: 'Send the recommendation to the manager' }).click());
    expect(unlinked.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('1 person on this contact is not linked to a record');
    await follow(page, () => tabs.getByRole('link', { name: 'People and matching' }).click());
    await follow(page, () => page.getByRole('button', { name: 'None of these: add a new record for Dorian Quennell' }).click());
    await follow(page, () => page.getByRole('button', { name: 'Add a new record for Dorian Quennell' }).click());
    await follow(page, () => tabs.getByRole('link', { name: 'Threshold triage' }).click());
    await page.getByLabel('A known perpetrator of domestic abuse lives with the family').check();
    await page.getByLabel('Child in need (s17 assessment)').check();
    await page.getByLabel('Why?').fill('Second incident in two months; a young child heard it.');
    await follow(page, () => page.getByRole('button', { name: 'Send the recommendation to the manager' }).click());
    const sent = await b.t.db.tenant(b.tenant.id, (trx) => trx.selectFrom('contacts').select(['indicators', 'recommended_pathway']).where('id', '=', contact.id).executeTakeFirstOrThrow());
    expect(sent.recommended_pathway).toBe('child-in-need');
    expect(sent.indicators).toHaveLength(2);
    await signOut(page);

    await signIn(page, b.tenant.users['mash-manager'].email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'MASH queue' }).click());
    await follow(page, () => page.locator(`[data-contact-row="${contact.id}"]`).getByRole('link').click());
    await follow(page, () => tabs.getByRole('link', { name: 'Decision' }).click());
    expect(await main.innerText()).toContain('Second incident in two months');
    expect(await main.innerText()).toContain(`Steps case ${early.reference} up from early help to child and family assessment.`);
    await page.getByLabel('Child in need (s17 assessment)').check();
    await page.getByLabel('Team to act on the decision').selectOption({ label: 'Early help West' });
    await page.getByLabel('Reason for the decision').fill('Escalating pattern; a young child heard it; assessment needed.');
    await page.getByLabel('Medium risk: floating support').check();
    await page.getByRole('group', { name: 'Do the Marac criteria need checking?' }).getByLabel('No').check();
    await follow(page, () => page.getByRole('button', { name: 'Record the decision' }).click());
    expect(await page.locator('[data-decision]').innerText()).toContain('Escalating pattern; a young child heard it; assessment needed.');
    expect(await page.locator('[data-contact-banner]').innerText()).toContain('Decided');
    const outcome = page.locator('[data-outcome]');
    expect(await outcome.innerText()).toContain(`Case ${early.reference} was stepped up from early help to child and family assessment.`);
    expect(await outcome.innerText()).toContain('The managers of Early help West have been asked to allocate the case to a worker.');
    await follow(page, () => outcome.getByRole('link', { name: `Open case ${early.reference}` }).click());
    await follow(page, () => page.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: 'Chronology' }).click());
    expect(await main.innerText()).toContain('Threshold decision');
    expect(await main.innerText()).toContain('Now: Child and family assessment');

    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'MASH timeliness' }).click());
    expect(await page.locator('[data-count="on-time"]').innerText()).toMatch(/^\s*1/);
    await signOut(page);

    // The police read the outcome through the API, with nothing about the family.
    const read = await api('GET', paths.api.notification(contact.id));
    expect(read.json()).toMatchObject({ status: 'decided', outcome: { decision: 'child-in-need' } });
    expect(read.body).not.toContain('Quennell');

    // The team manager of Early help West has the allocation at home, and allocates the case.
    await signIn(page, b.tenant.users['team-manager'].email);
    const task = page.locator('[data-team-tasks] [data-task="allocate-case"]', { hasText: early.reference });
    expect(await task.innerText()).toContain('Child and family assessment');
    await follow(page, () => task.getByRole('link', { name: `Case ${early.reference}` }).click());
    expect(await page.locator('[data-case-tasks]').innerText()).toContain('Allocate the case to a worker');
    await page.getByText('Allocate this case').click();
    await page.getByLabel('Worker').selectOption({ label: 'Test social-worker' });
    await follow(page, () => page.getByRole('button', { name: 'Save allocation' }).click());
    await visit(page, paths.home);
    expect(await page.locator('[data-team-tasks]').count()).toBe(0);
  });

  it('undoes a mistaken link, with the reason, and links the right record', async () => {
    const mash = { kind: 'user' as const, user: await user('mash-worker') };
    const { id: cousin } = await peopleService(b.t.db).create(mash, { givenName: 'Eluned', familyName: 'Prytherch', dateOfBirth: '1992-01-07' }, 'e2e');
    const { id: daughter } = await peopleService(b.t.db).create(mash, { givenName: 'Eluned', familyName: 'Prytherch', dateOfBirth: '1992-07-01' }, 'e2e');
    const contact = await receive(policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: 'Eluned', familyName: 'Prytherch', dateOfBirth: '1992-07-01' }], relationships: [] }));
    const page = await b.newPage();
    await signIn(page, b.tenant.users['mash-worker'].email);
    await visit(page, paths.contacts.people(contact.id));
    // The wrong Eluned Prytherch: a cousin, whose date of birth reads like a slip for hers.
    await follow(page, () => page.locator(`[data-candidate="${cousin}"]`).getByRole('button', { name: /^Link Eluned Prytherch/ }).click());
    await page.getByText('This is the wrong record').click();
    const refused = await follow(page, () => page.getByRole('button', { name: /^Remove the link/ }).click());
    expect(refused.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Say why this is the wrong record');
    await page.getByLabel('Why is this the wrong record?').fill('Linked her cousin: same name, born in January, not July.');
    await follow(page, () => page.getByRole('button', { name: /^Remove the link/ }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The link has been removed');
    // This time she opens the record in brief before linking it.
    await follow(page, () => page.locator(`[data-candidate="${daughter}"]`).getByRole('link', { name: /^Eluned Prytherch/ }).click());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Is this Eluned Prytherch?');
    expect(await page.locator('[data-record]').innerText()).toContain('1 July 1992');
    await follow(page, () => page.getByRole('button', { name: /^Link Eluned Prytherch/ }).click());
    expect(await page.locator('[data-contact-person="v"] [data-linked] a').getAttribute('href')).toBe(paths.people.person(daughter));
    await follow(page, () => page.getByRole('navigation', { name: 'Contact' }).getByRole('link', { name: 'Summary' }).click());
    expect(await page.locator('main').innerText()).toContain('Mistaken link removed');
  });

  it('finds a record that was not proposed by searching, and checks before adding a new record', async () => {
    const mash = { kind: 'user' as const, user: await user('mash-worker') };
    const { id: married } = await peopleService(b.t.db).create(mash, { givenName: 'Rhiannon', familyName: 'Adeyemi-Vaughan', dateOfBirth: '1990-11-12' }, 'e2e');
    const contact = await receive(
      policeNotification({
        people: [
          { ref: 'v', role: 'victim', givenName: 'Rhiannon', familyName: 'Vaughan', dateOfBirth: '1990-12-11' },
          { ref: 'c1', role: 'child', givenName: 'Osian', familyName: 'Vaughan-Test', dateOfBirth: '2020-03-03' },
        ],
        relationships: [],
      }),
    );
    const page = await b.newPage();
    await signIn(page, b.tenant.users['mash-worker'].email);
    await visit(page, paths.contacts.people(contact.id));
    const victim = page.locator('[data-contact-person="v"]');
    await page.locator('#search-v').fill('Rhiannon Vaughan');
    await follow(page, () => victim.getByRole('button', { name: 'Search for the record of Rhiannon Vaughan' }).click());
    await follow(page, () => page.locator(`[data-found="${married}"]`).getByRole('button', { name: /^Link Rhiannon Vaughan/ }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The person has been linked to the record');
    // The child is not known: the check shows there is no close record, then adds one.
    await follow(page, () => page.locator('[data-contact-person="c1"]').getByRole('button', { name: 'None of these: add a new record for Osian Vaughan-Test' }).click());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check before adding a new record');
    await follow(page, () => page.getByRole('button', { name: 'Add a new record for Osian Vaughan-Test' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('A new record has been added and linked');
  });

  it('reflows at 375 px wide: no page scrolls sideways, wide tables scroll within themselves (axe on each)', async () => {
    const contact = await receive(policeNotification());
    const page = await b.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, b.tenant.users['mash-manager'].email);
    for (const url of ['/', paths.contacts.queue, paths.contacts.contact(contact.id), paths.contacts.people(contact.id), paths.contacts.history(contact.id), paths.contacts.decision(contact.id), paths.people.search]) {
      await visit(page, url);
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
      expect(widths.page, url).toBeLessThanOrEqual(widths.view);
    }
    await visit(page, paths.contacts.queue);
    expect(await page.locator('[data-mash-queue]').evaluate((t) => getComputedStyle(t).overflowX)).toBe('auto');
  });

  it('sends a contact about a child with an allocated case to that worker, who reviews the plan', async () => {
    const worker = await user('social-worker');
    const child = await peopleService(b.t.db).create({ kind: 'user', user: await user('team-manager') }, { givenName: 'Lowenna', familyName: 'Pendarves', dateOfBirth: '2016-02-11' }, 'e2e');
    const kase = await casesService(b.t.db).open(await user('team-manager'), { stage: 'child-in-need', members: [{ personId: child.id, role: 'child' }], workerId: worker.id }, 'e2e');
    await receive(policeNotification({ people: [{ ref: 'c', role: 'child', personId: child.id, givenName: 'Lowenna', familyName: 'Pendarves', dateOfBirth: '2016-02-11' }], relationships: [] }));

    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    const banner = page.locator('[data-incidents]');
    expect(await banner.innerText()).toContain('New domestic abuse incidents on your cases');
    // The generated caseload has incidents of its own on this worker's cases: follow this case's.
    await follow(page, () => banner.getByRole('link', { name: `Case ${kase.reference}` }).click());
    expect(new URL(page.url()).pathname).toBe(paths.cases.overview(kase.id));
    await page.getByLabel('What did you review, and what changed in the plan or the safety plan?').fill('Safety plan updated: school told about the bail conditions.');
    await follow(page, () => page.getByRole('button', { name: 'Record the review' }).click());
    expect(await page.locator('main').innerText()).toContain('Your review of the plan and the safety plan has been recorded');
  });

  it('imports the sample CSV from the upload page, showing progress and the rows not imported, and again imports nothing new', async () => {
    const page = await b.newPage();
    // Progress is checked as without JavaScript, by loading the page again: the page's own script
    // would load it too when the import ends, racing the test's reloads (a page axe never checked).
    await page.route('**/import-progress.js', (route) => route.abort());
    const main = page.locator('main');
    await signIn(page, b.tenant.users['mash-worker'].email);
    await visit(page, paths.contacts.queue);
    await follow(page, () => page.getByRole('button', { name: 'Import police notifications' }).click());
    const empty = await follow(page, () => page.getByRole('button', { name: 'Import notifications' }).click());
    expect(empty.status()).toBe(400);
    for (const round of [1, 2]) {
      await page.getByLabel('Upload a CSV file').setInputFiles(join(projectRoot, 'samples', 'police-notifications.csv'));
      await follow(page, () => page.getByRole('button', { name: 'Import notifications' }).click());
      // The job page: a progress bar while it runs, then the summary. Check progress by loading the page
      // again (what the "Check progress" link does without JavaScript): the page's own script may reload it
      // and take the link away at the moment the import finishes, so clicking the link would race it.
      for (let i = 0; i < 60 && (await page.locator('[data-import-running]').count()) > 0; i++) {
        await page.waitForTimeout(500);
        await follow(page, () => page.reload());
      }
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Police notifications imported');
      const text = await main.innerText();
      expect(text).toMatch(round === 1 ? /Notifications added\s+16/ : /Notifications added\s+0/);
      expect(text).toContain('Rows not imported');
      if (round === 1) await follow(page, () => page.getByRole('link', { name: 'import another file' }).click());
    }
  });
});
