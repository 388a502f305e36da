/**
 * Changing people through the pages (issue 3, items 1, 2, 4, 6 and 9): editing with optimistic
 * concurrency, addresses, contact details, withholding, safe-contact preferences, relationships,
 * and who may do each.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { NewPersonInput } from '../../src/features/people/schemas.js';
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

async function createPerson(input: NewPersonInput): Promise<string> {
  const { id } = await peopleService(t.db).create(await callerFor('team-manager'), input, randomUUID());
  return id;
}

/**
 * A team manager opens a case with these people (the first as the child) and allocates it to the social
 * worker, who then works with them: social workers open and change only the records of people they work with.
 */
async function allocateToSocialWorker(child: string, ...others: string[]): Promise<void> {
  const manager = (await callerFor('team-manager')).user;
  const members = [{ personId: child, role: 'child' as const }, ...others.map((personId) => ({ personId, role: 'other-adult' as const }))];
  await casesService(t.db).open(manager, { stage: 'assessment', members, workerId: tenant.users['social-worker'].id }, randomUUID());
}

const personRow = (id: string) => t.db.owner().selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** The person form's fields as the edit page shows them, to post back with changes. */
function editFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    givenName: 'Dana',
    familyName: 'Editable',
    otherNames: '',
    'dateOfBirth-day': '5',
    'dateOfBirth-month': '9',
    'dateOfBirth-year': '1979',
    sex: 'female',
    gender: '',
    ethnicity: '',
    firstLanguage: 'English',
    interpreterNeeded: 'no',
    interpreterSex: '',
    disability: '',
    send: 'no',
    immigrationStatus: '',
    noRecourseToPublicFunds: 'no',
    nhsNumber: '',
    ...overrides,
  };
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

describe('editing a person', () => {
  it('shows the details with the version, saves changes and shows a banner', async () => {
    const id = await createPerson({ givenName: 'Dana', familyName: 'Editable', dateOfBirth: '1979-09-05', sex: 'female', firstLanguage: 'English' });
    const v = await as('social-worker');
    // Until the social worker works with her, the record does not open to them, and nothing can be saved.
    const refused = await v.get(paths.people.edit(id));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You do not work with this person');
    expect(refused.body).not.toContain('name="version"');
    expect((await v.post(paths.people.edit(id), { ...editFields({ firstLanguage: 'Polish' }), version: '1' })).statusCode).toBe(403);
    expect((await personRow(id)).version).toBe(1);

    await allocateToSocialWorker(id);
    const form = await v.get(paths.people.edit(id));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<input type="hidden" name="version" value="1">');
    expect(form.body).toContain('value="Editable"');
    expect(form.body).toContain('value="1979"');

    const saved = await v.post(paths.people.edit(id), { ...editFields({ firstLanguage: 'Polish', gender: 'Woman', nhsNumber: '9434765919' }), version: '1' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${paths.people.person(id)}?done=updated`);
    const page = await v.get(saved.headers.location ?? '');
    expect(page.body).toContain('The changes have been saved');
    expect(page.body).toContain('Polish');
    const row = await personRow(id);
    expect(row.version).toBe(2);
    expect(row.first_language).toBe('Polish');
    expect(row.nhs_number).toBe('9434765919');
    const change = await t.db.owner().selectFrom('person_changes').select('fields').where('person_id', '=', id).where('version', '=', 2).executeTakeFirstOrThrow();
    expect(change.fields.sort()).toEqual(['firstLanguage', 'gender', 'nhsNumber']);

    // Emptying a field clears it.
    const cleared = await v.post(paths.people.edit(id), { ...editFields({ firstLanguage: 'Polish', gender: '', sex: '', 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' }), version: '2' });
    expect(cleared.statusCode).toBe(303);
    const after = await personRow(id);
    expect([after.gender, after.sex, after.date_of_birth, after.nhs_number]).toEqual([null, null, null, null]);
  });

  it('refuses a save based on a stale version, naming what changed, and overwrites nothing', async () => {
    const id = await createPerson({ givenName: 'Dana', familyName: 'Editable', dateOfBirth: '1979-09-05', sex: 'female', firstLanguage: 'English' });
    await allocateToSocialWorker(id);
    const v = await as('social-worker');
    const form = await v.get(paths.people.edit(id));
    expect(form.body).toContain('name="version" value="1"');
    // Someone else saves in between.
    await peopleService(t.db).update(await callerFor('team-manager'), id, 1, { familyName: 'Changed-Elsewhere', dateOfBirth: '1979-09-06' }, randomUUID());

    const stale = await v.post(paths.people.edit(id), { ...editFields({ givenName: 'Danielle', firstLanguage: 'Welsh' }), version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('This person was changed since you opened them');
    expect(errorSummary(stale.body).conflict).toMatch(/Family name and Date of birth were changed by someone else/);
    // What they typed is listed as not saved; the form now shows what is saved, at the new version.
    expect(stale.body).toContain('Danielle');
    expect(stale.body).toContain('value="Changed-Elsewhere"');
    expect(stale.body).toContain('name="version" value="2"');
    const row = await personRow(id);
    expect(row.given_name).toBe('Dana');
    expect(row.family_name).toBe('Changed-Elsewhere');
    expect(row.first_language).toBe('English');
    expect(row.version).toBe(2);
  });

  it('refuses bad answers with field errors and saves nothing', async () => {
    const id = await createPerson({ givenName: 'Dana', familyName: 'Editable' });
    await allocateToSocialWorker(id);
    const v = await as('social-worker');
    const res = await v.post(paths.people.edit(id), { ...editFields({ givenName: '', 'dateOfBirth-day': '31', 'dateOfBirth-month': '4', nhsNumber: '1234567890' }), version: '1' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({
      givenName: 'Enter the given name',
      'dateOfBirth-day': 'Date of birth must be a real date',
      nhsNumber: 'Enter a valid 10-digit NHS number (the last digit is a check digit), or leave it blank',
    });
    expect(res.body).toContain('name="version" value="1"');
    expect((await personRow(id)).version).toBe(1);
  });

  it('is refused to roles that may only look (IRO, Marac coordinator)', async () => {
    const id = await createPerson({ givenName: 'Dana', familyName: 'Editable' });
    for (const role of ['iro', 'marac-coordinator'] as const) {
      const v = await as(role);
      expect((await v.get(paths.people.person(id))).statusCode, role).toBe(200);
      expect((await v.get(paths.people.person(id))).body, role).not.toContain('Edit details');
      expect((await v.get(paths.people.edit(id))).statusCode, role).toBe(403);
      expect((await v.post(paths.people.edit(id), { ...editFields({ givenName: 'Taken' }), version: '1' })).statusCode, role).toBe(403);
    }
    expect((await personRow(id)).given_name).toBe('Dana');
  });
});

describe('addresses, contact details and safe contact', () => {
  it('adds an address with its dates, after refusing a bad one', async () => {
    const id = await createPerson({ givenName: 'Ellis', familyName: 'Mover' });
    const v = await as('mash-worker');
    const form = await v.get(paths.people.addAddress(id));
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('Withhold this address');
    const bad = await v.post(paths.people.addAddress(id), { line1: '', 'from-day': '1', 'from-month': '6', 'from-year': '2024', 'to-day': '1', 'to-month': '1', 'to-year': '2024' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual({ line1: 'Enter address line 1', 'to-day': 'The date they moved out must be after the date they moved in' });
    const ok = await v.post(paths.people.addAddress(id), { line1: '4 New Road', town: 'Exampleton', postcode: 'zz5 5zz', 'from-day': '1', 'from-month': '6', 'from-year': '2024' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${paths.people.person(id)}?done=address`);
    const page = await v.get(ok.headers.location ?? '');
    expect(page.body).toContain('The address has been added');
    expect(page.body).toContain('4 New Road');
    expect(page.body).toContain('ZZ5 5ZZ');
    expect(page.body).toContain('1 June 2024');
    // A MASH worker may not withhold, even by sending the field.
    const sneaky = await v.post(paths.people.addAddress(id), { line1: '5 New Road', withheld: 'yes', withheldReason: 'x' });
    expect(sneaky.statusCode).toBe(403);
  });

  it('adds a contact detail, withheld if the user may withhold', async () => {
    const id = await createPerson({ givenName: 'Ellis', familyName: 'Caller' });
    // The allocated social worker opens the record but does not see withheld whereabouts (allocation grants none).
    await allocateToSocialWorker(id);
    const v = await as('idva');
    const bad = await v.post(paths.people.addContactDetail(id), { kind: '', value: '', withheld: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual({
      kind: 'Choose phone, email or other',
      value: 'Enter the phone number, email or other detail',
      withheldReason: 'Give the reason the contact detail is withheld',
    });
    const ok = await v.post(paths.people.addContactDetail(id), { kind: 'phone', value: '07700 900456', label: 'Mobile', withheld: 'yes', withheldReason: 'Only the IDVA calls' });
    expect(ok.statusCode).toBe(303);
    expect((await v.get(paths.people.person(id))).body).toContain('07700 900456');
    const sw = await (await as('social-worker')).get(paths.people.person(id));
    expect(sw.statusCode).toBe(200);
    expect(sw.body).not.toContain('07700 900456');
    expect(sw.body).toContain('Whereabouts withheld');
  });

  it('sets safe-contact preferences, requiring the yes-or-no answers', async () => {
    const id = await createPerson({ givenName: 'Ellis', familyName: 'Safecontact' });
    await allocateToSocialWorker(id);
    const v = await as('social-worker');
    const bad = await v.post(paths.people.safeContact(id), { safeNumber: '07700 900789', safeTimes: '', codeWord: '' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(errorSummary(bad.body))).toEqual(['mayLeaveMessage', 'askIfAloneFirst', 'neutralLetters']);
    expect(bad.body).toContain('value="07700 900789"');
    const ok = await v.post(paths.people.safeContact(id), { safeNumber: '07700 900789', safeTimes: 'Mornings', mayLeaveMessage: 'no', askIfAloneFirst: 'yes', codeWord: '', neutralLetters: 'yes' });
    expect(ok.statusCode).toBe(303);
    const page = await v.get(ok.headers.location ?? '');
    expect(page.body).toContain('The safe-contact preferences have been saved');
    expect(page.body).toContain('07700 900789');
    // The form opens with what is saved.
    const again = await v.get(paths.people.safeContact(id));
    expect(again.body).toContain('value="07700 900789"');
    expect(again.body).toMatch(/value="no" checked/);
  });

  it('does not offer the safe-contact form to someone who cannot see the withheld parts', async () => {
    const id = await createPerson({ givenName: 'Ellis', familyName: 'Codeword' });
    // Allocated, so the record opens to the social worker: what refuses the form is the withheld code word.
    await allocateToSocialWorker(id);
    const idva = await as('idva');
    expect((await idva.post(paths.people.safeContact(id), { safeNumber: '', safeTimes: '', mayLeaveMessage: 'no', askIfAloneFirst: 'yes', codeWord: 'Sunflower', neutralLetters: 'yes' })).statusCode).toBe(303);
    const sw = await as('social-worker');
    const form = await sw.get(paths.people.safeContact(id));
    expect(form.statusCode).toBe(403);
    expect(form.body).toContain('Some of these preferences are withheld from you');
    expect(form.body).not.toContain('Sunflower');
    expect(form.body).not.toContain('name="codeWord"');
    const overwrite = await sw.post(paths.people.safeContact(id), { safeNumber: '', safeTimes: '', mayLeaveMessage: 'yes', askIfAloneFirst: 'no', codeWord: '', neutralLetters: 'no' });
    expect(overwrite.statusCode).toBe(403);
    const row = await t.db.owner().selectFrom('safe_contact_preferences').selectAll().where('person_id', '=', id).executeTakeFirstOrThrow();
    expect(row.code_word).toBe('Sunflower');
  });
});

describe('withholding an address or contact detail', () => {
  const ADDRESS = '23 Quiet Mews';
  let id: string;
  let addressId: string;
  let detailId: string;

  beforeAll(async () => {
    id = await createPerson({ givenName: 'Farah', familyName: 'Withholding', addresses: [{ line1: ADDRESS, postcode: 'ZZ6 6ZZ' }], contactDetails: [{ kind: 'email', value: 'farah@example.invalid' }] });
    const row = await t.db.owner().selectFrom('person_addresses').select('id').where('person_id', '=', id).executeTakeFirstOrThrow();
    addressId = row.id;
    detailId = (await t.db.owner().selectFrom('person_contact_details').select('id').where('person_id', '=', id).executeTakeFirstOrThrow()).id;
    await allocateToSocialWorker(id);
  });

  it('needs the permission: a Marac coordinator is refused (403)', async () => {
    const v = await as('marac-coordinator');
    expect((await v.get(paths.people.person(id))).body).not.toContain('/withhold"');
    expect((await v.get(paths.people.withholdAddress(id, addressId))).statusCode).toBe(403);
    expect((await v.post(paths.people.withholdAddress(id, addressId), { reason: 'x' })).statusCode).toBe(403);
    expect((await v.post(paths.people.withholdContactDetail(id, detailId), { reason: 'x' })).statusCode).toBe(403);
    const row = await t.db.owner().selectFrom('person_addresses').select('withheld').where('id', '=', addressId).executeTakeFirstOrThrow();
    expect(row.withheld).toBe(false);
  });

  it('asks for a reason, then withholds, audits, and hides it from those without need', async () => {
    const v = await as('social-worker');
    const page = await v.get(paths.people.person(id));
    expect(page.body).toContain(`href="${paths.people.withholdAddress(id, addressId)}"`);
    const form = await v.get(paths.people.withholdAddress(id, addressId));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(ADDRESS);
    const blank = await v.post(paths.people.withholdAddress(id, addressId), { reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(errorSummary(blank.body)).toEqual({ reason: 'Give the reason this is withheld' });

    const done = await v.post(paths.people.withholdAddress(id, addressId), { reason: 'Person causing harm is looking for her' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${paths.people.person(id)}?done=address-withheld`);
    const after = await v.get(done.headers.location ?? '');
    expect(after.body).toContain('The address is now withheld');
    expect(after.body).toContain('Whereabouts withheld');
    expect(after.body).not.toContain(ADDRESS);
    expect(after.body).not.toContain('ZZ6 6ZZ');
    const audit = await t.db.owner().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenant.id).where('action', '=', 'address.withhold').where('subject_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(tenant.users['social-worker'].id);
    // Once withheld, the withhold page neither shows it nor offers the form again.
    const again = await v.get(paths.people.withholdAddress(id, addressId));
    expect(again.body).toContain('already withheld');
    expect(again.body).not.toContain(ADDRESS);

    const contact = await v.post(paths.people.withholdContactDetail(id, detailId), { reason: 'Same reason' });
    expect(contact.statusCode).toBe(303);
    expect((await v.get(paths.people.person(id))).body).not.toContain('farah@example.invalid');
    expect((await (await as('team-manager')).get(paths.people.person(id))).body).toContain('farah@example.invalid');
  });

  it('answers 404 for an address that is not this person’s', async () => {
    const v = await as('social-worker');
    expect((await v.get(paths.people.withholdAddress(id, randomUUID()))).statusCode).toBe(404);
    expect((await v.post(paths.people.withholdAddress(id, randomUUID()), { reason: 'x' })).statusCode).toBe(404);
  });
});

describe('relationships', () => {
  it('finds the other person, adds the relationship and shows it as personally connected', async () => {
    const mother = await createPerson({ givenName: 'Grace', familyName: 'Relateson', dateOfBirth: '1990-01-01' });
    const partner = await createPerson({ givenName: 'Harvey', familyName: 'Partnerby', dateOfBirth: '1988-03-03' });
    const child = await createPerson({ givenName: 'Ivy', familyName: 'Relateson', dateOfBirth: '2018-05-05' });
    await allocateToSocialWorker(child, mother, partner);
    const v = await as('social-worker');

    const empty = await v.get(`${paths.people.relationships(mother)}?name=`);
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual({ name: 'Enter a name to search for' });

    const search = await v.get(`${paths.people.relationships(mother)}?name=Harvey+Partnerby`);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`value="${partner}"`);
    expect(search.body).toContain('Born 3 March 1988');
    expect(search.body).not.toContain(`value="${mother}"`);

    const missing = await v.post(paths.people.relationships(mother), { search: 'Harvey Partnerby', to: '', kind: '' });
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toEqual({ to: 'Choose the person they are related to', kind: 'Choose how they are related' });
    expect(missing.body).toContain(`value="${partner}"`);

    const added = await v.post(paths.people.relationships(mother), { search: 'Harvey Partnerby', to: partner, kind: 'former-intimate-partners' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${paths.people.person(mother)}?done=relationship`);
    expect((await v.post(paths.people.relationships(mother), { to: child, kind: 'parent-of' })).statusCode).toBe(303);
    // From the child's page: the partner is the child's parent.
    expect((await v.post(paths.people.relationships(child), { to: partner, kind: 'child-of' })).statusCode).toBe(303);

    const page = await v.get(added.headers.location ?? '');
    expect(page.body).toContain('The relationship has been added');
    expect(page.body).toContain('Were in an intimate relationship');
    expect(page.body).toContain('Parent of');
    expect(page.body).toContain('Personally connected');
    const childPage = await v.get(paths.people.person(child));
    expect(childPage.body.match(/Child of/g)).toHaveLength(2);
    const stored = await t.db.owner().selectFrom('relationships').select(['from_person', 'to_person', 'kind']).where('to_person', '=', child).execute();
    expect(stored).toEqual(expect.arrayContaining([{ from_person: partner, to_person: child, kind: 'parent-of' }]));

    const duplicate = await v.post(paths.people.relationships(mother), { to: partner, kind: 'former-intimate-partners' });
    expect(duplicate.statusCode).toBe(409);
    expect(errorSummary(duplicate.body)).toEqual({ kind: 'This relationship is already recorded' });
  });

  it('refuses a relationship between a person and themselves, and saves nothing', async () => {
    const id = await createPerson({ givenName: 'Jude', familyName: 'Selfsame' });
    await allocateToSocialWorker(id);
    const v = await as('social-worker');
    const res = await v.post(paths.people.relationships(id), { to: id, kind: 'relatives' });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toEqual({ to: 'A person cannot have a relationship with themselves' });
    expect(res.body).toContain('id="to"');
    const rows = await t.db.owner().selectFrom('relationships').select('id').where('from_person', '=', id).execute();
    expect(rows).toHaveLength(0);
  });
});

describe('who may use the people pages', () => {
  it('refuses an administrator every people page (403)', async () => {
    const id = await createPerson({ givenName: 'Kit', familyName: 'Adminproof' });
    const pages = t.routes.routes.filter((r) => r.kind === 'page' && r.url.startsWith(paths.people.search));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const v = await as('admin');
    for (const route of pages) {
      const url = route.url.replace(':personId', id).replace(/:[A-Za-z]+/g, randomUUID());
      const res = route.method === 'GET' ? await v.get(url) : await v.post(url, {});
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.body).not.toContain('Adminproof');
    }
    const home = await v.get(paths.home);
    expect(home.body).not.toContain(`href="${paths.people.search}"`);
    expect((await (await as('social-worker')).get(paths.home)).body).toContain(`href="${paths.people.search}"`);
  });
});
