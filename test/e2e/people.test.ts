import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { browserTest, follow, pathOf, signIn, visit } from '../helpers/browser.js';

describe('people in a browser (axe on every page)', () => {
  const b = browserTest();

  async function createPerson(givenName: string, familyName: string, extra: { restricted?: boolean } = {}): Promise<string> {
    const user = await b.t.db.tenant(b.tenant.id, (trx) => loadUser(trx, b.tenant.users['team-manager'].id));
    if (!user) throw new Error('no team manager');
    const { id } = await peopleService(b.t.db).create({ kind: 'user', user }, { givenName, familyName, dateOfBirth: '1987-02-14' }, randomUUID());
    if (extra.restricted) await b.t.db.owner().updateTable('people').set({ restricted: true }).where('id', '=', id).execute();
    return id;
  }

  it('finds and adds a person, checking the answers first', async () => {
    const page = await b.newPage();
    await signIn(page, b.tenant.users['team-manager'].email);

    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'People' }).click());
    expect(pathOf(page)).toBe(paths.people.search);
    const empty = await follow(page, () => page.getByRole('button', { name: 'Search' }).click());
    expect(empty.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter a name, date of birth or NHS number to search for');

    await follow(page, () => page.getByRole('link', { name: 'Add a person' }).click());
    expect(pathOf(page)).toBe(paths.people.new);
    await page.getByLabel('Given name', { exact: true }).fill('Leila');
    await page.getByLabel('Family name', { exact: true }).fill('Browsertest');
    const dob = page.getByRole('group', { name: 'Date of birth (optional)' });
    await dob.getByLabel('Day').fill('30');
    await dob.getByLabel('Month').fill('2');
    await dob.getByLabel('Year').fill('1991');
    await page.getByRole('group', { name: 'Do they need an interpreter?' }).getByLabel('Yes', { exact: true }).check();
    await page.getByRole('group', { name: 'Preferred sex of interpreter' }).getByLabel('Female').check();
    await page.getByLabel('Ethnicity (optional)').selectOption('asian-pakistani');
    await page.getByLabel('Address line 1').fill('8 Sanctuary Road');
    await page.getByLabel('Postcode (optional)').fill('ZZ7 7ZZ');
    await page.getByLabel('Withhold this address').check();

    const wrong = await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(wrong.status()).toBe(400);
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Date of birth must be a real date');
    expect(summary).toContain('Give the reason the address is withheld');
    await page.getByRole('group', { name: 'Date of birth (optional)' }).getByLabel('Day').fill('28');
    await page.getByLabel('Why is this address withheld?').fill('Fled high-risk abuse');

    await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check your answers before adding Leila Browsertest');
    expect(await page.locator('main').innerText()).toContain('28 February 1991');
    await follow(page, () => page.getByRole('button', { name: 'Change family name' }).click());
    expect(await page.getByLabel('Family name', { exact: true }).inputValue()).toBe('Browsertest');
    await page.getByLabel('Family name', { exact: true }).fill('Browser-Test');
    await follow(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await follow(page, () => page.getByRole('button', { name: 'Save person' }).click());
    expect(pathOf(page)).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    const main = page.locator('main');
    expect(await main.innerText()).toContain('The person has been added');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Leila Browser-Test');
    expect(await main.innerText()).toContain('8 Sanctuary Road');
    expect(await main.innerText()).toContain('Whereabouts withheld');
  });

  it('adds an address, withholds it, and adds safe contact, a contact detail and a relationship, then edits', async () => {
    const partner = await createPerson('Sam', 'Partnerton');
    const id = await createPerson('Leila', 'Browser-Test');
    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['team-manager'].email);
    await visit(page, paths.people.person(id));

    await follow(page, () => page.getByRole('link', { name: 'Add address for Leila Browser-Test' }).click());
    await page.getByLabel('Address line 1').fill('3 Former Street');
    const from = page.getByRole('group', { name: 'Date they moved in (optional)' });
    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('1');
    await from.getByLabel('Year').fill('2019');
    const to = page.getByRole('group', { name: 'Date they moved out (optional)' });
    await to.getByLabel('Day').fill('31');
    await to.getByLabel('Month').fill('12');
    await to.getByLabel('Year').fill('2023');
    await follow(page, () => page.getByRole('button', { name: 'Add address' }).click());
    expect(await main.innerText()).toContain('The address has been added');

    await follow(page, () => page.getByRole('link', { name: 'Withhold this address' }).click());
    await page.getByLabel('Why is this address withheld?').fill('The person causing harm knows this street');
    await follow(page, () => page.getByRole('button', { name: 'Withhold address' }).click());
    expect(await main.innerText()).toContain('The address is now withheld');

    await follow(page, () => page.getByRole('link', { name: 'Set safe-contact preferences for Leila Browser-Test' }).click());
    await page.getByLabel('Safe number (optional)').fill('07700 900321');
    await page.getByRole('group', { name: 'May a message be left?' }).getByLabel('No').check();
    await page.getByRole('group', { name: 'Ask first if they are alone and able to talk?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Must letters be neutrally worded?' }).getByLabel('Yes').check();
    await follow(page, () => page.getByRole('button', { name: 'Save preferences' }).click());
    expect(await main.innerText()).toContain('07700 900321');

    await follow(page, () => page.getByRole('link', { name: 'Add contact detail for Leila Browser-Test' }).click());
    await page.getByRole('radio', { name: 'Email' }).check();
    await page.getByLabel('Phone number, email address or other detail').fill('leila@example.invalid');
    await follow(page, () => page.getByRole('button', { name: 'Add contact detail' }).click());
    expect(await main.innerText()).toContain('leila@example.invalid');

    await follow(page, () => page.getByRole('link', { name: 'Add relationship for Leila Browser-Test' }).click());
    await page.getByLabel('Name of the other person').fill('Sam Partnerton');
    await follow(page, () => page.getByRole('button', { name: 'Search' }).click());
    await page.locator(`input[name="to"][value="${partner}"]`).check();
    await page.getByLabel('How are they related?').selectOption('former-intimate-partners');
    await follow(page, () => page.getByRole('button', { name: 'Add relationship' }).click());
    expect(await main.innerText()).toContain('Were in an intimate relationship');
    expect(await main.innerText()).toContain('Personally connected');

    await follow(page, () => page.getByRole('link', { name: 'Add an identifier for Leila Browser-Test' }).click());
    await follow(page, () => page.getByRole('button', { name: 'Add identifier' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the agency');
    await page.getByLabel('Agency').fill('School');
    await page.getByLabel('Identifier', { exact: true }).fill('UPN-A123456789012');
    await follow(page, () => page.getByRole('button', { name: 'Add identifier' }).click());
    expect(await main.innerText()).toContain('UPN-A123456789012');

    await follow(page, () => page.getByRole('link', { name: 'Edit details of Leila Browser-Test' }).click());
    await page.getByLabel('First language (optional)').fill('Urdu');
    await follow(page, () => page.getByRole('button', { name: 'Save changes' }).click());
    expect(await main.innerText()).toContain('The changes have been saved');
    expect(await main.innerText()).toContain('Urdu');

    await follow(page, () => page.getByRole('link', { name: 'Find a person' }).click());
    await page.getByLabel('Name', { exact: true }).fill('Leila Browser-Test');
    await follow(page, () => page.getByRole('button', { name: 'Search' }).click());
    expect(await page.getByRole('table').innerText()).toContain('14 February 1987');
  });

  it('merges two records of one person, and undoes the merge', async () => {
    const kept = await createPerson('Yasmin', 'Farah-Lindqvist');
    const duplicate = await createPerson('Yasmin', 'Lindqvist');
    const page = await b.newPage();
    const main = page.locator('main');
    await signIn(page, b.tenant.users['mash-manager'].email);
    await visit(page, paths.people.person(kept));
    await follow(page, () => page.getByRole('link', { name: 'Merge with a duplicate record of Yasmin Farah-Lindqvist' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Compare with Yasmin Lindqvist' }).click());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Merge two records of one person');
    await page.getByLabel('Why are these the same person?').fill('Same date of birth; her married name was added as a new record');
    const unchosen = await follow(page, () => page.getByRole('button', { name: 'Merge records' }).click());
    expect(unchosen.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose which record to keep');
    await page.getByLabel('Record 1: Yasmin Farah-Lindqvist').check();
    await follow(page, () => page.getByRole('button', { name: 'Merge records' }).click());
    expect(pathOf(page)).toBe(paths.people.person(kept));
    expect(await main.innerText()).toContain('The records have been merged');
    expect(await main.innerText()).toContain('Yasmin Lindqvist was merged into this record');
    // The old record's address leads to the merged one.
    await visit(page, paths.people.person(duplicate));
    expect(pathOf(page)).toBe(paths.people.person(kept));
    expect(await main.innerText()).toContain('The record you opened was merged into this one');

    await follow(page, () => page.getByRole('link', { name: 'Undo this merge of Yasmin Lindqvist' }).click());
    await page.getByLabel('Why is the merge being undone?').fill('The GP confirmed two different women');
    await follow(page, () => page.getByRole('button', { name: 'Undo the merge' }).click());
    expect(await main.innerText()).toContain('The merge has been undone');
    expect(await main.innerText()).toContain('The merge was undone on');
    await visit(page, paths.people.person(duplicate));
    expect(pathOf(page)).toBe(paths.people.person(duplicate));
  });

  it('shows a restricted person as a name and the restricted notice', async () => {
    const id = await createPerson('Quinn', 'Restrictedrecord', { restricted: true });
    const page = await b.newPage();
    await signIn(page, b.tenant.users['social-worker'].email);
    await visit(page, `${paths.people.search}?name=Quinn+Restrictedrecord`);
    expect(await page.getByRole('table').innerText()).toContain('Restricted');
    await follow(page, () => page.getByRole('link', { name: 'Quinn Restrictedrecord' }).click());
    expect(pathOf(page)).toBe(paths.people.person(id));
    expect(await page.locator('main').innerText()).toContain('This record is restricted');
    expect(await page.locator('main').innerText()).not.toContain('14 February 1987');
  });
});
