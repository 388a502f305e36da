/**
 * The people pages (issue 3, item 9): find a person, add a person with check-answers, and the
 * person page with its warnings, safe-contact preferences and withheld whereabouts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { NewPersonInput } from '../../src/features/people/schemas.js';
import { whereaboutsService } from '../../src/features/people/whereabouts-service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';

let t: TestApp;
let tenant: TestTenant;
const visitors = new Map<Role, Visitor>();

async function as(role: Role): Promise<Visitor> {
  let v = visitors.get(role);
  if (!v) {
    v = await signedIn(t.app, tenant.users[role].email);
    visitors.set(role, v);
  }
  return v;
}

async function callerFor(role: Role) {
  const user = await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users[role].id));
  if (!user) throw new Error(`no ${role}`);
  return { kind: 'user', user } as const;
}

async function createPerson(input: NewPersonInput, role: Role = 'team-manager'): Promise<string> {
  const { id } = await peopleService(t.db).create(await callerFor(role), input, randomUUID());
  return id;
}

async function countPeople(): Promise<number> {
  const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
  return Number(row.n);
}

/** Hidden inputs of a page, as a form would post them back. */
function hiddenFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]!] = m[2]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return fields;
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

describe('find a person', () => {
  it('finds people by a misspelt name, by date of birth and by NHS number', async () => {
    const id = await createPerson({ givenName: 'Katarzyna', familyName: 'Wisniewska', otherNames: ['Kasia Nowak'], dateOfBirth: '1990-04-12', nhsNumber: '9434765919' });
    const v = await as('mash-worker');

    const first = await v.get(paths.people.search);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Find a person');
    expect(first.body).toContain(`href="${paths.people.new}"`);
    expect(first.body).not.toContain('govuk-error-summary');

    const fuzzy = await v.get(`${paths.people.search}?name=${encodeURIComponent('Katarzina Wisniewski')}&dateOfBirth-day=&dateOfBirth-month=&dateOfBirth-year=&nhsNumber=`);
    expect(fuzzy.statusCode).toBe(200);
    expect(fuzzy.body).toContain(`href="${paths.people.person(id)}"`);
    expect(fuzzy.body).toContain('Kasia Nowak');
    expect(fuzzy.body).toContain('12 April 1990');
    expect(fuzzy.body).toMatch(/govuk-table__cell--numeric">\s*\d{2}\s*</);

    const byDob = await v.get(`${paths.people.search}?name=&dateOfBirth-day=12&dateOfBirth-month=4&dateOfBirth-year=1990&nhsNumber=`);
    expect(byDob.body).toContain(`href="${paths.people.person(id)}"`);
    const byIso = await v.get(`${paths.people.search}?dateOfBirth=1990-04-12`);
    expect(byIso.body).toContain(`href="${paths.people.person(id)}"`);
    expect(byIso.body).toContain('value="1990"');

    const byNhs = await v.get(`${paths.people.search}?name=&nhsNumber=${encodeURIComponent('943 476 5919')}`);
    expect(byNhs.body).toContain(`href="${paths.people.person(id)}"`);
  });

  it('keeps the search terms out of the address: the form posts them, and the results page carries them sealed', async () => {
    const id = await createPerson({ givenName: 'Wilhelmina', familyName: 'Ashcombe', dateOfBirth: '1985-05-05', nhsNumber: '9434765919' });
    const v = await as('mash-worker');
    const form = await v.get(paths.people.search);
    expect(form.body).toContain(`<form method="post" action="${paths.people.search}"`);
    const posted = await v.post(paths.people.search, { name: 'Wilhelmina Ashcombe', 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '', nhsNumber: '' });
    expect(posted.statusCode).toBe(303);
    const location = posted.headers.location as string;
    expect(location).toMatch(new RegExp(`^${paths.people.search}\\?q=[A-Za-z0-9_-]+$`));
    expect(location.toLowerCase()).not.toContain('wilhelmina');
    expect(location.toLowerCase()).not.toContain('ashcombe');
    const results = await v.get(location);
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain(`href="${paths.people.person(id)}"`);
    expect(results.body).toContain('value="Wilhelmina Ashcombe"');
    // The same address opens nothing in another session, nor once changed.
    const other = await as('social-worker');
    const elsewhere = await other.get(location);
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.body).toContain('That search has ended');
    expect(elsewhere.body).not.toContain(`href="${paths.people.person(id)}"`);
    const changed = await v.get(`${location.slice(0, -3)}${location.endsWith('AAA') ? 'BBB' : 'AAA'}`);
    expect(changed.body).toContain('That search has ended');
  });

  it('refuses an empty search and bad details with field errors', async () => {
    const v = await as('social-worker');
    const empty = await v.get(`${paths.people.search}?name=&dateOfBirth-day=&dateOfBirth-month=&dateOfBirth-year=&nhsNumber=`);
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ name: 'Enter a name, date of birth or NHS number to search for' });
    expect(empty.body).not.toContain('data-people-results');

    const bad = await v.get(`${paths.people.search}?name=&dateOfBirth-day=30&dateOfBirth-month=2&dateOfBirth-year=2001&nhsNumber=9434765918`);
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual({ 'dateOfBirth-day': 'Date of birth must be a real date', nhsNumber: 'Enter a valid 10-digit NHS number, like 943 476 5919' });
    expect(bad.body).toContain('value="30"');
  });

  it('pages the results on the server, 20 a page', async () => {
    for (let i = 1; i <= 23; i++) await createPerson({ givenName: `Paged${String(i).padStart(2, '0')}`, familyName: 'Example', dateOfBirth: '2001-02-03' });
    const v = await as('idva');
    const url = `${paths.people.search}?dateOfBirth=2001-02-03`;
    const first = await v.get(url);
    expect(first.body).toContain('Showing 1 to 20 of 23 people');
    expect(first.body.match(/href="\/people\/[0-9a-f-]{36}"/g)).toHaveLength(20);
    expect(first.body).toContain('class="govuk-pagination');
    expect(first.body).toContain('href="/people?dateOfBirth=2001-02-03&amp;page=2"');
    const second = await v.get(`${url}&page=2`);
    expect(second.body).toContain('Showing 21 to 23 of 23 people');
    expect(second.body.match(/href="\/people\/[0-9a-f-]{36}"/g)).toHaveLength(3);
    const past = await v.get(`${url}&page=9`);
    expect(past.body).toContain('Showing 21 to 23 of 23 people');
  });

  it('shows a restricted person by name only, and their page shows only the restricted notice', async () => {
    const id = await createPerson({
      givenName: 'Rosalind',
      familyName: 'Hiddenfield',
      otherNames: ['Roz Secretalias'],
      dateOfBirth: '1985-07-19',
      nhsNumber: '4010232137',
      addresses: [{ line1: '9 Concealed Row', postcode: 'ZZ3 3ZZ' }],
    });
    await t.db.owner().updateTable('people').set({ restricted: true, restricted_reason: 'High-profile' }).where('id', '=', id).execute();
    const v = await as('social-worker');
    const found = await v.get(`${paths.people.search}?name=Rosalind+Hiddenfield`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Rosalind Hiddenfield');
    expect(found.body).toContain('Restricted');
    expect(found.body).toContain(`href="${paths.people.person(id)}"`);
    for (const detail of ['Roz Secretalias', '19 July 1985', '4010232137']) expect(found.body).not.toContain(detail);

    const page = await v.get(paths.people.person(id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rosalind Hiddenfield');
    expect(page.body).toContain('This record is restricted');
    expect(page.body).toContain(`action="${paths.restricted.breakGlass('person', id)}"`);
    expect(page.body).toContain('name="reason"');
    for (const detail of ['Roz Secretalias', '19 July 1985', '4010232137', '9 Concealed Row', 'ZZ3 3ZZ', 'High-profile']) expect(page.body).not.toContain(detail);
    // Nor can a sub-page be used to see or change it.
    expect((await v.get(paths.people.edit(id))).statusCode).toBe(403);
    expect((await v.post(paths.people.addAddress(id), { line1: 'x' })).statusCode).toBe(403);
  });
});

describe('adding a person', () => {
  const answers = {
    givenName: 'Amara',
    familyName: 'Okonkwo-Testcase',
    otherNames: 'Amara Okon\nAmy Okonkwo',
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '11',
    'dateOfBirth-year': '1992',
    dateOfBirthEstimated: 'yes',
    sex: 'female',
    gender: 'Woman',
    ethnicity: 'black-african',
    firstLanguage: 'Igbo',
    interpreterNeeded: 'yes',
    interpreterSex: 'female',
    disability: '',
    send: 'no',
    immigrationStatus: 'Spouse visa',
    noRecourseToPublicFunds: 'yes',
    nhsNumber: '943 476 5919',
    'address-line1': '12 Refuge Lane',
    'address-line2': '',
    'address-town': 'Exampleton',
    'address-postcode': 'zz4 4zz',
    'address-from-day': '1',
    'address-from-month': '6',
    'address-from-year': '2024',
    'address-withheld': 'yes',
    'address-withheldReason': 'Fled high-risk abuse',
  };

  it('shows the form with the fields a practitioner needs', async () => {
    const v = await as('social-worker');
    const form = await v.get(paths.people.new);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('novalidate');
    expect(form.body).toContain('name="_csrf"');
    expect(form.body).toContain('Never use a family member or child as the interpreter');
    expect(form.body).toMatch(/<optgroup label="Asian, Asian British or Asian Welsh">/);
    expect(form.body).toContain('name="dateOfBirth-day"');
    expect(form.body).toContain('Withhold this address');
    // A MASH worker may add people but not withhold an address, so is not offered it.
    const mash = await (await as('mash-worker')).get(paths.people.new);
    expect(mash.body).not.toContain('Withhold this address');
  });

  it('checks the answers before saving, lets them be changed, then saves and shows the person', async () => {
    const v = await as('social-worker');
    const before = await countPeople();
    const check = await v.post(paths.people.newCheck, answers);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check your answers before adding Amara Okonkwo-Testcase');
    // The hidden text that completes each "Change" reads on in sentence case, keeping abbreviations.
    expect(check.body).toContain('Change<span class="govuk-visually-hidden"> date of birth</span>');
    expect(check.body).toContain('Change<span class="govuk-visually-hidden"> NHS number</span>');
    expect(check.body).toContain('3 November 1992 (estimated)');
    expect(check.body).toContain('Black, Black British, Black Welsh, Caribbean or African: African');
    expect(check.body).toContain('Preferred sex of interpreter: Female');
    expect(check.body).toContain('ZZ4 4ZZ');
    expect(check.body).toContain('Reason: Fled high-risk abuse');
    expect(check.body).toMatch(/formaction="\/people\/new#dateOfBirth-day" name="action" value="change">Change<span class="govuk-visually-hidden"> date of birth/);
    expect(await countPeople()).toBe(before);
    const carried = hiddenFields(check.body);
    expect(carried.otherNames).toBe('Amara Okon\nAmy Okonkwo');

    // Change: the form comes back filled in with the answers.
    const change = await v.post(paths.people.new, { ...carried, action: 'change' });
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('value="Okonkwo-Testcase"');
    expect(change.body).toContain('12 Refuge Lane');
    expect(await countPeople()).toBe(before);

    const saved = await v.post(paths.people.new, { ...carried, action: 'save' });
    expect(saved.statusCode).toBe(303);
    const location = saved.headers.location ?? '';
    expect(location).toMatch(/^\/people\/[0-9a-f-]{36}\?done=created$/);
    expect(await countPeople()).toBe(before + 1);

    const page = await v.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The person has been added');
    expect(page.body).toContain('<h1 class="govuk-heading-l">Amara Okonkwo-Testcase');
    expect(page.body).toContain('Amara Okon, Amy Okonkwo');
    expect(page.body).toContain('3 November 1992 (estimated)');
    expect(page.body).toContain('9434765919');
    expect(page.body).toContain('Needs an interpreter (Igbo)');
    // The social worker who withheld it is not allocated to a case of this person: they see "Withheld".
    expect(page.body).toContain('Whereabouts withheld — do not disclose this person&#39;s address or contact details');
    expect(page.body).not.toContain('12 Refuge Lane');
  });

  it('refuses each kind of bad answer with its own error, keeps what was typed, and saves nothing', async () => {
    const v = await as('social-worker');
    const before = await countPeople();
    const cases: [Record<string, string>, string, string][] = [
      [{ givenName: '' }, 'givenName', 'Enter the given name'],
      [{ familyName: ' ' }, 'familyName', 'Enter the family name'],
      [{ 'dateOfBirth-day': '30', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2020' }, 'dateOfBirth-day', 'Date of birth must be a real date'],
      [{ 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': String(new Date().getFullYear() + 1) }, 'dateOfBirth-day', 'Date of birth must be today or in the past'],
      [{ 'dateOfBirth-day': '1', 'dateOfBirth-month': '', 'dateOfBirth-year': '2020' }, 'dateOfBirth-day', 'Date of birth must include a month'],
      [{ nhsNumber: '943 476 5918' }, 'nhsNumber', 'Enter a valid 10-digit NHS number (the last digit is a check digit), or leave it blank'],
      [{ 'address-withheldReason': '' }, 'address-withheldReason', 'Give the reason the address is withheld'],
      [{ 'address-line1': '' }, 'address-line1', 'Enter address line 1'],
      [{ ethnicity: 'made-up' }, 'ethnicity', 'Choose an ethnic group from the list'],
    ];
    for (const [changes, field, message] of cases) {
      for (const url of [paths.people.newCheck, paths.people.new]) {
        const res = await v.post(url, { ...answers, ...changes, action: 'save' });
        const context = `${url} ${JSON.stringify(changes)}`;
        expect(res.statusCode, context).toBe(400);
        expect(errorSummary(res.body), context).toEqual({ [field]: message });
        expect(res.body, context).toContain('govuk-error-message');
        expect(res.body, context).toContain('value="Exampleton"');
        expect(res.body, context).toContain('<title>Error: Add a person');
      }
    }
    expect(await countPeople()).toBe(before);
  });
});

describe('the person page', () => {
  const SECRET_LINE = '17 Hideaway Close';
  const SECRET_POSTCODE = 'ZZ9 9ZZ';
  const SECRET_PHONE = '07700 900123';
  let id: string;

  beforeAll(async () => {
    id = await createPerson({
      givenName: 'Bethan',
      familyName: 'Withheldtest',
      dateOfBirth: '1988-01-20',
      addresses: [
        { line1: '2 Old Street', town: 'Exampleton', postcode: 'ZZ1 1ZZ', from: '2015-01-01', to: '2024-06-30' },
        { line1: SECRET_LINE, town: 'Hiddenham', postcode: SECRET_POSTCODE, from: '2024-07-01', withheld: true, withheldReason: 'Fled high-risk abuse' },
      ],
      contactDetails: [{ kind: 'phone', value: '01632 960001', label: 'Landline' }],
    });
    const whereabouts = whereaboutsService(t.db);
    await whereabouts.setSafeContact(await callerFor('idva'), id, { safeNumber: SECRET_PHONE, safeTimes: 'Weekdays 10am to 2pm', mayLeaveMessage: false, askIfAloneFirst: true, codeWord: 'Bluebell', neutralLetters: true }, randomUUID());
  });

  it('shows a withheld address as "Withheld" to the allocated social worker (allocation grants no whereabouts)', async () => {
    const sw = await as('social-worker');
    // Before they work with her, the record does not open to them at all.
    const refused = await sw.get(paths.people.person(id));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You do not work with this person');
    for (const secret of [SECRET_LINE, SECRET_POSTCODE, 'Hiddenham', SECRET_PHONE, 'Bluebell', 'Fled high-risk abuse', '2 Old Street']) expect(refused.body).not.toContain(secret);

    // A team manager (who may see withheld whereabouts) allocates her case to the social worker.
    const manager = (await callerFor('team-manager')).user;
    const child = await createPerson({ givenName: 'Osian', familyName: 'Withheldtest', dateOfBirth: '2016-03-03' });
    const members = [
      { personId: child, role: 'child' as const },
      { personId: id, role: 'adult-victim' as const },
    ];
    await casesService(t.db).open(manager, { stage: 'assessment', members, workerId: tenant.users['social-worker'].id }, randomUUID());
    const page = await sw.get(paths.people.person(id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Whereabouts withheld');
    expect(page.body).toContain('Withheld');
    for (const secret of [SECRET_LINE, SECRET_POSTCODE, 'Hiddenham', SECRET_PHONE, 'Bluebell', 'Fled high-risk abuse']) expect(page.body).not.toContain(secret);
    // The address that is not withheld is shown, with its dates.
    expect(page.body).toContain('2 Old Street');
    expect(page.body).toContain('30 June 2024');
  });

  it('shows the withheld address, tagged and with its reason, to a team manager and an IDVA', async () => {
    for (const role of ['team-manager', 'idva'] as const) {
      const page = await (await as(role)).get(paths.people.person(id));
      expect(page.body, role).toContain(SECRET_LINE);
      expect(page.body, role).toContain(SECRET_POSTCODE);
      expect(page.body, role).toContain('Reason: Fled high-risk abuse');
      expect(page.body, role).toMatch(/govuk-tag--red">\s*Withheld/);
      expect(page.body, role).toContain(SECRET_PHONE);
      expect(page.body, role).toContain('Bluebell');
      // Current address first.
      expect(page.body.indexOf(SECRET_LINE), role).toBeLessThan(page.body.indexOf('2 Old Street'));
    }
  });

  it('shows the safe-contact preferences before any contact detail', async () => {
    const page = await (await as('team-manager')).get(paths.people.person(id));
    const safe = page.body.indexOf('Safe-contact preferences');
    const contacts = page.body.indexOf('<h2 class="govuk-summary-card__title">Contact details');
    expect(safe).toBeGreaterThan(0);
    expect(safe).toBeLessThan(contacts);
    expect(page.body.indexOf(SECRET_PHONE)).toBeLessThan(page.body.indexOf('01632 960001'));
    expect(page.body).toContain('Weekdays 10am to 2pm');
    expect(page.body).toContain('Warning</span>');
    expect(page.body.indexOf('Whereabouts withheld')).toBeLessThan(safe);
  });

  it('answers 404 for a person who does not exist or a malformed id', async () => {
    const v = await as('social-worker');
    expect((await v.get(paths.people.person(randomUUID()))).statusCode).toBe(404);
    expect((await v.get(paths.people.person('not-a-uuid'))).statusCode).toBe(404);
    expect((await v.get(paths.people.edit('not-a-uuid'))).statusCode).toBe(404);
  });

  it('is not shown to a person of another council', async () => {
    const other = await createTestTenant(t.db);
    const v = await signedIn(t.app, other.users['team-manager'].email);
    const res = await v.get(paths.people.person(id));
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Withheldtest');
  });
});
