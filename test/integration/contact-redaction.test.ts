import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { policeNotification, type NotificationPerson } from '../helpers/contacts.js';

/**
 * What a contact gives about a person whose whereabouts are withheld (an address, a postcode, the
 * place of the incident) is withheld too: from the MASH worker on screen, and from every API answer.
 * Issue 10, hole 2: a police notification with a postcode and no address showed the postcode.
 */

let t: TestApp;
let tenant: TestTenant;
let mashWorker: Visitor;
let teamManager: Visitor;
let notifyToken: string;
let readToken: string;
let manager: CurrentUser;
let teamId: string;

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const admin = adminService(t.db);
  teamId = (await admin.createTeam(system(), 'Redaction team', null)).id;
  for (const role of ['social-worker', 'team-manager'] as const) {
    await admin.updateUser(system(), tenant.users[role].id, { name: `Test ${role}`, roles: [role], teamIds: [teamId] }, null);
  }
  manager = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['team-manager'].id)))!;
  notifyToken = (await tenantService(t.db).createApiClient(tenant.id, 'Police feed', ['notifications:write'])).token;
  readToken = (await tenantService(t.db).createApiClient(tenant.id, 'Reader', ['contacts:read', 'people:read', 'cases:read'])).token;
  mashWorker = await signedIn(t.app, tenant.users['mash-worker'].email);
  teamManager = await signedIn(t.app, tenant.users['team-manager'].email);
});
afterAll(() => t.close());

let n = 0;

/** A victim whose whereabouts are withheld (her address, or only her new phone number) and her child, on a case allocated to the manager's team. */
async function family(withheld: 'address' | 'phone') {
  n++;
  const people = peopleService(t.db);
  const caller = { kind: 'user', user: manager } as const;
  const postcode = `ZZ${n}9 7WQ`;
  const victim = await people.create(
    caller,
    {
      givenName: 'Roksana',
      familyName: `Redact-Hallam${n}`,
      addresses: [{ line1: `${n} Linnet Court`, town: 'Otherbury', postcode, from: '2026-01-01', withheld: withheld === 'address', withheldReason: withheld === 'address' ? 'Refuge' : undefined }],
      contactDetails: [{ kind: 'phone', value: `07700 90${String(n).padStart(4, '0')}`, withheld: withheld === 'phone', withheldReason: withheld === 'phone' ? 'New number' : undefined }],
    },
    'r',
  );
  const child = await people.create(caller, { givenName: 'Mila', familyName: `Redact-Hallam${n}`, dateOfBirth: '2018-04-04' }, 'r');
  await casesService(t.db).open(manager, { stage: 'child-in-need', members: [{ personId: child.id, role: 'child' }, { personId: victim.id, role: 'adult-victim' }], workerId: tenant.users['social-worker'].id, teamId }, 'r');
  return { victimId: victim.id, childId: child.id, postcode, familyName: `Redact-Hallam${n}` };
}

async function notify(people: NotificationPerson[], place?: string) {
  const base = policeNotification({ people, relationships: [] });
  const body = place ? { ...base, incident: { ...base.incident, place } } : base;
  const res = await t.app.inject({
    method: 'POST',
    url: paths.api.notifications,
    headers: { authorization: `Bearer ${notifyToken}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<{ id: string }>().id, body: res.body };
}

const contactPages = (id: string) => [paths.contacts.people(id), paths.contacts.contact(id), paths.contacts.history(id), paths.contacts.triage(id)];

/** The "Address given" row of a person on the people page, as text. */
function addressGiven(body: string): string | null {
  const row = /Address given\s*<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/.exec(body);
  return row ? row[1]!.trim() : null;
}

describe('a postcode given on a contact for a person whose whereabouts are withheld', () => {
  it('is withheld from the MASH worker on every contact page, shown to the team manager, and in no API answer', async () => {
    const f = await family('address');
    const place = `Outside ${n} Linnet Court`;
    const sent = await notify(
      [
        { ref: 'v', role: 'victim', personId: f.victimId, givenName: 'Roksana', familyName: f.familyName, postcode: f.postcode },
        { ref: 'c', role: 'child', personId: f.childId, givenName: 'Mila', familyName: f.familyName, dateOfBirth: '2018-04-04' },
      ],
      place,
    );
    expect(sent.body).not.toContain(f.postcode);
    expect(sent.body).not.toContain('Linnet');

    for (const url of contactPages(sent.id)) {
      const page = await mashWorker.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain(f.postcode);
      expect(page.body, url).not.toContain('Linnet Court');
    }
    const people = await mashWorker.get(paths.contacts.people(sent.id));
    expect(addressGiven(people.body)).toBe('Withheld');
    expect((await mashWorker.get(paths.contacts.contact(sent.id))).body).toMatch(/Where\s*<\/dt>\s*<dd[^>]*>\s*Withheld\s*<\/dd>/);

    // The contact went to the family's case, allocated to the manager's team: the team manager may see it, and that view is audited.
    const audited = () =>
      t.db.owner().selectFrom('audit_events').select('details').where('tenant_id', '=', tenant.id).where('action', '=', 'whereabouts.view').where('subject_id', '=', f.victimId).execute();
    expect(await audited()).toEqual([]);
    const managerPeople = await teamManager.get(paths.contacts.people(sent.id));
    expect(managerPeople.statusCode).toBe(200);
    // They see it with the withheld tag beside it.
    expect(addressGiven(managerPeople.body)).toMatch(new RegExp(`^${f.postcode} <strong class="govuk-tag govuk-tag--red">\\s*Withheld\\s*</strong>$`));
    expect((await audited()).map((e) => e.details)).toEqual([{ contactId: sent.id, givenOnContact: ['postcode', 'place'] }]);
    expect((await teamManager.get(paths.contacts.contact(sent.id))).body).toMatch(new RegExp(`Where\\s*</dt>\\s*<dd[^>]*>\\s*${place} <strong class="govuk-tag govuk-tag--red">\\s*Withheld`));

    const api = await t.app.inject({ method: 'GET', url: paths.api.contact(sent.id), headers: { authorization: `Bearer ${readToken}` } });
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toContain(f.postcode);
    expect(api.body).not.toContain('Linnet');
  });

  it('is withheld when only the person’s contact details are withheld, and once a MASH worker links the person', async () => {
    const f = await family('phone');
    const sent = await notify([{ ref: 'v', role: 'victim', givenName: 'Roksana', familyName: f.familyName, postcode: f.postcode }]);
    // Before linking, the postcode is only what the police sent about someone not yet known.
    expect(addressGiven((await mashWorker.get(paths.contacts.people(sent.id))).body)).toBe(f.postcode);
    expect((await mashWorker.post(paths.contacts.link(sent.id, 'v'), { personId: f.victimId })).statusCode).toBe(303);
    for (const url of contactPages(sent.id)) {
      const page = await mashWorker.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain(f.postcode);
    }
    expect(addressGiven((await mashWorker.get(paths.contacts.people(sent.id))).body)).toBe('Withheld');
    const api = await t.app.inject({ method: 'GET', url: paths.api.contact(sent.id), headers: { authorization: `Bearer ${readToken}` } });
    expect(api.body).not.toContain(f.postcode);
  });

  it('leaves what is given about people with nothing withheld as it was sent', async () => {
    const f = await family('address');
    const sent = await notify([{ ref: 'c', role: 'child', personId: f.childId, givenName: 'Mila', familyName: f.familyName, address: '8 Open Lane', postcode: 'ZZ1 1AA' }], 'At the park');
    expect(addressGiven((await mashWorker.get(paths.contacts.people(sent.id))).body)).toBe('8 Open Lane, ZZ1 1AA');
    expect((await mashWorker.get(paths.contacts.contact(sent.id))).body).toContain('At the park');
  });
});

describe('matching a person on a contact by postcode', () => {
  interface Proposed {
    people: { ref: string; candidates: { personId: string; score: number; reasons: string[] }[] }[];
  }

  /** The candidates proposed for an unlinked victim on a new notification, through the API. */
  async function proposed(givenName: string, familyName: string, postcode?: string) {
    const sent = await notify([{ ref: 'v', role: 'victim', givenName, familyName, dateOfBirth: '1990-02-03', ...(postcode ? { postcode } : {}) }]);
    const res = JSON.parse(sent.body) as Proposed;
    return { body: sent.body, candidates: res.people[0]!.candidates };
  }

  async function personAt(familyName: string, addresses: { postcode: string; withheld: boolean }[], withheldPhone = false) {
    return peopleService(t.db).create(
      { kind: 'user', user: manager },
      {
        givenName: 'Halina',
        familyName,
        dateOfBirth: '1990-02-03',
        addresses: addresses.map((a, i) => ({ line1: `${i + 1} Match Street`, postcode: a.postcode, from: `201${i}-01-01`, withheld: a.withheld, withheldReason: a.withheld ? 'Refuge' : undefined })),
        contactDetails: withheldPhone ? [{ kind: 'phone', value: '07700 900999', withheld: true, withheldReason: 'New number' }] : [],
      },
      'r',
    );
  }

  it('counts a postcode the person has lived at, however it is written', async () => {
    const p = await personAt('Matchwell', [{ postcode: 'ZZ5 3MQ', withheld: false }]);
    const { candidates } = await proposed('Halina', 'Matchwell', 'zz53mq');
    const found = candidates.find((c) => c.personId === p.id)!;
    expect(found.reasons).toContain('Has lived at the same postcode');
  });

  it('never scores or explains a candidate by a withheld address, nor anyone whose whereabouts are withheld', async () => {
    const refuge = await personAt('Matchhide', [{ postcode: 'ZZ6 4RF', withheld: true }]);
    const withPostcode = await proposed('Halina', 'Matchhide', 'ZZ6 4RF');
    const without = await proposed('Halina', 'Matchhide');
    const a = withPostcode.candidates.find((c) => c.personId === refuge.id)!;
    const b = without.candidates.find((c) => c.personId === refuge.id)!;
    expect(a.reasons.join(' ')).not.toMatch(/postcode/i);
    expect(a.score).toBe(b.score);
    expect(withPostcode.body).not.toContain('ZZ6 4RF');

    // Her phone number is withheld; her address is not, but a match on it would still place her.
    const phoneOnly = await personAt('Matchphone', [{ postcode: 'ZZ6 5PH', withheld: false }], true);
    const matched = (await proposed('Halina', 'Matchphone', 'ZZ6 5PH')).candidates.find((c) => c.personId === phoneOnly.id)!;
    expect(matched.reasons.join(' ')).not.toMatch(/postcode/i);
    expect(matched.score).toBe((await proposed('Halina', 'Matchphone')).candidates.find((c) => c.personId === phoneOnly.id)!.score);

    // And on the people page, as the MASH worker sees the proposals.
    const sent = await notify([{ ref: 'v', role: 'victim', givenName: 'Halina', familyName: 'Matchhide', dateOfBirth: '1990-02-03', postcode: 'ZZ6 4RF' }]);
    const page = await mashWorker.get(paths.contacts.people(sent.id));
    expect(page.body).toContain(`data-candidate="${refuge.id}"`);
    expect(page.body).not.toContain('Has lived at the same postcode');
  });
});
