import { describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { whereaboutsService } from '../../src/features/people/whereabouts-service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { readPdf } from '../helpers/pdf-text.js';
import { browserTest, fillForm, follow, signIn, visit } from '../helpers/browser.js';

/**
 * Issue 16, points 1, 7 and 8 in a browser: a decision letter written in Welsh to a mother whose
 * safe-contact preferences ask for neutral letters (so it is neutral however it is asked for), printed
 * and downloaded; a letter to the person causing harm, refused while it names where she lives, then
 * made; its sending recorded with the lawful basis. Axe on every page.
 */
describe('letters in a browser (axe on every page)', () => {
  const b = browserTest();


  it('writes a neutral letter in Welsh and a letter to the person causing harm, and records one as sent', async () => {
    const system = { kind: 'system' as const, tenantId: b.tenant.id };
    const team = await adminService(b.t.db).createTeam(system, 'Family safeguarding Valley', null);
    await b.t.db.owner().insertInto('user_teams').values([b.tenant.users['team-manager'].id, b.tenant.users['social-worker'].id].map((id) => ({ tenant_id: b.tenant.id, user_id: id, team_id: team.id }))).execute();
    const manager = (await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['team-manager'].id)))!;
    const by = { kind: 'user' as const, user: manager };
    const people = peopleService(b.t.db);
    const mother = (await people.create(by, { givenName: 'Lowri', familyName: 'Pritchard-Nowak', dateOfBirth: '1991-04-04', firstLanguage: 'Welsh', addresses: [{ line1: '3 Curlew Refuge Row', town: 'Aberhidden', postcode: 'ZZ7 7ZZ', withheld: true, withheldReason: 'Fled to a refuge' }] }, 'e2e')).id;
    await whereaboutsService(b.t.db).setSafeContact(by, mother, { safeNumber: '', safeTimes: 'Mornings', mayLeaveMessage: false, askIfAloneFirst: true, codeWord: '', neutralLetters: true }, 'e2e');
    const father = (await people.create(by, { givenName: 'Tadeusz', familyName: 'Nowak', dateOfBirth: '1988-08-08', firstLanguage: 'Polish' }, 'e2e')).id;
    const child = (await people.create(by, { givenName: 'Cerys', familyName: 'Pritchard-Nowak', dateOfBirth: '2018-02-02' }, 'e2e')).id;
    const opened = await casesService(b.t.db).open(manager, { stage: 'assessment', members: [{ personId: child, role: 'child' }, { personId: mother, role: 'adult-victim' }, { personId: father, role: 'person-causing-harm' }], workerId: b.tenant.users['social-worker'].id, teamId: team.id }, 'e2e');

    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, paths.cases.documents(opened.id));
    await follow(page, () => page.getByRole('button', { name: 'Write a letter' }).click());
    await follow(page, () => page.getByRole('link', { name: 'The threshold decision' }).click());
    // Her first language is Welsh: the letter starts in Welsh.
    await expect(page.locator('[name="language"][value="cy"]').isChecked()).resolves.toBe(true);
    await expect(page.getByText('Letters to them must be neutral: this one will be.')).toBeTruthy();
    await fillForm(page, {
      recipient: mother,
      worries: 'Roedd gweiddi a gwthio yn y tŷ tra oedd Cerys yn yr ystafell nesaf.',
      decision: 'Byddwn ni’n gwneud asesiad i weld sut mae Cerys a pha help sydd ei angen.',
      nextSteps: 'Bydd gweithiwr cymdeithasol yn ymweld o fewn pum diwrnod gwaith.',
      workerPhone: '01632 960 321',
    });
    await follow(page, () => page.getByRole('button', { name: 'Make the letter' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The document has been made and kept');
    const record = await page.locator('main').innerText();
    expect(record).toContain('Cymraeg (Welsh)');
    expect(record).toContain('Neutral: the envelope and the opening say nothing about why we wrote');
    // The print page: the council's name alone at the top, a neutral title and opening, then the letter in Welsh.
    await follow(page, () => page.getByRole('link', { name: 'Print it' }).click());
    const printed = await page.locator('article').innerText();
    expect(printed).toMatch(/^.*\n*Llythyr i Lowri Pritchard-Nowak/m);
    expect(printed.slice(0, printed.indexOf('Beth sy’n ein poeni'))).not.toMatch(/gofal cymdeithasol|gwasanaethau plant|cam-drin|children|abuse/i);
    expect(printed).toContain('Roedd gweiddi a gwthio yn y tŷ');
    expect(printed).not.toContain('Curlew Refuge');
    await follow(page, () => page.getByRole('link', { name: 'Back to the document’s record' }).click());
    // The PDF holds the same Welsh words (ŷ and ŵ included).
    const download = await page.request.get(await page.getByRole('link', { name: 'Download the PDF' }).getAttribute('href').then((h) => h!));
    const pdf = await readPdf(await download.body());
    expect(pdf.tagged).toBe(true);
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('Roedd gweiddi a gwthio yn y tŷ');

    // Record that it was sent, with the lawful basis.
    await follow(page, () => page.getByRole('link', { name: 'Record that it was sent' }).click());
    const [y, m, d] = new Date().toISOString().slice(0, 10).split('-');
    await fillForm(page, { 'disclosedOn-day': String(Number(d)), 'disclosedOn-month': String(Number(m)), 'disclosedOn-year': y!, method: 'by-hand', lawfulBasis: 'public-task' });
    await follow(page, () => page.getByRole('button', { name: 'Record it' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Recorded: when it was sent');

    // A letter to the person causing harm, in Polish: refused while it says where she is.
    await visit(page, paths.documents.newLetter(opened.id));
    await follow(page, () => page.getByRole('link', { name: 'A letter to the person causing harm' }).click());
    await expect(page.locator('[name="language"][value="pl"]').isChecked()).resolves.toBe(true);
    await fillForm(page, { language: 'en', concerns: 'Cerys is frightened when you shout. Stay away from 3 Curlew Refuge Row.', expectations: 'Go to the perpetrator programme.\nKeep to the contact arrangements.', workerPhone: '01632 960 321' });
    await follow(page, () => page.getByRole('button', { name: 'Make the letter' }).click());
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('This holds an address or contact detail that is withheld: take it out');
    await fillForm(page, { concerns: 'Cerys is frightened when you shout and cannot sleep.' });
    await follow(page, () => page.getByRole('button', { name: 'Make the letter' }).click());
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('The document has been made and kept');
    await follow(page, () => page.getByRole('link', { name: 'Print it' }).click());
    const his = await page.locator('article').innerText();
    expect(his).toContain('What we need you to do for Cerys Pritchard-Nowak');
    expect(his).toContain('Go to the perpetrator programme.');
    expect(his).not.toContain('Curlew');

    await visit(page, paths.cases.documents(opened.id));
    const tab = await page.locator('main').innerText();
    expect(tab).toContain('Llythyr i Lowri Pritchard-Nowak');
    expect(tab).toContain('What we need you to do for Cerys Pritchard-Nowak');
    expect(tab).toContain('Not sent yet');
  });
});
