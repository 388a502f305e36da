import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, fillForm, follow, signIn, visit } from '../helpers/browser.js';

/**
 * Issue 16, point 5 in a browser: from the case's Plans tab, a worker records the domestic abuse
 * protection notice the police gave on Saturday 29 August 2026 at 10:00. Sunday 30 August does not
 * count, nor does the bank holiday on Monday 31 August, so the court must hear the application by
 * Wednesday 2 September 2026 at 10:00am. A form sent with a mistake shows its error summary; the
 * notice then has a breach recorded and is ended. Every page is axe-checked.
 */

describe('protective orders in a browser (axe on every page)', () => {
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

  it('records a notice given on the Saturday before the August bank holiday and shows its hearing deadline as Wednesday 2 September 2026, 10:00am', async () => {
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
    const victim = (await people.create(by, { givenName: 'Bethan', familyName: 'Halloran', dateOfBirth: '1992-05-01' }, 'e2e')).id;
    const harmer = (await people.create(by, { givenName: 'Declan', familyName: 'Halloran', dateOfBirth: '1989-11-11' }, 'e2e')).id;
    const child = (await people.create(by, { givenName: 'Cerys', familyName: 'Halloran', dateOfBirth: '2018-04-04' }, 'e2e')).id;
    const kase = await casesService(b.t.db).open(
      manager,
      { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: victim, role: 'adult-victim' }, { personId: harmer, role: 'person-causing-harm' }], workerId: worker.id, teamId: team.id },
      'e2e',
    );

    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, paths.cases.plans(kase.id));
    await follow(page, () => main.getByRole('link', { name: 'Protective orders' }).click());
    expect(await main.innerText()).toContain('No orders are recorded on this case');
    await follow(page, () => main.getByRole('link', { name: 'Record an order or notice' }).click());

    const notice = { kind: 'dapn', protectedIds: [victim, child], boundId: harmer, madeBy: 'Huntshire Police', ...date('startsOn', '2026-08-29'), conditions: ['Must not contact Bethan', 'Must not come to the family home'] };
    // Without the time it was given, no deadline can be worked out: the form says so.
    await fillForm(page, notice);
    await follow(page, () => main.getByRole('button', { name: 'Record it' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the time the notice was given');
    await fillForm(page, { givenTime: '10:00' });
    await follow(page, () => main.getByRole('button', { name: 'Record it' }).click());
    expect(await main.innerText()).toContain('The order has been recorded');
    expect(await main.locator('[data-hearing-deadline]').innerText()).toBe('Wednesday 2 September 2026, 10:00am');
    expect(await main.innerText()).toContain('When the court hears the application');

    // He came back to the house: the breach is recorded as a new incident.
    await follow(page, () => main.getByRole('link', { name: 'Record a breach' }).click());
    await fillForm(page, { ...date('occurredOn', '2026-08-30'), occurredTime: '21:40', source: 'police', reference: 'HP/2026/0830/7', summary: 'He came to the family home and banged on the door', childrenPresent: 'yes', injuries: 'no', weaponUsed: 'no', alcoholOrDrugs: 'yes' });
    await follow(page, () => main.getByRole('button', { name: 'Record the breach' }).click());
    expect(await main.innerText()).toContain('The breach has been recorded as a new incident');
    expect(await main.locator('[data-breaches]').innerText()).toContain('HP/2026/0830/7');

    // The court heard the application on the Wednesday: the notice ends.
    await follow(page, () => main.getByRole('link', { name: 'The notice has been heard or ended' }).click());
    await fillForm(page, { ...date('endedOn', '2026-09-02'), reason: 'heard' });
    await follow(page, () => main.getByRole('button', { name: 'End it' }).click());
    expect(await main.innerText()).toContain('The order has been ended');
    await follow(page, () => main.getByRole('link', { name: 'Back to protective orders' }).click());
    expect(await main.innerText()).toContain('Ended');

    // The case's chronology shows the notice, its breach and its ending.
    await visit(page, `${paths.cases.chronology(kase.id)}?kind=order`);
    const chronology = await main.innerText();
    expect(chronology).toContain('Domestic abuse protection notice given');
    expect(chronology).toContain('Domestic abuse protection notice breached');
    expect(chronology).toContain('Domestic abuse protection notice ended');
  });
});
