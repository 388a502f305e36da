import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { londonDate } from '../../src/domain/calendar/plain-date.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, fillForm, follow, signIn, visit } from '../helpers/browser.js';
import { testPng } from '../helpers/images.js';

/**
 * Issue 16, point 6 in a browser: a no-contact notice to a school made from the Plans tab, a file that is
 * not a photograph refused, a photograph uploaded (a real PNG made in code), the notice printed through the
 * document module with the photograph drawn on the print page, and marked sent; axe on every page.
 */
describe('notices to schools in a browser (axe on every page)', () => {
  const b = browserTest();


  it('makes a no-contact notice with a photograph, prints it with the photograph, and records it sent', async () => {
    const system = { kind: 'system' as const, tenantId: b.tenant.id };
    const team = await adminService(b.t.db).createTeam(system, 'Family safeguarding Riverside', null);
    await b.t.db.owner().insertInto('user_teams').values([b.tenant.users['team-manager'].id, b.tenant.users['social-worker'].id].map((id) => ({ tenant_id: b.tenant.id, user_id: id, team_id: team.id }))).execute();
    const manager = (await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['team-manager'].id)))!;
    const by = { kind: 'user' as const, user: manager };
    const people = peopleService(b.t.db);
    const victim = (await people.create(by, { givenName: 'Delyth', familyName: 'Pengelly', dateOfBirth: '1991-04-09' }, 'e2e')).id;
    const harmer = (await people.create(by, { givenName: 'Bryn', familyName: 'Pengelly', dateOfBirth: '1988-02-02' }, 'e2e')).id;
    const child = (await people.create(by, { givenName: 'Lowri', familyName: 'Pengelly', dateOfBirth: '2017-09-09' }, 'e2e')).id;
    const opened = await casesService(b.t.db).open(manager, { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: victim, role: 'adult-victim' }, { personId: harmer, role: 'person-causing-harm' }], workerId: b.tenant.users['social-worker'].id, teamId: team.id }, 'e2e');

    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, paths.cases.plans(opened.id));
    await follow(page, () => page.locator('[data-notices-link]').click());
    await follow(page, () => page.locator('[data-new-no-contact]').click());
    // Nothing chosen or written: refused with the error summary.
    await follow(page, () => page.getByRole('button', { name: 'Make the notice' }).click());
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Choose who must not collect or contact the child');
    await fillForm(page, { personId: harmer, settingKind: 'school', settingName: 'Riverside Primary School', safeguardingLead: 'Ms Nia Rowlands', workerPhone: '0114 496 0123', orders: 'Non-molestation order, Family Court, until 31 March 2027' });
    await follow(page, () => page.getByRole('button', { name: 'Make the notice' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The notice has been made');

    // A text file called .jpg is refused.
    await follow(page, () => page.getByRole('link', { name: 'Add a photograph' }).click());
    await page.locator('input[type="file"]').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('only words, no picture') });
    await follow(page, () => page.getByRole('button', { name: 'Add the photograph' }).click());
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('The selected file must be a photograph saved as a JPG or PNG');
    // A real photograph is taken.
    await page.locator('input[type="file"]').setInputFiles({ name: 'bryn.png', mimeType: 'image/png', buffer: testPng(32, [120, 60, 30]) });
    await follow(page, () => page.getByRole('button', { name: 'Add the photograph' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The photograph has been added');
    await expect(page.locator('[data-notice-photo]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(32);

    // Printed through the document module: the photograph is drawn on the print page.
    await follow(page, () => page.getByRole('button', { name: 'Print the notice' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The document has been made');
    const documentPath = new URL(page.url()).pathname;
    await visit(page, `${documentPath}?print=1`);
    const paper = await page.locator('main').innerText();
    expect(paper).toContain('Bryn Pengelly must not collect or contact Lowri Pengelly');
    expect(paper).toContain('Call 999 straight away');
    expect(paper).toContain('Non-molestation order, Family Court, until 31 March 2027');
    await expect(page.locator('[data-paper-photo]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(32);

    // Recorded as sent.
    await visit(page, paths.notices.list(opened.id));
    await follow(page, () => page.getByRole('link', { name: 'No-contact notice: Bryn Pengelly' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Record that it was sent' }).click());
    const [y, m, d] = londonDate(new Date()).split('-');
    await fillForm(page, { 'sentOn-day': String(Number(d)), 'sentOn-month': String(Number(m)), 'sentOn-year': y!, sentTime: '00:01', method: 'by-hand' });
    await follow(page, () => page.getByRole('button', { name: 'Record it' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Recorded that the notice was sent');
    await expect(page.locator('main').innerText()).resolves.toContain('Sent');
  });
});
