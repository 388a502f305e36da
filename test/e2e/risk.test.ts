import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate, type PlainDate } from '../../src/domain/calendar/plain-date.js';
import { casesService } from '../../src/features/cases/service.js';
import { addDaService } from '../../src/features/da-services/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { peopleService } from '../../src/features/people/service.js';
import { riskService } from '../../src/features/risk/service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { formatDate } from '../../src/platform/http/format.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, follow, pathOf, signIn, visit } from '../helpers/browser.js';

/** Today in England, and days before it: the forms refuse dates in the future. */
const today = (): PlainDate => londonDate(new Date());
const daysAgo = (days: number): PlainDate => addDays(today(), -days);

/** Types a date into a GOV.UK date input (Day, Month, Year) inside the fieldset with this legend. */
async function fillDate(page: Page, legend: string, date: PlainDate): Promise<void> {
  const [year, month, day] = date.split('-');
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year!);
}

describe('risk checklists and the Marac in a browser (axe on every page)', () => {
  const b = browserTest();

  async function user(role: Role): Promise<CurrentUser> {
    const u = await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users[role].id));
    if (!u) throw new Error(`no ${role}`);
    return u;
  }

  /** A victim, the person causing harm and a child, added by the social worker, on a case a team manager allocated to them. */
  async function family(familyName: string) {
    const worker = await user('social-worker');
    const caller = { kind: 'user' as const, user: worker };
    const people = peopleService(b.t.db);
    const victim = (await people.create(caller, { givenName: 'Perpetua', familyName, dateOfBirth: '1989-06-02' }, 'e2e')).id;
    const harm = (await people.create(caller, { givenName: 'Caspian', familyName, dateOfBirth: '1986-01-20' }, 'e2e')).id;
    const child = (await people.create(caller, { givenName: 'Wren', familyName, dateOfBirth: '2019-04-11' }, 'e2e')).id;
    const rel = relationshipsService(b.t.db);
    await rel.add(caller, victim, harm, 'intimate-partners', 'e2e');
    await rel.add(caller, victim, child, 'parent-of', 'e2e');
    // Nobody allocates a case to themselves: a team manager opens it for the worker.
    const kase = await casesService(b.t.db).open(
      await user('team-manager'),
      { stage: 'child-in-need', members: [{ personId: victim, role: 'adult-victim' }, { personId: harm, role: 'person-causing-harm' }, { personId: child, role: 'child' }], workerId: worker.id },
      'e2e',
    );
    return { victim, harm, child, caseId: kase.id, name: `Perpetua ${familyName}` };
  }

  beforeAll(async () => {
    await b.t.db.tenant(b.tenant.id, (trx) =>
      addDaService(
        trx,
        b.tenant.id,
        { name: 'Testshire IDSVA', offers: 'A named adviser and a safety plan, reviewed every 6 weeks', howToRefer: 'Use the secure referral form', band: 'high', active: true },
        { actorType: 'system', actorId: null, requestId: null },
      ),
    );
  });

  /** Answers each question on a checklist section page by clicking its radio; the answer comes from `answer(number)`. */
  async function answerSection(page: Page, answer: (n: number) => 'Yes' | 'No' | 'Don\'t know') {
    const questions = page.locator('[data-question]');
    const numbers = (await questions.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-question'))))) as number[];
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) {
      await page.locator(`[data-question="${n}"]`).getByRole('group').getByLabel(answer(n), { exact: true }).check();
    }
    await follow(page, () => page.getByRole('button', { name: 'Save and continue' }).click());
  }

  it('completes the Dash from the person’s Risk tab to a high-risk result, then the stalking screen it offers', async () => {
    const f = await family('Lowden');
    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['social-worker'].email);

    await visit(page, paths.people.person(f.victim));
    await follow(page, () => page.getByRole('navigation', { name: 'Person' }).getByRole('link', { name: 'Risk', exact: true }).click());
    expect(pathOf(page)).toBe(paths.people.risk(f.victim));
    expect(await main.innerText()).toContain('No risk checklist has been completed yet.');

    await follow(page, () => page.getByRole('link', { name: 'Start a risk checklist' }).click());
    expect(pathOf(page)).toBe(paths.risk.start(f.victim));
    await page.getByLabel(/Domestic abuse risk checklist \(Dash\)/).check();
    await follow(page, () => page.getByRole('button', { name: 'Start the checklist' }).click());

    // One page per section: 14 yes (question 8 among them, which calls for the stalking screen), 23 don't know.
    const titles: string[] = [];
    while (pathOf(page).includes('/sections/')) {
      titles.push(await page.getByRole('heading', { level: 1 }).innerText());
      await answerSection(page, (n) => (n <= 14 ? 'Yes' : n === 23 ? 'Don\'t know' : 'No'));
    }
    expect(titles).toEqual(['This incident and how you feel', 'Your situation', 'The abuse', 'The person causing harm']);

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('About this checklist');
    const completedOn = daysAgo(1);
    await fillDate(page, 'Date completed', completedOn);
    await page.getByLabel('Agency completing the checklist').fill('Children’s social care');
    await page.getByRole('group', { name: 'Was it completed with the victim?' }).getByLabel('Yes').check();
    await page.getByLabel('The victim’s own view of the risk').fill('She thinks he will find her at the new flat.');
    await page.getByLabel('No professional judgement to record').check();
    await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check your answers');
    const check = await main.innerText();
    expect(check).toContain('She thinks he will find her at the new flat.');
    expect(check).toContain(formatDate(completedOn));
    expect(check).toMatch(/Don't know\s*Gap/);
    await follow(page, () => page.getByRole('button', { name: 'Complete the checklist' }).click());

    expect(pathOf(page)).toMatch(/^\/risk\/checklists\/[0-9a-f-]{36}$/);
    const resultPath = pathOf(page);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('The checklist has been completed');
    expect(await page.locator('[data-score]').innerText()).toBe('14');
    expect(await page.locator('[data-band="high"]').innerText()).toBe('High risk');
    expect(await page.locator('[data-gaps]').innerText()).toBe('1 question not answered or answered “don’t know”: 23');
    expect(await page.locator('[data-criterion="visible-high-risk"]').innerText()).toBe('Visible high risk. The latest checklist scores 14.');
    expect(await page.locator('[data-suggested-service="idsva"]').innerText()).toContain('IDVA or IDSVA service');
    expect(await main.innerText()).toContain('Testshire IDSVA');
    expect(await main.innerText()).toContain('The answers call for the stalking and harassment screen.');

    // The follow-up the result offers.
    await follow(page, () => page.getByRole('button', { name: 'Start the stalking and harassment screen' }).click());
    expect(await page.locator('.govuk-caption-l').innerText()).toContain('Stalking and harassment screen, part 1 of 2');
    while (pathOf(page).includes('/sections/')) await answerSection(page, (n) => (n <= 3 ? 'Yes' : 'No'));
    await page.getByLabel('Agency completing the checklist').fill('Children’s social care');
    await page.getByRole('group', { name: 'Was it completed with the victim?' }).getByLabel('Yes').check();
    await page.getByLabel('No professional judgement to record').check();
    await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await follow(page, () => page.getByRole('button', { name: 'Complete the checklist' }).click());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Stalking and harassment screen');
    expect(await page.locator('[data-score]').innerText()).toBe('3');

    // Back to the person's Risk page: the Dash is still the latest banded result, with both in the history.
    await follow(page, () => page.getByRole('link', { name: `Risk for ${f.name}` }).click());
    expect(pathOf(page)).toBe(paths.people.risk(f.victim));
    expect(await page.locator('[data-latest] [data-score]').innerText()).toBe('14');
    expect(await page.locator('[data-marac-criteria]').innerText()).toContain('Visible high risk');
    const history = await page.locator('[data-history]').innerText();
    expect(history).toContain('Domestic abuse risk checklist (Dash)');
    expect(history).toContain('Stalking and harassment screen');
    await follow(page, () => page.locator('[data-history]').getByRole('link', { name: 'Domestic abuse risk checklist (Dash)' }).click());
    expect(pathOf(page)).toBe(resultPath);
    expect(await main.innerText()).toContain('Stalking and harassment screen was completed after this checklist.');

    // The case's Risk tab shows the same for the adult victim.
    await visit(page, paths.cases.overview(f.caseId));
    await follow(page, () => page.getByRole('navigation', { name: /^Case WA-/ }).getByRole('link', { name: 'Risk', exact: true }).click());
    expect(pathOf(page)).toBe(paths.cases.risk(f.caseId));
    expect(await main.innerText()).toContain(f.name);
    expect(await page.locator('[data-marac-eligible]').count()).toBe(1);
    expect(await page.locator('[data-latest] [data-score]').innerText()).toBe('14');
  });

  it('refers the victim to the Marac from the result, then again as a repeat, which the coordinator sees in the queue', async () => {
    const f = await family('Marchbank');
    const worker = await user('social-worker');
    const answers = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), { answer: i < 15 ? 'yes' : 'no' }]));
    const checklist = await riskService(b.t.db).record(
      { kind: 'user', user: worker },
      { personId: f.victim, caseId: f.caseId, instrument: 'dash-ric', completedAt: new Date(`${daysAgo(60)}T10:00:00Z`), answers, agency: 'Children’s social care', withVictim: true },
      'e2e',
    );
    const firstOn = daysAgo(50);
    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['social-worker'].email);

    await visit(page, paths.risk.checklist(checklist.id));
    await follow(page, () => page.getByRole('link', { name: 'Refer to the Marac' }).click());
    expect(pathOf(page)).toBe(paths.marac.refer(f.victim));
    // The criterion the record shows is already ticked, with its evidence.
    const visible = page.getByLabel('Visible high risk');
    expect(await visible.isChecked()).toBe(true);
    expect(await page.locator('#criteria-item-hint').innerText()).toBe('The latest checklist scores 15.');
    expect(await page.getByLabel('Professional judgement', { exact: true }).isChecked()).toBe(false);
    // Nothing is shown as an error before the form is sent.
    expect(await page.locator('.govuk-form-group--error, .govuk-error-message').count()).toBe(0);

    // Sent with nothing filled in (the ticked criterion and today's date taken out too): each problem explained.
    await visible.uncheck();
    for (const part of ['Day', 'Month', 'Year']) await page.getByRole('group', { name: 'Date of the referral' }).getByLabel(part).fill('');
    const refused = await follow(page, () => page.getByRole('button', { name: 'Send the referral' }).click());
    expect(refused.status()).toBe(400);
    const summary = await page.locator('.govuk-error-summary').innerText();
    for (const problem of [
      'Choose at least one criterion the referral meets',
      'Enter the date of the referral',
      'Enter the referring agency',
      'Say who is causing harm, or that they are not known',
      'Say whether the victim consented to the referral',
      'Describe the risks in your own words',
    ]) {
      expect(summary).toContain(problem);
    }
    // Each problem at its own field, and no other field marked as wrong.
    expect((await page.locator('.govuk-error-message').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      'Error: Choose at least one criterion the referral meets',
      'Error: Enter the date of the referral',
      'Error: Enter the referring agency',
      'Error: Say who is causing harm, or that they are not known',
      'Error: Say whether the victim consented to the referral',
      'Error: Describe the risks in your own words',
    ]);
    // With none chosen, the form ticks again what the record shows.
    expect(await page.getByLabel('Visible high risk').isChecked()).toBe(true);

    await fillDate(page, 'Date of the referral', firstOn);
    await page.getByLabel('Referring agency').fill('Children’s social care');
    await page.getByRole('group', { name: 'Person causing harm' }).getByLabel('Caspian Marchbank').check();
    await page.getByRole('group', { name: 'Children in the household' }).getByLabel(/Wren Marchbank/).check();
    await page.getByRole('group', { name: 'Has the victim consented to the referral?' }).getByLabel('Yes').check();
    await page.getByLabel('The risks, in your own words').fill('Threats to kill, and he has found the new address.');
    await follow(page, () => page.getByRole('button', { name: 'Send the referral' }).click());
    expect(pathOf(page)).toMatch(/^\/marac\/referrals\/[0-9a-f-]{36}$/);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('The referral has been sent to the Marac');
    expect(await page.locator('[data-repeat]').count()).toBe(0);
    const first = await main.innerText();
    expect(first).toContain('Caspian Marchbank');
    expect(first).toContain('Wren Marchbank');
    expect(first).toContain('The victim consented');

    // A new incident after the first referral, and a second referral: a repeat.
    const incidentOn = daysAgo(5);
    await visit(page, paths.people.risk(f.victim));
    await follow(page, () => page.getByRole('link', { name: 'Refer to the Marac' }).click());
    await fillDate(page, 'Date of the latest incident you know of (optional)', incidentOn);
    await page.getByLabel('Referring agency').fill('Children’s social care');
    await page.getByRole('group', { name: 'Person causing harm' }).getByLabel('Caspian Marchbank').check();
    await page.getByRole('group', { name: 'Children in the household' }).getByLabel(/Wren Marchbank/).check();
    await page.getByRole('group', { name: 'Has the victim consented to the referral?' }).getByLabel('Yes').check();
    await page.getByLabel('The risks, in your own words').fill('He came to the school gate last week.');
    await follow(page, () => page.getByRole('button', { name: 'Send the referral' }).click());
    const referralPath = pathOf(page);
    expect(await page.locator('h1 [data-repeat]').innerText()).toBe('Repeat');
    expect(await page.locator('[data-previous]').innerText()).toContain(`Previously referred on ${formatDate(firstOn)}`);
    expect(await main.innerText()).toContain(formatDate(incidentOn));
    await follow(page, () => page.getByRole('button', { name: 'Sign out' }).click());

    await signIn(page, b.tenant.users['marac-coordinator'].email);
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Marac referrals' }).click());
    expect(pathOf(page)).toBe(paths.marac.queue);
    const row = page.locator(`[data-referral="${referralPath.split('/').pop()}"]`);
    expect(await row.locator('[data-repeat]').innerText()).toBe('Repeat');
    expect(await row.innerText()).toContain(`Previous referral ${formatDate(firstOn)}`);
    await follow(page, () => row.getByRole('link', { name: f.name }).click());
    expect(pathOf(page)).toBe(referralPath);
  });

  it('lets an administrator add a domestic abuse service and change the risk settings', async () => {
    const page = await b.newPage();
    const main = page.locator('main');
    const nav = page.getByRole('navigation', { name: 'Menu' });
    await signIn(page, b.tenant.users.admin.email);

    await follow(page, () => nav.getByRole('link', { name: 'DA services' }).click());
    expect(pathOf(page)).toBe(paths.admin.daServices);
    expect(await main.innerText()).toContain('Testshire IDSVA');
    await follow(page, () => page.getByRole('button', { name: 'Add a service' }).click());
    const empty = await follow(page, () => page.getByRole('button', { name: 'Add service' }).click());
    expect(empty.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose the level of risk the service is for');
    await page.getByLabel('Name of the service').fill('Testshire Floating Support');
    await page.getByLabel('What they offer').fill('Visits at home or somewhere safe, for up to 12 weeks.');
    await page.getByLabel('How to refer').fill('Phone the duty line.');
    await page.getByLabel('Medium risk').check();
    await follow(page, () => page.getByRole('button', { name: 'Add service' }).click());
    expect(pathOf(page)).toBe(paths.admin.daServices);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Service added: Testshire Floating Support');

    await follow(page, () => nav.getByRole('link', { name: 'Risk settings' }).click());
    expect(pathOf(page)).toBe(paths.admin.riskSettings);
    await page.getByLabel('Weeks until a high-risk victim’s checklist and safety plan are reviewed').fill('0');
    const refused = await follow(page, () => page.getByRole('button', { name: 'Save risk settings' }).click());
    expect(refused.status()).toBe(400);
    await page.getByLabel('Weeks until a high-risk victim’s checklist and safety plan are reviewed').fill('8');
    await follow(page, () => page.getByRole('button', { name: 'Save risk settings' }).click());
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Risk settings saved');
    expect(await page.getByLabel('Weeks until a high-risk victim’s checklist and safety plan are reviewed').inputValue()).toBe('8');
  });
});
