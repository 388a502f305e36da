import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { londonDate } from '../../src/domain/calendar/plain-date.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, fillForm, follow, signIn, visit } from '../helpers/browser.js';

/**
 * Issue 16, points 2 to 4 in a browser: a safety plan made with a high-risk victim and printed for her
 * in neutral form, a child's own plan made and printed in large type, his safety rules and a safety
 * network member added; axe on every page.
 */
describe('safety plans in a browser (axe on every page)', () => {
  const b = browserTest();

  const today = () => {
    const [y, m, d] = londonDate(new Date()).split('-');
    return { day: String(Number(d)), month: String(Number(m)), year: y! };
  };
  const date = (prefix: string) => ({ [`${prefix}-day`]: today().day, [`${prefix}-month`]: today().month, [`${prefix}-year`]: today().year });

  it('makes and prints a high-risk victim’s plan in neutral form and a child’s own plan', async () => {
    const system = { kind: 'system' as const, tenantId: b.tenant.id };
    const team = await adminService(b.t.db).createTeam(system, 'Family safeguarding Harbour', null);
    await b.t.db.owner().insertInto('user_teams').values([b.tenant.users['team-manager'].id, b.tenant.users['social-worker'].id].map((id) => ({ tenant_id: b.tenant.id, user_id: id, team_id: team.id }))).execute();
    const manager = (await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['team-manager'].id)))!;
    const by = { kind: 'user' as const, user: manager };
    const people = peopleService(b.t.db);
    const victim = (await people.create(by, { givenName: 'Morwenna', familyName: 'Tregear', dateOfBirth: '1992-03-09' }, 'e2e')).id;
    const harmer = (await people.create(by, { givenName: 'Jory', familyName: 'Tregear', dateOfBirth: '1989-01-01' }, 'e2e')).id;
    const child = (await people.create(by, { givenName: 'Elowen', familyName: 'Tregear', dateOfBirth: '2016-05-05' }, 'e2e')).id;
    const opened = await casesService(b.t.db).open(manager, { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: victim, role: 'adult-victim' }, { personId: harmer, role: 'person-causing-harm' }], workerId: b.tenant.users['social-worker'].id, teamId: team.id }, 'e2e');
    // Her latest Dash is high risk: her plan is reviewed every 6 weeks.
    await b.t.db.tenant(b.tenant.id, (trx) =>
      trx.insertInto('risk_assessments').values({ tenant_id: b.tenant.id, person_id: victim, case_id: opened.id, instrument_id: 'dash-ric', instrument_version: 1, language: 'en', completed_at: new Date(), completed_on: londonDate(new Date()), recorded_by: manager.id, answers: '{}', score: 18, band: 'high', gaps: [] }).execute(),
    );

    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, paths.cases.plans(opened.id));
    await follow(page, () => page.locator('[data-safety-plans-link]').click());
    await follow(page, () => page.getByRole('link', { name: 'Make a safety plan with Morwenna Tregear' }).click());
    // Nothing written: refused with the error summary.
    await fillForm(page, { madeWith: 'idva', madeWithName: 'Kerenza Hall', ...date('madeOn') });
    await follow(page, () => page.getByRole('button', { name: 'Save the safety plan' }).click());
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Write at least one part of the safety plan');
    await fillForm(page, { triggers: 'Arguments about money at the end of the month', bag: 'Passports and medication at her mother’s', ourActions: 'We will call a strategy discussion the same day if he comes to the house.' });
    await follow(page, () => page.getByRole('button', { name: 'Save the safety plan' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The safety plan has been saved');
    await expect(page.locator('main').innerText()).resolves.toContain('Not due yet');
    // Her copy, in neutral form.
    await page.locator('[name="copy"][value="theirs"]').check();
    await follow(page, () => page.getByRole('button', { name: 'Make the copy' }).click());
    const neutral = await page.locator('main').innerText();
    expect(neutral).toContain('Notes for Morwenna Tregear');
    expect(neutral).toContain('Arguments about money at the end of the month');
    expect(neutral).not.toContain('Safety plan for');

    // A child's own plan for Elowen, printed in large type.
    await visit(page, paths.safetyPlans.list(opened.id));
    await follow(page, () => page.getByRole('link', { name: 'Make a plan with Elowen Tregear' }).click());
    await fillForm(page, { understanding: 'yes', ...date('madeOn'), safePlaceInside: 'Under my bed with my torch', safeAdult: 'Nana Jen, her number is on my fridge card' });
    await follow(page, () => page.getByRole('button', { name: 'Save the child’s plan' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The child’s safety plan has been saved');
    await follow(page, () => page.getByRole('button', { name: 'Make the copy' }).click());
    const childCopy = await page.locator('main').innerText();
    expect(childCopy).toContain('My plan to stay safe');
    expect(childCopy).toContain('It is not your fault');

    // His rules, and an aunt in the safety network.
    await visit(page, paths.safetyPlans.rules(opened.id, harmer));
    await fillForm(page, { agreed: 'yes', ...date('agreedOn') });
    await follow(page, () => page.getByRole('button', { name: 'Save the rules' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The safety rules have been saved');
    await visit(page, paths.safetyPlans.newNetworkMember(opened.id));
    await fillForm(page, { name: 'Tamsin Pascoe', relationship: 'Morwenna’s sister', phone: '01632 960 444', knowsWorries: 'yes', knowsRedFlags: 'yes', whatToDo: 'Call 999, then the social worker', agreed: 'yes', ...date('agreedOn') });
    await follow(page, () => page.getByRole('button', { name: 'Add them' }).click());
    await expect(page.locator('main').innerText()).resolves.toContain('Tamsin Pascoe');
  });
});
