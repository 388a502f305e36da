/**
 * Merging duplicate people (issue 13, point 3): a manager compares two records and merges them; every
 * link follows; the merge is audited and can be undone exactly; withheld and restricted facts stay
 * protected; and people search finds each part of a hyphenated family name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogService } from '../../src/features/audit-log/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { relationshipsService } from '../../src/features/people/relationships-service.js';
import { peopleService } from '../../src/features/people/service.js';
import type { NewPersonInput } from '../../src/features/people/schemas.js';
import type { Role } from '../../src/platform/access/roles.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, userOfRole, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { policeNotification } from '../helpers/contacts.js';
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

async function createPerson(input: NewPersonInput): Promise<string> {
  const user = await userOfRole(t.db, tenant, 'team-manager');
  return (await peopleService(t.db).create({ kind: 'user', user }, input, randomUUID())).id;
}

/** Where each kind of link of these people now points. */
async function linksOf(personId: string) {
  return t.db.tenant(tenant.id, async (trx) => {
    const count = async (table: 'person_addresses' | 'contact_people' | 'case_members' | 'risk_assessments' | 'marac_referrals' | 'person_identifiers') =>
      Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('person_id', '=', personId).executeTakeFirstOrThrow()).n);
    const relationships = await trx
      .selectFrom('relationships')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where((eb) => eb.or([eb('from_person', '=', personId), eb('to_person', '=', personId)]))
      .executeTakeFirstOrThrow();
    const person = await trx.selectFrom('people').select(['merged_into', 'other_names', 'restricted', 'nhs_number']).where('id', '=', personId).executeTakeFirstOrThrow();
    return {
      addresses: await count('person_addresses'),
      contacts: await count('contact_people'),
      cases: await count('case_members'),
      checklists: await count('risk_assessments'),
      referrals: await count('marac_referrals'),
      identifiers: await count('person_identifiers'),
      relationships: Number(relationships.n),
      ...person,
    };
  });
}

/** Two records of one woman (one with a withheld address, a case, an incident, a checklist and a referral), and her child. */
async function duplicatePair(family: string) {
  const kept = await createPerson({ givenName: 'Aisha', familyName: `Sharma-${family}`, dateOfBirth: '1990-03-04', addresses: [{ line1: '12 Open Street', postcode: 'ZZ1 1AA' }] });
  const duplicate = await createPerson({
    givenName: 'Aisha',
    familyName: family,
    dateOfBirth: '1990-03-04',
    nhsNumber: '9434765919',
    addresses: [{ line1: '7 Refuge Lane', town: 'Hiddenham', postcode: 'ZZ9 9ZZ', withheld: true, withheldReason: 'Fled to a refuge' }],
    identifiers: [{ agency: 'Police', identifier: `PNC-${family}` }],
  });
  const child = await createPerson({ givenName: 'Zara', familyName: family, dateOfBirth: '2018-06-01' });
  const manager = await userOfRole(t.db, tenant, 'team-manager');
  const caller = { kind: 'user' as const, user: manager };
  await relationshipsService(t.db).add(caller, duplicate, child, 'parent-of', randomUUID());
  const kase = await casesService(t.db).open(manager, { stage: 'early-help', members: [{ personId: duplicate, role: 'adult-victim' }, { personId: child, role: 'child' }] }, randomUUID());
  const contact = await contactsService(t.db).receive({ kind: 'system', tenantId: tenant.id }, policeNotification({ people: [{ ref: 'v', role: 'victim', givenName: 'Aisha', familyName: family }], relationships: [] }), null);
  const worker = await userOfRole(t.db, tenant, 'mash-worker');
  await contactsService(t.db).link({ kind: 'user', user: worker }, contact.id, 'v', duplicate, null);
  const social = await userOfRole(t.db, tenant, 'social-worker');
  await t.db.tenant(tenant.id, async (trx) => {
    await trx
      .insertInto('risk_assessments')
      .values({ tenant_id: tenant.id, person_id: duplicate, instrument_id: 'dash', instrument_version: 1, language: 'en', completed_at: new Date(), completed_on: '2026-11-01', recorded_by: manager.id, answers: '{}', score: 15, band: 'high', gaps: [] })
      .execute();
    await trx.insertInto('marac_referrals').values({ tenant_id: tenant.id, person_id: duplicate, referred_on: '2026-11-02', created_by: manager.id }).execute();
    // A social worker was let see the duplicate's withheld address for a visit.
    await trx
      .insertInto('access_grants')
      .values({ tenant_id: tenant.id, subject_type: 'person', subject_id: duplicate, user_id: social.id, kind: 'whereabouts', reason: 'Home visit', granted_by: manager.id, expires_at: new Date(Date.now() + 86_400_000) })
      .execute();
  });
  return { kept, duplicate, child, caseId: kase.id };
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
});
afterAll(() => t.close());

describe('people search and hyphenated family names', () => {
  it('finds each part of a hyphenated or double-barrelled family name, alone or with the given name', async () => {
    const id = await createPerson({ givenName: 'Priya', familyName: 'Khanna-Odhiambo', dateOfBirth: '1988-01-02' });
    const spaced = await createPerson({ givenName: 'Tomas', familyName: 'Da Costa Lindqvist' });
    const user = await userOfRole(t.db, tenant, 'mash-worker');
    const search = async (name: string) => (await peopleService(t.db).search({ kind: 'user', user }, { name })).results.map((r) => r.id);
    expect(await search('Odhiambo')).toContain(id);
    expect(await search('khanna')).toContain(id);
    expect(await search('Priya Odhiambo')).toContain(id);
    expect(await search('Khanna-Odhiambo')).toContain(id);
    expect(await search('Lindqvist')).toContain(spaced);
    expect(await search('Tomas Costa')).toContain(spaced);
    expect(await search('Odhiambo-Smythe')).not.toContain(spaced);
    // Renaming keeps the parts in step.
    const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('people').select('version').where('id', '=', id).executeTakeFirstOrThrow());
    await peopleService(t.db).update({ kind: 'user', user: await userOfRole(t.db, tenant, 'team-manager') }, id, row.version, { familyName: 'Khanna' }, randomUUID());
    expect(await search('Odhiambo')).not.toContain(id);
  });
});

describe('merging two records of one person', () => {
  it('compares, merges with every link following, and undoes exactly', async () => {
    const pair = await duplicatePair('Mahmood');
    const before = { kept: await linksOf(pair.kept), duplicate: await linksOf(pair.duplicate) };
    const manager = await as('mash-manager');

    // Found from the kept record's page, by her own name: "Aisha Sharma-Mahmood" finds "Aisha Mahmood" too.
    const person = await manager.get(paths.people.person(pair.kept));
    expect(person.body).toContain(`href="${paths.people.merge(pair.kept)}"`);
    const find = await manager.get(paths.people.merge(pair.kept));
    expect(find.statusCode).toBe(200);
    expect(find.body).toContain(`href="${paths.people.mergeWith(pair.kept, pair.duplicate)}"`);

    const compare = await manager.get(paths.people.mergeWith(pair.kept, pair.duplicate));
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Aisha Sharma-Mahmood');
    expect(compare.body).toContain('12 Open Street');
    // The withheld address is never shown on the comparison.
    expect(compare.body).not.toContain('Refuge Lane');
    expect(compare.body).not.toContain('ZZ9 9ZZ');
    expect(compare.body).not.toMatch(/name="keep"[^>]*checked/);

    // Nothing chosen: refused, nothing changed.
    const unchosen = await manager.post(paths.people.mergeWith(pair.kept, pair.duplicate), { reason: 'Same person' });
    expect(unchosen.statusCode).toBe(400);
    expect(errorSummary(unchosen.body)).toEqual({ keep: 'Choose which record to keep', ...{} });
    const noReason = await manager.post(paths.people.mergeWith(pair.kept, pair.duplicate), { keep: pair.kept, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual({ reason: 'Say why these records are the same person' });
    expect(await linksOf(pair.duplicate)).toEqual(before.duplicate);

    const merged = await manager.post(paths.people.mergeWith(pair.kept, pair.duplicate), { keep: pair.kept, reason: 'Same date of birth, confirmed by the school' });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe(`${paths.people.person(pair.kept)}?done=merged`);

    const after = { kept: await linksOf(pair.kept), duplicate: await linksOf(pair.duplicate) };
    expect(after.kept).toMatchObject({
      addresses: before.kept.addresses + before.duplicate.addresses,
      contacts: before.kept.contacts + before.duplicate.contacts,
      cases: before.kept.cases + before.duplicate.cases,
      checklists: 1,
      referrals: 1,
      identifiers: 1,
      relationships: 1,
      merged_into: null,
      other_names: ['Aisha Mahmood'],
      nhs_number: '9434765919',
    });
    expect(after.duplicate).toMatchObject({ addresses: 0, contacts: 0, cases: 0, checklists: 0, referrals: 0, identifiers: 0, relationships: 0, merged_into: pair.kept });
    // The withheld address moved withheld; the grant on the duplicate ended.
    const moved = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('person_addresses').select(['withheld', 'person_id']).where('line1', '=', '7 Refuge Lane').executeTakeFirstOrThrow());
    expect(moved).toEqual({ withheld: true, person_id: pair.kept });
    const grants = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('access_grants').select(['revoked_at', 'revoked_reason']).where('subject_id', '=', pair.duplicate).execute());
    expect(grants).toHaveLength(1);
    expect(grants[0]!.revoked_at).not.toBeNull();
    expect(grants[0]!.revoked_reason).toMatch(/records were merged/);

    // The kept record's page says so and offers the undo; the duplicate's address leads there.
    const page = await manager.get(`${paths.people.person(pair.kept)}?done=merged`);
    expect(page.body).toContain('The records have been merged');
    const mergeId = /data-merge="([0-9a-f-]{36})"/.exec(page.body)?.[1];
    expect(mergeId).toBeDefined();
    expect(page.body).toContain(`href="${paths.people.undoMerge(pair.kept, mergeId!)}"`);
    const old = await manager.get(paths.people.person(pair.duplicate));
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toBe(`${paths.people.person(pair.kept)}?done=merged-away`);
    // A merged record is found as the one it was merged into, and takes no more changes.
    const user = await userOfRole(t.db, tenant, 'mash-manager');
    const found = (await peopleService(t.db).search({ kind: 'user', user }, { name: 'Aisha Mahmood' })).results.map((r) => r.id);
    expect(found).toContain(pair.kept);
    expect(found).not.toContain(pair.duplicate);
    await expect(peopleService(t.db).addIdentifier({ kind: 'user', user }, pair.duplicate, { agency: 'School', identifier: 'S1' }, randomUUID())).rejects.toMatchObject({ status: 409 });

    // Audited, and the audit log for the kept record shows the duplicate's own events.
    const auditor = await userOfRole(t.db, tenant, 'auditor');
    const log = await auditLogService(t.db).listEvents(auditor, { subjectId: pair.kept }, 1);
    expect(log.events.map((e) => e.action)).toEqual(expect.arrayContaining(['person.merge', 'person.create']));
    expect(log.events.filter((e) => e.action === 'person.create').map((e) => e.subjectId)).toEqual(expect.arrayContaining([pair.kept, pair.duplicate]));

    // Undo: a reason is needed; then everything goes back; a second undo is refused.
    const undoPage = await manager.get(paths.people.undoMerge(pair.kept, mergeId!));
    expect(undoPage.statusCode).toBe(200);
    const noUndoReason = await manager.post(paths.people.undoMerge(pair.kept, mergeId!), { reason: '' });
    expect(noUndoReason.statusCode).toBe(400);
    expect(errorSummary(noUndoReason.body)).toEqual({ reason: 'Say why the merge is being undone' });
    const undone = await manager.post(paths.people.undoMerge(pair.kept, mergeId!), { reason: 'The school says they are two people' });
    expect(undone.statusCode).toBe(303);
    expect(undone.headers.location).toBe(`${paths.people.person(pair.kept)}?done=merge-undone`);
    expect(await linksOf(pair.kept)).toEqual(before.kept);
    expect(await linksOf(pair.duplicate)).toEqual(before.duplicate);
    const again = await manager.post(paths.people.undoMerge(pair.kept, mergeId!), { reason: 'Again' });
    expect(again.statusCode).toBe(409);
    const log2 = await auditLogService(t.db).listEvents(auditor, { subjectId: pair.duplicate }, 1);
    expect(log2.events.map((e) => e.action)).toEqual(expect.arrayContaining(['person.merge', 'person.merge-undo']));
  });

  it('moves a checklist only between the two records of a merge: it is otherwise never changed', async () => {
    const pair = await duplicatePair('Okafor');
    await expect(
      t.db.tenant(tenant.id, (trx) => trx.updateTable('risk_assessments').set({ person_id: pair.child }).where('person_id', '=', pair.duplicate).execute()),
    ).rejects.toThrow(/never changed/);
  });

  it('refuses records with different NHS numbers, a role that may not merge, and a restricted record without access', async () => {
    const pair = await duplicatePair('Kowalczyk');
    const other = await createPerson({ givenName: 'Aisha', familyName: 'Kowalczyk', nhsNumber: '9434765870' });
    const manager = await as('mash-manager');
    const compare = await manager.get(paths.people.mergeWith(pair.duplicate, other));
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('different NHS numbers');
    expect(compare.body).not.toContain('name="keep"');
    const refused = await manager.post(paths.people.mergeWith(pair.duplicate, other), { keep: pair.duplicate, reason: 'Same' });
    expect(refused.statusCode).toBe(409);
    expect((await linksOf(other)).merged_into).toBeNull();

    // A social worker may not merge at all.
    const social = await as('social-worker');
    expect((await social.get(paths.people.mergeWith(pair.kept, pair.duplicate))).statusCode).toBe(403);
    expect((await social.post(paths.people.mergeWith(pair.kept, pair.duplicate), { keep: pair.kept, reason: 'Same' })).statusCode).toBe(403);
    expect((await linksOf(pair.duplicate)).merged_into).toBeNull();

    // A restricted record needs access first; with it, the merged record is restricted.
    const hidden = await createPerson({ givenName: 'Aisha', familyName: 'Kowalczyk-Hidden' });
    await t.db.tenant(tenant.id, (trx) => trx.updateTable('people').set({ restricted: true, restricted_reason: 'Staff member' }).where('id', '=', hidden).execute());
    expect((await manager.get(paths.people.mergeWith(pair.kept, hidden))).statusCode).toBe(403);
    expect((await manager.post(paths.people.mergeWith(pair.kept, hidden), { keep: pair.kept, reason: 'Same' })).statusCode).toBe(403);
    const mashManager = await userOfRole(t.db, tenant, 'mash-manager');
    await t.db.tenant(tenant.id, (trx) =>
      trx.insertInto('access_grants').values({ tenant_id: tenant.id, subject_type: 'person', subject_id: hidden, user_id: mashManager.id, kind: 'grant', reason: 'Checking a duplicate', granted_by: null }).execute(),
    );
    const ok = await manager.post(paths.people.mergeWith(pair.kept, hidden), { keep: pair.kept, reason: 'Same person' });
    expect(ok.statusCode).toBe(303);
    expect((await linksOf(pair.kept)).restricted).toBe(true);
  });
});
