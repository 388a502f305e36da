import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, fillForm, follow, signIn, visit } from '../helpers/browser.js';

/**
 * Issue 16, points 9 and 10 in a browser: two missed appointments recorded on the case escalate it to
 * the worker's home page; the team manager records what was decided and the escalation closes; a red
 * flag, the area's numbers and an interpreter booked (a family member refused first). Axe on every page.
 */
describe('escalations and interpreters in a browser (axe on every page)', () => {
  const b = browserTest();

  async function user(role: Role): Promise<CurrentUser> {
    const u = await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users[role].id));
    if (!u) throw new Error(`no ${role}`);
    return u;
  }

  const date = (prefix: string, iso: string) => {
    const [y, m, d] = iso.split('-');
    return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
  };


  it('escalates after two missed appointments, shows it on the worker’s home page, and closes it with the manager’s decision', async () => {
    const system = { kind: 'system' as const, tenantId: b.tenant.id };
    const team = await adminService(b.t.db).createTeam(system, 'Family safeguarding West', null);
    await b.t.db
      .owner()
      .insertInto('user_teams')
      .values([b.tenant.users['team-manager'].id, b.tenant.users['social-worker'].id].map((id) => ({ tenant_id: b.tenant.id, user_id: id, team_id: team.id })))
      .execute();
    const manager = await user('team-manager');
    const worker = await user('social-worker');
    const by = { kind: 'user' as const, user: manager };
    const people = peopleService(b.t.db);
    const mother = (await people.create(by, { givenName: 'Nasrin', familyName: 'Browser-Akter', dateOfBirth: '1991-03-03', firstLanguage: 'Bengali', dialect: 'Sylheti', interpreterNeeded: true, interpreterSex: 'female' }, 'e2e')).id;
    const child = (await people.create(by, { givenName: 'Rafi', familyName: 'Browser-Akter', dateOfBirth: '2019-05-05' }, 'e2e')).id;
    const kase = await casesService(b.t.db).open(manager, { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: mother, role: 'adult-victim' }], workerId: worker.id, teamId: team.id }, 'e2e');
    const today = londonDate(new Date());

    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    // Two missed appointments, a week apart: the second escalates the case.
    for (const [n, agency] of [[10, 'Health visiting'], [3, 'Children’s services']] as const) {
      await visit(page, paths.cases.newVisit(kase.id));
      await fillForm(page, { kind: 'missed-appointment', ...date('happenedOn', addDays(today, -n)), agency });
      await follow(page, () => page.getByRole('button', { name: 'Record it' }).click());
    }
    await visit(page, paths.home);
    const escalations = page.locator('[data-escalations]');
    expect(await escalations.innerText()).toContain('2 missed appointments or visits with no access');
    await follow(page, () => escalations.getByRole('link', { name: `Case ${kase.reference}` }).click());
    expect(await page.locator('[data-escalation="open"]').count()).toBe(1);

    // A red flag that is only recorded, and the interpreters page with a family member refused first.
    await follow(page, () => page.getByRole('link', { name: 'Record a red flag' }).click());
    await fillForm(page, { flag: 'pressures-increased', ...date('noticedOn', today) });
    await follow(page, () => page.getByRole('button', { name: 'Record the red flag' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The red flag has been recorded');
    await visit(page, paths.cases.people(kase.id));
    expect(await page.locator('[data-language]').first().innerText()).toContain('Bengali (Sylheti), needs a female interpreter');
    await follow(page, () => page.getByRole('link', { name: 'Interpreters for this family' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Book an interpreter' }).click());
    const booking = { personId: mother, language: 'Bengali', dialect: 'Sylheti', ...date('on', addDays(today, 5)), time: '10:00', purpose: 'home-visit', interpreterKind: 'family-member', interpreterName: 'Her sister', agency: 'None', interpreterSex: 'female' };
    await fillForm(page, booking);
    await follow(page, () => page.getByRole('button', { name: 'Record the booking' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('must never interpret');
    await fillForm(page, { interpreterKind: 'professional', interpreterName: 'Ruksana Example', agency: 'Westtown Language Service' });
    await follow(page, () => page.getByRole('button', { name: 'Record the booking' }).click());
    expect(await page.locator('[data-bookings]').innerText()).toContain('Ruksana Example, Westtown Language Service');

    // The team manager discusses it and records the decision.
    await b.context.clearCookies();
    await signIn(page, b.tenant.users['team-manager'].email);
    await follow(page, () => page.locator('[data-escalations]').getByRole('link', { name: `Case ${kase.reference}` }).click());
    await follow(page, () => page.getByRole('link', { name: /Record the discussion/ }).click());
    await fillForm(page, { decision: '', decidedBy: 'Team Manager', ...date('decidedOn', today) });
    await follow(page, () => page.getByRole('button', { name: 'Record and close' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Say what was decided');
    await fillForm(page, { decision: 'Joint visit with the health visitor on Thursday; ask the nursery to call us on any absence', decidedBy: 'Team Manager, team manager', ...date('decidedOn', today) });
    await follow(page, () => page.getByRole('button', { name: 'Record and close' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The management discussion has been recorded and the escalation closed');
    expect(await page.locator('[data-escalation="closed"]').count()).toBe(1);
    expect(await page.locator('[data-escalation="open"]').count()).toBe(0);
    await visit(page, paths.cases.chronology(kase.id));
    expect(await page.locator('main').innerText()).toContain('Management discussion recorded; escalation closed');

    // The administrator's page for the area's numbers.
    await b.context.clearCookies();
    await signIn(page, b.tenant.users.admin.email);
    await visit(page, paths.admin.escalations);
    await fillForm(page, { missedCount: '3', missedDays: '21' });
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The escalation rules have been saved');
  });
});
