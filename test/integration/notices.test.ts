import { ordersService } from '../../src/features/orders/service.js';
import { formatDate } from '../../src/platform/http/format.js';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { londonInstant } from '../../src/domain/calendar/london-time.js';
import { addDays, londonDate, plainDate } from '../../src/domain/calendar/plain-date.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, Visitor, type TestApp, type TestTenant } from '../helpers/app.js';
import { GPS_MARKER, jpegWithGps, TEST_JPEG, testPng } from '../helpers/images.js';
import { errorSummary } from '../helpers/pages.js';
import { readPdf } from '../helpers/pdf-text.js';

/**
 * Issue 16, point 6, on PGlite and PostgreSQL: no-contact notices with a photograph, and Operation
 * Encompass notices. A file that is not really an image, or is too large, is refused and nothing is kept;
 * the photograph is served only through the access decision (not found and audited for anyone else,
 * sign-in for no one), never cached, without its location; a notice moves forward only; an Encompass
 * notice is due before the next school day starts.
 */

let t: TestApp;
let tenant: TestTenant;
let worker: Visitor;
let outsider: Visitor;
let outsiderUser: CurrentUser;
let workerUser: CurrentUser;

let family: { caseId: string; child: string; mother: string; father: string };

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, '’').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const count = async (table: 'school_notices' | 'notice_photos' | 'document_copies') =>
  Number((await t.db.tenant(tenant.id, (trx) => trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow())).n);

async function makeUser(roles: Role[], teamIds: string[], n: string): Promise<{ email: string; user: CurrentUser }> {
  const email = `${n}@${tenant.slug}.test.invalid`;
  const { user } = await adminService(t.db).createUser(system(), { email, name: `Worker ${n}`, roles, teamIds, password: TEST_PASSWORD }, null);
  return { email, user: (await t.db.tenant(tenant.id, (trx) => loadUser(trx, user.id)))! };
}

/** A browser's multipart form post: the CSRF token, then the file. */
function upload(visitor: Visitor, url: string, file: { name: string; type: string; data: Buffer }) {
  const boundary = `----wraparound${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${visitor.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return visitor.request({ method: 'POST', url, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

const noticeForm = () => ({ childId: family.child, personId: family.father, settingKind: 'school', settingName: 'Hillside Primary School', safeguardingLead: 'Mrs Ada Quarry', workerName: 'Worker worker', workerPhone: '0114 496 0999', orders: 'Non-molestation order, Family Court, until 30 June 2027\nBail conditions: not to go to the school' });
const idFrom = (location: unknown) => String(location).split('?')[0]!.split('/').at(-1)!;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const admin = adminService(t.db);
  const team = await admin.createTeam(system(), 'Family safeguarding North', null);
  const other = await admin.createTeam(system(), 'Family safeguarding South', null);
  const manager = await makeUser(['team-manager'], [team.id], 'manager');
  const w = await makeUser(['social-worker'], [team.id], 'worker');
  const o = await makeUser(['social-worker'], [other.id], 'outsider');

  outsiderUser = o.user;
  const by = { kind: 'user', user: manager.user } as const;
  const people = peopleService(t.db);
  const make = async (givenName: string, dateOfBirth: string) => (await people.create(by, { givenName, familyName: 'Noticewell', dateOfBirth }, 'req')).id;
  const child = await make('Tomos', '2018-05-06');
  const mother = await make('Eira', '1990-01-01');
  const father = await make('Gareth', '1987-07-07');
  const opened = await casesService(t.db).open(manager.user, { stage: 'child-in-need', members: [{ personId: child, role: 'child' }, { personId: mother, role: 'adult-victim' }, { personId: father, role: 'person-causing-harm' }], workerId: w.user.id, teamId: team.id }, 'req');
  family = { caseId: opened.id, child, mother, father };
  worker = await signedIn(t.app, w.email);
  outsider = await signedIn(t.app, o.email);
  workerUser = w.user;
});
afterAll(() => t.close());

describe('a no-contact notice and its photograph', () => {
  let noticeId = '';
  let photoId = '';

  it('refuses a notice without its answers, saying which, and keeps nothing', async () => {
    const url = paths.notices.newNoContact(family.caseId);
    expect((await worker.get(url)).statusCode).toBe(200);
    const empty = await worker.post(url, { childId: family.child });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toMatchObject({ personId: 'Choose who must not collect or contact the child', settingName: 'Enter the name of the school, nursery or club', safeguardingLead: 'Enter the name of the designated safeguarding lead' });
    const child = await worker.post(url, { ...noticeForm(), personId: family.child });
    expect(errorSummary(child.body)).toEqual({ personId: 'Choose the person on this case who must not collect or contact the child' });
    expect(await count('school_notices')).toBe(0);
  });

  it('is made by the allocated worker and audited', async () => {
    const made = await worker.post(paths.notices.newNoContact(family.caseId), noticeForm());
    expect(made.statusCode).toBe(303);
    noticeId = idFrom(made.headers.location);
    const page = await worker.get(String(made.headers.location));
    expect(text(page.body)).toContain('The notice has been made');
    expect(text(page.body)).toContain('No photograph is held of Gareth Noticewell');
    const audit = await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', family.caseId).where('action', '=', 'notice.make').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a text file renamed .jpg and declared as a JPEG, and keeps nothing', async () => {
    await worker.get(paths.notices.photo(family.caseId, noticeId));
    const posted = await upload(worker, paths.notices.photo(family.caseId, noticeId), { name: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('This is only text, saved with a .jpg name.\n') });
    expect(posted.statusCode).toBe(400);
    expect(errorSummary(posted.body)).toEqual({ photo: 'The selected file must be a photograph saved as a JPG or PNG' });
    expect(await count('notice_photos')).toBe(0);
  });

  it('refuses an image over 5 MB, and keeps nothing', async () => {
    const big = Buffer.concat([TEST_JPEG.subarray(0, TEST_JPEG.length - 2), randomBytes(5 * 1024 * 1024 + 10), TEST_JPEG.subarray(-2)]);
    const posted = await upload(worker, paths.notices.photo(family.caseId, noticeId), { name: 'big.jpg', type: 'image/jpeg', data: big });
    expect(posted.statusCode).toBe(400);
    expect(errorSummary(posted.body)).toEqual({ photo: 'The photograph must be smaller than 5 MB' });
    expect(await count('notice_photos')).toBe(0);
    const none = await worker.request({ method: 'POST', url: paths.notices.photo(family.caseId, noticeId), payload: `_csrf=${worker.csrf}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(errorSummary(none.body)).toEqual({ photo: 'Select a photograph' });
  });

  it('takes a JPEG from a phone, keeps it without its GPS block, with its hash, and audits it', async () => {
    const posted = await upload(worker, paths.notices.photo(family.caseId, noticeId), { name: 'IMG_0001.JPG', type: 'image/jpeg', data: jpegWithGps() });
    expect(posted.statusCode).toBe(303);
    const kept = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('notice_photos').select(['id', 'content', 'sha256', 'metadata_removed']).executeTakeFirstOrThrow());
    photoId = kept.id;
    expect(Buffer.from(kept.content).toString('latin1')).not.toContain(GPS_MARKER);
    expect(Buffer.from(kept.content).equals(TEST_JPEG)).toBe(true);
    expect(kept.metadata_removed).toEqual(['EXIF (which can hold where and when it was taken)']);
    const page = await worker.get(String(posted.headers.location));
    expect(text(page.body)).toContain('The photograph has been added');
    expect(page.body).toContain(`src="${paths.notices.image(family.caseId, photoId)}"`);
  });

  it('serves the photograph to the allocated worker only: right type, no-store, nosniff, no location', async () => {
    const photo = await worker.get(paths.notices.image(family.caseId, photoId));
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['cache-control']).toBe('no-store');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.rawPayload.equals(TEST_JPEG)).toBe(true);
    expect(photo.rawPayload.toString('latin1')).not.toContain('GPS');
  });

  it('answers someone who does not work with the family "not found", sends no bytes, and audits the refusal', async () => {
    const refused = await outsider.get(paths.notices.image(family.caseId, photoId));
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    expect(refused.rawPayload.includes(TEST_JPEG.subarray(0, 20))).toBe(false);
    const events = await t.db.owner().selectFrom('audit_events').select(['action', 'details']).where('actor_id', '=', outsiderUser.id).where('action', '=', 'notice.photo.refused').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ photoId, reason: 'no-relationship' });
    // Nor under another case's address.
    const otherCase = await worker.get(paths.notices.image('00000000-0000-4000-8000-000000000000', photoId));
    expect([403, 404]).toContain(otherCase.statusCode);
    expect(otherCase.rawPayload.includes(TEST_JPEG.subarray(0, 20))).toBe(false);
  });

  it('sends someone not signed in to sign in, with no bytes', async () => {
    const anonymous = await new Visitor(t.app).get(paths.notices.image(family.caseId, photoId));
    expect(anonymous.statusCode).toBe(303);
    expect(String(anonymous.headers.location)).toMatch(/^\/sign-in/);
    expect(anonymous.rawPayload.includes(TEST_JPEG.subarray(0, 20))).toBe(false);
  });

  it('prints through the document module for the school, with the photograph on the print page and no address', async () => {
    const before = await count('document_copies');
    await worker.get(paths.notices.notice(family.caseId, noticeId));
    const printed = await worker.post(paths.notices.print(family.caseId, noticeId));
    expect(printed.statusCode).toBe(303);
    expect(String(printed.headers.location)).toMatch(/^\/cases\/[0-9a-f-]+\/documents\/[0-9a-f-]+\?done=made$/);
    expect(await count('document_copies')).toBe(before + 1);
    const documentId = idFrom(printed.headers.location);
    const print = await worker.get(`${paths.documents.show(family.caseId, documentId)}?print=1`);
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain(`src="${paths.notices.image(family.caseId, photoId)}"`);
    expect(print.body).toContain('data-audience="school"');
    expect(text(print.body)).toContain('Gareth Noticewell must not collect or contact Tomos Noticewell');
    expect(text(print.body)).toContain('Non-molestation order, Family Court, until 30 June 2027');
    expect(text(print.body)).toContain('Call 999 straight away');
    expect(text(print.body)).toContain('Then call the social worker, Worker worker, on 0114 496 0999');
    const pdf = await worker.get(paths.documents.pdf(family.caseId, documentId));
    expect(pdf.statusCode).toBe(200);
    // The PDF carries the photograph too, as a tagged figure with its words as the alternative text.
    expect(pdf.rawPayload.includes('/Subtype /Image')).toBe(true);
    const read = await readPdf(pdf.rawPayload);
    expect(read.structure).toContain('Figure');
    expect(read.text.replace(/\s+/g, ' ')).toContain('This photograph is for staff who need to recognise them');
  });

  it('moves forward only: sent, received, withdrawn; never back, and nothing after withdrawal', async () => {
    const today = londonDate(new Date());
    const [y, m, d] = today.split('-');
    const sentOn = { 'sentOn-day': String(Number(d)), 'sentOn-month': String(Number(m)), 'sentOn-year': y! };
    const ackOn = { 'acknowledgedOn-day': String(Number(d)), 'acknowledgedOn-month': String(Number(m)), 'acknowledgedOn-year': y! };
    const early = await worker.post(paths.notices.acknowledged(family.caseId, noticeId), { acknowledgedBy: 'Mrs Ada Quarry', ...ackOn });
    expect(early.statusCode).toBe(409);
    const badTime = await worker.post(paths.notices.sent(family.caseId, noticeId), { ...sentOn, sentTime: '25:99', method: 'by-hand' });
    expect(errorSummary(badTime.body)).toEqual({ sentTime: 'Enter the time it was sent as hours and minutes, like 08:15' });
    const sent = await worker.post(paths.notices.sent(family.caseId, noticeId), { ...sentOn, sentTime: '00:01', method: 'by-hand' });
    expect(sent.statusCode).toBe(303);
    expect(text((await worker.get(String(sent.headers.location))).body)).toContain('Recorded that the notice was sent');
    expect((await worker.post(paths.notices.sent(family.caseId, noticeId), { ...sentOn, sentTime: '00:02', method: 'post' })).statusCode).toBe(409);
    expect((await worker.post(paths.notices.acknowledged(family.caseId, noticeId), { acknowledgedBy: 'Mrs Ada Quarry', ...ackOn })).statusCode).toBe(303);
    const emptyReason = await worker.post(paths.notices.withdraw(family.caseId, noticeId), { reason: ' ' });
    expect(errorSummary(emptyReason.body)).toEqual({ reason: 'Say why the notice is withdrawn' });
    expect((await worker.post(paths.notices.withdraw(family.caseId, noticeId), { reason: 'The order ended.' })).statusCode).toBe(303);
    expect((await worker.post(paths.notices.sent(family.caseId, noticeId), { ...sentOn, sentTime: '00:03', method: 'post' })).statusCode).toBe(409);
    expect((await worker.post(paths.notices.print(family.caseId, noticeId))).statusCode).toBe(409);
    const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('school_notices').select(['status', 'sent_method', 'acknowledged_by', 'withdrawn_reason']).where('id', '=', noticeId).executeTakeFirstOrThrow());
    expect(row).toEqual({ status: 'withdrawn', sent_method: 'by-hand', acknowledged_by: 'Mrs Ada Quarry', withdrawn_reason: 'The order ended.' });
    const actions = (await t.db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', family.caseId).where('action', 'like', 'notice.%').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['notice.make', 'notice.photo.add', 'notice.photo.view', 'notice.send', 'notice.acknowledge', 'notice.withdraw']));
  });

  it('refuses someone who does not work with the family the notices pages, and makes nothing', async () => {
    expect([403, 404]).toContain((await outsider.get(paths.notices.list(family.caseId))).statusCode);
    expect([403, 404]).toContain((await outsider.post(paths.notices.newNoContact(family.caseId), noticeForm())).statusCode);
    expect(await count('school_notices')).toBe(1);
  });

  it('starts a new notice with the orders in force on the case, from the protective orders, never the place they name', async () => {
    const today = londonDate(new Date());
    await ordersService(t.db).add(workerUser, family.caseId, { kind: 'non-molestation', protectedIds: [family.mother, family.child], boundId: family.father, madeBy: 'Northbridge Family Court', startsOn: addDays(today, -10), givenTime: '', expiresOn: addDays(today, 180), conditions: 'Not to contact the mother or the child', exclusionZone: '7 Kestrel Lane', withholdZone: true }, 'req');
    await ordersService(t.db).add(workerUser, family.caseId, { kind: 'non-molestation', protectedIds: [family.mother], boundId: family.father, madeBy: 'Northbridge Family Court', startsOn: addDays(today, -400), givenTime: '', expiresOn: addDays(today, -30), conditions: 'Not to contact the mother', exclusionZone: '', withholdZone: false }, 'req');
    const form = await worker.get(paths.notices.newNoContact(family.caseId));
    const box = /<textarea[^>]*name="orders"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.body)?.[1] ?? '';
    expect(box.trim()).toBe(`Non-molestation order binding Gareth Noticewell, made by Northbridge Family Court, until ${formatDate(addDays(today, 180))}`);
    expect(form.body).not.toContain('Kestrel Lane');
  });

  it('a PNG is kept as a PNG and served as one', async () => {
    const second = await worker.post(paths.notices.newNoContact(family.caseId), noticeForm());
    const id = idFrom(second.headers.location);
    await worker.get(paths.notices.photo(family.caseId, id));
    const posted = await upload(worker, paths.notices.photo(family.caseId, id), { name: 'face.png', type: 'image/png', data: testPng() });
    expect(posted.statusCode).toBe(303);
    const current = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('notice_photos').select(['id', 'replaced_at']).orderBy('uploaded_at').execute());
    expect(current).toHaveLength(2);
    expect(current[0]!.replaced_at).not.toBeNull();
    const served = await worker.get(paths.notices.image(family.caseId, current[1]!.id));
    expect(served.headers['content-type']).toBe('image/png');
  });
});

describe('an Operation Encompass notice', () => {
  const addPoliceNotification = async (receivedAt: Date, reference: string) =>
    t.db.tenant(tenant.id, async (trx) => {
      const contact = await trx
        .insertInto('contacts')
        .values({ tenant_id: tenant.id, source: 'police', reference, received_at: receivedAt, received_on: londonDate(receivedAt), decision_due_by: addDays(londonDate(receivedAt), 1), occurred_at: receivedAt, children_present: true, summary: 'Synthetic incident', case_id: family.caseId, status: 'sent-to-allocated-worker' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('contact_people').values({ tenant_id: tenant.id, contact_id: contact.id, ref: 'c1', role: 'child', given_name: 'Tomos', family_name: 'Noticewell', person_id: family.child, school: 'Hillside Primary School' }).execute();
      return contact.id;
    });

  it('is due at 08:30 the next school day, across a weekend and a bank holiday; overdue on the case and the home page until sent', async () => {
    // Thursday 2 April 2026 in the evening: Good Friday, the weekend and Easter Monday pass; due Tuesday 7 April at 08:30.
    const contactId = await addPoliceNotification(londonInstant(plainDate('2026-04-02'), { hours: 19, minutes: 10 }), 'NT-2026-1');
    const list = await worker.get(paths.notices.list(family.caseId));
    expect(list.statusCode).toBe(200);
    expect(text(list.body)).toContain('7 April 2026 at 8:30am');
    expect(list.body).toContain('data-encompass-state="overdue"');
    const home = await worker.get(paths.home);
    expect(home.body).toContain('data-encompass-due');
    expect(text(home.body)).toContain('before 7 April 2026 at 8:30am');

    const form = { notification: `${contactId}:${family.child}`, settingKind: 'school', settingName: 'Hillside Primary School', safeguardingLead: 'Mr Ifan Price', workerName: 'Worker worker', workerPhone: '0114 496 0999', schoolShouldKnow: 'Tomos saw the incident and may be tired and upset today.' };
    await worker.get(paths.notices.newEncompass(family.caseId));
    const blank = await worker.post(paths.notices.newEncompass(family.caseId), { ...form, schoolShouldKnow: '' });
    expect(errorSummary(blank.body)).toEqual({ schoolShouldKnow: 'Say what the school should know' });
    const made = await worker.post(paths.notices.newEncompass(family.caseId), form);
    expect(made.statusCode).toBe(303);
    const id = idFrom(made.headers.location);
    const row = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('school_notices').select(['due_at', 'incident_on', 'child_present']).where('id', '=', id).executeTakeFirstOrThrow());
    expect(row.due_at!.toISOString()).toBe('2026-04-07T07:30:00.000Z');
    expect(row).toMatchObject({ incident_on: '2026-04-02', child_present: true });

    const printed = await worker.post(paths.notices.print(family.caseId, id));
    expect(printed.statusCode).toBe(303);
    const print = await worker.get(`${paths.documents.show(family.caseId, idFrom(printed.headers.location))}?print=1`);
    expect(text(print.body)).toContain('Operation Encompass notice about Tomos Noticewell');
    expect(text(print.body)).toContain('Tomos saw the incident and may be tired and upset today.');
    expect(text(print.body)).toContain('The police say Tomos was there when it happened.');

    const today = londonDate(new Date());
    const [y, m, d] = today.split('-');
    await worker.post(paths.notices.sent(family.caseId, id), { 'sentOn-day': String(Number(d)), 'sentOn-month': String(Number(m)), 'sentOn-year': y!, sentTime: '00:05', method: 'secure-email' });
    const after = await worker.get(paths.notices.list(family.caseId));
    expect(after.body).toContain('data-encompass-state="sent-late"');
    expect((await worker.get(paths.home)).body).not.toContain('data-encompass-due');
  });

  it('refuses a notification that is not about a child on this case', async () => {
    const made = await worker.post(paths.notices.newEncompass(family.caseId), { notification: `00000000-0000-4000-8000-000000000000:${family.child}`, settingKind: 'school', settingName: 'Hillside Primary School', safeguardingLead: 'Mr Ifan Price', workerName: 'W', workerPhone: '0114 496 0999', schoolShouldKnow: 'x' });
    expect(made.statusCode).toBe(400);
    expect(errorSummary(made.body)).toEqual({ notification: 'Choose a police notification about a child on this case' });
  });
});


