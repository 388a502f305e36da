import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, follow, pathOf, signIn, visit } from '../helpers/browser.js';

describe('cases in a browser (axe on every page)', () => {
  const b = browserTest();

  async function createPerson(givenName: string, familyName: string, dateOfBirth: string, withheld = false): Promise<string> {
    const user = await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['team-manager'].id));
    if (!user) throw new Error('no team manager');
    const addresses = withheld ? [{ line1: '4 Hidden Lane', withheld: true, withheldReason: 'Fled to a refuge' }] : undefined;
    const { id } = await peopleService(b.t.db).create({ kind: 'user', user }, { givenName, familyName, dateOfBirth, ...(addresses ? { addresses } : {}) }, randomUUID());
    return id;
  }

  it('opens a case, works through its tabs, restricts it, and a colleague breaks glass', async () => {
    await createPerson('Juniper', 'Okonkwo', '2016-05-20');
    await createPerson('Adaeze', 'Okonkwo', '1989-11-02', true);
    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['team-manager'].email);

    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Cases' }).click());
    expect(pathOf(page)).toBe(paths.cases.list);
    await follow(page, () => page.getByRole('button', { name: 'Open a case' }).click());
    expect(pathOf(page)).toBe(paths.cases.new);

    const refused = await follow(page, () => page.getByRole('button', { name: 'Open case' }).click());
    expect(refused.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Add at least one child to the case');

    await page.getByLabel('Name', { exact: true }).fill('Okonkwo');
    await follow(page, () => page.getByRole('button', { name: 'Search' }).click());
    await page.getByLabel('Role on the case for Juniper Okonkwo').selectOption('child');
    await follow(page, () => page.getByRole('button', { name: 'Add Juniper Okonkwo' }).click());
    await page.getByLabel('Role on the case for Adaeze Okonkwo').selectOption('adult-victim');
    await follow(page, () => page.getByRole('button', { name: 'Add Adaeze Okonkwo' }).click());
    expect(await page.locator('[data-chosen-members]').innerText()).toContain('Adult victim');
    await page.getByLabel('Stage').selectOption('child-in-need');
    await follow(page, () => page.getByRole('button', { name: 'Open case' }).click());
    expect(pathOf(page)).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    const caseId = pathOf(page).split('/')[2]!;
    const bannerText = await page.locator('[data-case-banner]').innerText();
    expect(bannerText).toContain('Juniper Okonkwo');
    expect(bannerText).toContain('Whereabouts withheld');

    const tabs = page.getByRole('navigation', { name: /^Case WA-/ });
    for (const tab of ['People', 'Chronology', 'Risk', 'Plans', 'Documents', 'Summary']) {
      await follow(page, () => tabs.getByRole('link', { name: tab, exact: true }).click());
      expect(await page.locator('[data-case-banner]').innerText(), tab).toContain('Whereabouts withheld');
      expect(await main.innerText(), tab).not.toContain('4 Hidden Lane');
    }

    await follow(page, () => page.getByRole('button', { name: 'Add a case note' }).click());
    const empty = await follow(page, () => page.getByRole('button', { name: 'Add note' }).click());
    expect(empty.status()).toBe(400);
    await page.getByRole('group', { name: 'What kind of contact was it?' }).getByLabel('Meeting').check();
    const when = page.getByRole('group', { name: 'Date' });
    await when.getByLabel('Day').fill('1');
    await when.getByLabel('Month').fill('12');
    await when.getByLabel('Year').fill('2026');
    await page.getByLabel('Time').fill('09:30');
    await page.getByLabel('Note', { exact: true }).fill('Spoke to Juniper at school. She said she hides upstairs when it starts.');
    await follow(page, () => page.getByRole('button', { name: 'Add note' }).click());
    expect(await main.innerText()).toContain('Your note has been added');

    await page.getByText('Add someone to the list').click();
    const mnrRefused = await follow(page, () => page.getByRole('button', { name: 'Add to the list' }).click());
    expect(mnrRefused.status()).toBe(400);
    await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Adaeze Okonkwo (Adult victim)' });
    await page.getByLabel('Addresses').check();
    await page.getByLabel('Reason').fill('Letters go to a shared house');
    await follow(page, () => page.getByRole('button', { name: 'Add to the list' }).click());
    expect(await page.locator('[data-case-banner]').innerText()).toContain('Must-not-receive list in place');

    await follow(page, () => page.getByRole('link', { name: 'Change stage or close (Case details)' }).click());
    await page.getByLabel('Why are you closing the case?').fill('Plan ended; family supported by early help.');
    await follow(page, () => page.getByRole('button', { name: 'Close case' }).click());
    expect(await main.innerText()).toContain('The case has been closed');
    await follow(page, () => page.getByRole('link', { name: 'Reopen the case (Case details)' }).click());
    await page.getByLabel('Why are you reopening the case?').fill('New police notification.');
    await follow(page, () => page.getByRole('button', { name: 'Reopen case' }).click());
    await follow(page, () => tabs.getByRole('link', { name: 'Chronology', exact: true }).click());
    expect(await main.innerText()).toContain('She said she hides upstairs');

    await visit(page, paths.cases.overview(caseId));
    await follow(page, () => page.getByRole('link', { name: 'Restrict this case' }).click());
    const noReason = await follow(page, () => page.getByRole('button', { name: 'Restrict' }).click());
    expect(noReason.status()).toBe(400);
    await page.getByLabel('Why are you restricting it?').fill('A relative works in the team.');
    await follow(page, () => page.getByRole('button', { name: 'Restrict' }).click());
    // Restricting leads to "Who has access", naming who kept it: the manager (the case is not allocated yet).
    expect(pathOf(page)).toBe(paths.restricted.grant('case', caseId));
    expect(await main.innerText()).toContain('The people listed below keep access');
    expect(await page.getByRole('table').innerText()).toContain('Test team-manager');
    const grantRefused = await follow(page, () => page.getByRole('button', { name: 'Give access' }).click());
    expect(grantRefused.status()).toBe(400);
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    // A MASH worker, who could open the case with access but does not work on it, meets the restricted page and breaks glass.
    await signIn(page, b.tenant.users['mash-worker'].email);
    const restricted = await visit(page, paths.cases.overview(caseId));
    expect(restricted.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('This case is restricted');
    expect(await main.innerText()).not.toContain('Juniper');
    const glassRefused = await follow(page, () => page.getByRole('button', { name: 'Break glass and open' }).click());
    expect(glassRefused.status()).toBe(400);
    await page.getByLabel('Why do you need to open it now?').fill('Out-of-hours call from the police about the children.');
    await follow(page, () => page.getByRole('button', { name: 'Break glass and open' }).click());
    expect(pathOf(page)).toBe(paths.cases.overview(caseId));
    expect(await main.innerText()).toContain('for the next 60 minutes');
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    await signIn(page, b.tenant.users.auditor.email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Break-glass use' }).click());
    expect(await page.getByRole('table').innerText()).toContain('Out-of-hours call from the police');
  });
  it('sends a social worker’s step-down to the team manager, who approves it', async () => {
    const manager = (await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['team-manager'].id)))!;
    const team = await adminService(b.t.db).createTeam({ kind: 'system', tenantId: b.tenant.id }, 'Child protection North', null);
    await b.t.db.owner().insertInto('user_teams').values({ tenant_id: b.tenant.id, user_id: manager.id, team_id: team.id }).execute();
    const child = await peopleService(b.t.db).create({ kind: 'user', user: manager }, { givenName: 'Bryony', familyName: 'Halliwell', dateOfBirth: '2016-09-09' }, 'e2e');
    const kase = await casesService(b.t.db).open({ ...manager, teamIds: [team.id] }, { stage: 'child-protection', members: [{ personId: child.id, role: 'child' }], workerId: b.tenant.users['social-worker'].id, teamId: team.id }, 'e2e');

    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, paths.cases.overview(kase.id));
    await follow(page, () => page.getByRole('link', { name: /^Change stage or close/ }).click());
    await page.getByLabel('New stage').selectOption({ label: 'Child in need (s17)' });
    await page.getByLabel('Why are you changing the stage?').fill('Child protection plan ended at the review conference.');
    await follow(page, () => page.getByRole('button', { name: 'Change or ask to change the stage' }).click());
    expect(await page.locator('.govuk-notification-banner', { hasText: 'Success' }).innerText()).toContain('Your request has been sent to the team manager');
    expect(await page.locator('[data-pending-change]').innerText()).toContain('step the case down to child in need (s17)');
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    await signIn(page, b.tenant.users['team-manager'].email);
    await visit(page, paths.cases.overview(kase.id));
    await page.getByLabel('Approve it').check();
    await page.getByLabel('Comment for the worker').fill('Agreed at the review conference.');
    await follow(page, () => page.getByRole('button', { name: 'Save your answer' }).click());
    expect(await page.locator('main').innerText()).toContain('You approved the change, and it has been made');
    expect(await page.locator('[data-pending-change]').count()).toBe(0);
    await follow(page, () => page.getByRole('navigation', { name: 'Case' }).getByRole('link', { name: 'Chronology' }).click());
    expect(await page.locator('main').innerText()).toContain('Team manager approved the change');
    expect(await page.locator('main').innerText()).toContain('Now: Child in need (s17)');
  });
});
