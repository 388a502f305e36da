import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { documentsService, PDF_PIECE_BYTES } from '../../src/features/documents/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { whereaboutsService } from '../../src/features/people/whereabouts-service.js';
import type { Role } from '../../src/platform/access/roles.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { errorSummary } from '../helpers/pages.js';
import { readPdf } from '../helpers/pdf-text.js';

/**
 * Issue 16, points 1, 7 and 8: one document module. Letters about decisions to parents, in their
 * language and in neutral form when they ask; letters to the person causing harm, sent to him; each
 * kept as made with its hash, disclosed with a lawful basis, corrected by a new document, never changed.
 */

const WITHHELD_LINE = 'Flat 9, Kestrel Refuge House';
const WITHHELD_POSTCODE = 'ZZ9 9ZZ';
const WITHHELD_PHONE = '07700 900321';
const MOTHER_OLD_ADDRESS = '14 Larch Crescent';

let t: TestApp;
let tenant: TestTenant;
let v: Visitor;
let managerUser: CurrentUser;
let workerUser: CurrentUser;
let council: string;
let family: { caseId: string; mother: string; father: string; grandmother: string };

const system = () => ({ kind: 'system', tenantId: tenant.id }) as const;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;|’/g, '’').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

async function makeUser(roles: Role[], teamIds: string[], n: string): Promise<{ email: string; user: CurrentUser }> {
  const email = `${n}@${tenant.slug}.test.invalid`;
  const { user } = await adminService(t.db).createUser(system(), { email, name: `Worker ${n}`, roles, teamIds, password: TEST_PASSWORD }, null);
  return { email, user: (await t.db.tenant(tenant.id, (trx) => loadUser(trx, user.id)))! };
}

const documentsMade = async () => Number((await t.db.tenant(tenant.id, (trx) => trx.selectFrom('document_copies').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow())).n);

const decision = { worries: 'There was shouting and pushing at home while the children were in the next room.', decision: 'We will do an assessment to find out how the children are and what help the family needs.', nextSteps: 'A social worker will visit within five working days.', workerPhone: '01632 960 123' };

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const admin = adminService(t.db);
  const team = await admin.createTeam(system(), 'Family safeguarding North', null);
  const other = await admin.createTeam(system(), 'Family safeguarding South', null);
  const manager = await makeUser(['team-manager'], [team.id], 'manager');
  const worker = await makeUser(['social-worker'], [team.id], 'worker');
  await makeUser(['social-worker'], [other.id], 'outsider');
  managerUser = manager.user;
  workerUser = worker.user;
  council = (await t.db.tenant(tenant.id, (trx) => trx.selectFrom('tenants').select('name').where('id', '=', tenant.id).executeTakeFirstOrThrow())).name;
  const by = { kind: 'user', user: manager.user } as const;
  const people = peopleService(t.db);
  const make = async (givenName: string, extra: Record<string, unknown> = {}) => (await people.create(by, { givenName, familyName: 'Letters-Okafor', ...extra }, 'req')).id;
  const child = await make('Tomos', { dateOfBirth: '2017-06-02' });
  const mother = await make('Gwen', {
    dateOfBirth: '1990-01-12',
    firstLanguage: 'Welsh',
    addresses: [
      { line1: WITHHELD_LINE, town: 'Northbridge', postcode: WITHHELD_POSTCODE, withheld: true, withheldReason: 'Fled to a refuge' },
      { line1: MOTHER_OLD_ADDRESS, town: 'Northbridge', postcode: 'ZZ1 1ZZ', from: '2015-01-01', to: '2026-01-01' },
    ],
    contactDetails: [{ kind: 'phone', value: WITHHELD_PHONE, withheld: true, withheldReason: 'New number since she left' }],
  });
  const father = await make('Marek', { dateOfBirth: '1987-03-03', firstLanguage: 'Polish' });
  const grandmother = await make('Eira', { dateOfBirth: '1960-03-03' });
  const opened = await casesService(t.db).open(
    manager.user,
    {
      stage: 'assessment',
      members: [
        { personId: child, role: 'child' },
        { personId: mother, role: 'adult-victim' },
        { personId: father, role: 'person-causing-harm' },
        { personId: grandmother, role: 'other-adult' },
      ],
      workerId: worker.user.id,
      teamId: team.id,
    },
    'req',
  );
  family = { caseId: opened.id, mother, father, grandmother };
  v = await signedIn(t.app, worker.email);
});
afterAll(() => t.close());

describe('a letter about a decision (issue 16, point 7)', () => {
  it('starts in the person’s own language, and refuses a letter with its parts missing, making nothing', async () => {
    const url = paths.documents.writeLetter(family.caseId, 'threshold-decision-letter');
    const form = await v.get(url);
    expect(form.statusCode).toBe(200);
    expect(text(form.body)).toContain('Gwen Letters-Okafor');
    // The person causing harm is not offered a decision letter: his letter is his own.
    expect(text(form.body)).not.toContain('Marek Letters-Okafor');
    const refused = await v.post(url, { recipient: family.mother, language: 'cy', worries: ' ', decision: '', nextSteps: 'Soon', workerPhone: 'call me' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual({ worries: 'Write what we are worried about', decision: 'Write what we decided, and why', workerPhone: 'Give a phone number they can call you on, like 01632 960 123' });
    const him = await v.post(url, { recipient: family.father, language: 'en', ...decision });
    expect(errorSummary(him.body)).toEqual({ recipient: 'Choose who the letter is to' });
    expect(await documentsMade()).toBe(0);
  });

  it('makes the letter in Welsh, keeps it with its hash, and the PDF holds the same words', async () => {
    const made = await v.post(paths.documents.writeLetter(family.caseId, 'threshold-decision-letter'), { recipient: family.grandmother, language: 'cy', ...decision });
    expect(made.statusCode).toBe(303);
    const page = await v.get(String(made.headers.location));
    expect(text(page.body)).toContain('The document has been made and kept');
    expect(page.body).toContain('lang="cy"');
    expect(text(page.body)).toContain('Ein penderfyniad am Tomos Letters-Okafor');
    expect(text(page.body)).toContain('Gofal cymdeithasol plant');
    const id = String(made.headers.location).split('/').at(-1)!.split('?')[0]!;
    const pdf = await v.request({ method: 'GET', url: paths.documents.pdf(family.caseId, id) });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    const bytes = pdf.rawPayload;
    // Sent in pieces read from the database as it goes (more than one here), and whole: the same hash as when it was made.
    expect(bytes.length).toBeGreaterThan(PDF_PIECE_BYTES);
    expect(Number(pdf.headers['content-length'])).toBe(bytes.length);
    expect(page.body).toContain(createHash('sha256').update(bytes).digest('hex'));
    const read = await readPdf(bytes);
    expect(read.tagged).toBe(true);
    const flat = read.text.replace(/\s+/g, ' ');
    expect(flat).toContain('Annwyl Eira Letters-Okafor');
    expect(flat).toContain('Beth sy’n ein poeni');
    expect(flat).toContain('Tudalen 1 o');
  });

  it('is always neutral for someone whose safe-contact preferences ask for it, from the envelope to the opening lines', async () => {
    await whereaboutsService(t.db).setSafeContact({ kind: 'user', user: managerUser }, family.mother, { safeNumber: '', safeTimes: 'Mornings', mayLeaveMessage: false, askIfAloneFirst: true, codeWord: 'Bluebell', neutralLetters: true }, 'req');
    const made = await v.post(paths.documents.writeLetter(family.caseId, 'assessment-outcome-letter'), { recipient: family.mother, language: 'en', ...decision });
    expect(made.statusCode).toBe(303);
    const page = await v.get(`${String(made.headers.location).split('?')[0]}?print=1`);
    const article = text(/<article[\s\S]*<\/article>/.exec(page.body)![0]);
    expect(article.trim().startsWith(`${council} A letter for Gwen Letters-Okafor`)).toBe(true);
    const opening = article.slice(0, article.indexOf('What we are worried about'));
    expect(opening).not.toMatch(/abuse|children’s services|social (care|work)|assessment|protection/i);
    expect(article).toContain('What we are worried about');
  });

  it('refuses free text holding a withheld address, postcode, number or code word, for anyone, and makes nothing', async () => {
    const before = await documentsMade();
    const url = paths.documents.writeLetter(family.caseId, 'plan-letter');
    for (const leak of [`She is safe at ${WITHHELD_LINE.toUpperCase()}.`, `Her postcode is ${WITHHELD_POSTCODE.replace(' ', '')}`, `Call her on 07700-900-321`, 'Her code word is bluebell']) {
      const refused = await v.post(url, { recipient: family.grandmother, language: 'en', ...decision, nextSteps: leak });
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual({ nextSteps: 'This holds an address or contact detail that is withheld: take it out' });
    }
    expect(await documentsMade()).toBe(before);
  });
});

describe('whose copy a document is', () => {
  it('is a person on the case for a family audience, never just a name, and their audience is theirs', async () => {
    const documents = documentsService(t.db);
    const values = { recipientName: 'Someone', childNames: 'Tomos', letterDate: 'Today', worries: 'W', decision: 'D', nextSteps: 'N', workerName: 'W', workerPhone: '01632 960 123', teamName: 'T' };
    const base = { caseId: family.caseId, template: 'threshold-decision-letter', language: 'en', values };
    const before = await documentsMade();
    await expect(documents.make(workerUser, { ...base, audience: 'victim', recipient: { name: 'Marek Letters-Okafor' } }, 'req')).rejects.toMatchObject({ message: 'Choose the person on this case it is for', field: 'recipient' });
    await expect(documents.make(workerUser, { ...base, audience: 'victim', recipient: { personId: family.father, name: 'Marek Letters-Okafor' } }, 'req')).rejects.toMatchObject({ field: 'recipient' });
    expect(await documentsMade()).toBe(before);
  });
});

describe('a letter to the person causing harm (issue 16, point 8)', () => {
  const url = () => paths.documents.writeLetter(family.caseId, 'letter-to-person-causing-harm');
  const letter = { concerns: 'When you shout and break things, Tomos is frightened and cannot sleep.', expectations: 'Go to the perpetrator programme.\nKeep to the contact arrangements.', services: 'The Change Programme, 01632 960 555', workerPhone: '01632 960 123' };

  it('goes to him alone, in Polish when that is his language, saying what is expected of him', async () => {
    const form = await v.get(url());
    expect(form.body).toMatch(/value="pl"[^>]*checked/);
    expect(text(form.body)).not.toContain('Gwen Letters-Okafor');
    const made = await v.post(url(), { recipient: family.father, language: 'pl', ...letter });
    expect(made.statusCode).toBe(303);
    const page = text((await v.get(String(made.headers.location))).body);
    expect(page).toContain('Czego od Pana / Pani oczekujemy');
    expect(page).toContain('Go to the perpetrator programme.');
    expect(page).not.toContain(WITHHELD_LINE);
  });

  it('refuses anything in it that places the victim, and with her on his must-not-receive list, even her old address', async () => {
    const before = await documentsMade();
    const withheld = await v.post(url(), { recipient: family.father, language: 'en', ...letter, concerns: `Stay away from ${WITHHELD_LINE}, ${WITHHELD_POSTCODE}.` });
    expect(errorSummary(withheld.body)).toEqual({ concerns: 'This holds an address or contact detail that is withheld: take it out' });
    await v.get(paths.cases.overview(family.caseId));
    expect((await v.post(paths.cases.mustNotReceive(family.caseId), { personId: family.father, information: ['address', 'contact-details'], reason: 'Person causing harm; she has moved' })).statusCode).toBe(303);
    const old = await v.post(url(), { recipient: family.father, language: 'en', ...letter, expectations: `Do not go to ${MOTHER_OLD_ADDRESS}.` });
    expect(errorSummary(old.body)).toEqual({ expectations: 'This holds an address or contact detail the recipient must not receive: take it out' });
    expect(await documentsMade()).toBe(before);
  });
});

describe('what is made is kept (issue 16, point 1)', () => {
  let documentId: string;

  it('lists every document on the Documents tab, not yet sent', async () => {
    const tab = await v.get(paths.cases.documents(family.caseId));
    expect(tab.statusCode).toBe(200);
    const rows = text(tab.body);
    expect(rows).toContain('Ein penderfyniad am Tomos Letters-Okafor');
    expect(rows).toContain('Not sent yet');
    documentId = /href="\/cases\/[^/]+\/documents\/([0-9a-f-]{36})">Ein penderfyniad/.exec(tab.body)![1]!;
  });

  it('records each disclosure with the lawful basis, refusing one without it or in the future', async () => {
    const url = paths.documents.sent(family.caseId, documentId);
    await v.get(url);
    const refused = await v.post(url, { recipient: 'Gwen', 'disclosedOn-day': '1', 'disclosedOn-month': '1', 'disclosedOn-year': '2099', method: 'post' });
    expect(errorSummary(refused.body)).toEqual({ 'disclosedOn-day': 'The date it was sent must be today or in the past', lawfulBasis: 'Choose the lawful basis for sharing it' });
    const count = async () => Number((await t.db.tenant(tenant.id, (trx) => trx.selectFrom('document_disclosures').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow())).n);
    expect(await count()).toBe(0);
    const ok = await v.post(url, { recipient: 'Eira Letters-Okafor', 'disclosedOn-day': '2', 'disclosedOn-month': '12', 'disclosedOn-year': '2026', method: 'post', lawfulBasis: 'public-task' });
    expect(ok.statusCode).toBe(303);
    const page = text((await v.get(String(ok.headers.location))).body);
    expect(page).toContain('Recorded: when it was sent');
    expect(page).toContain('By post');
    expect(page).toContain('Public task');
    expect(await count()).toBe(1);
    // Both are on the case's chronology, and the kind filter finds them.
    const chronology = text((await v.get(`${paths.cases.chronology(family.caseId)}?kind=document`)).body);
    expect(chronology).toContain('Document made: Ein penderfyniad am Tomos Letters-Okafor');
    expect(chronology).toContain('Sent: Ein penderfyniad am Tomos Letters-Okafor');
    expect(chronology).toContain('To Eira Letters-Okafor, by post');
  });

  it('corrects a letter with a new one that names it, and does not correct the same letter twice', async () => {
    const go = await v.get(paths.documents.correct(family.caseId, documentId));
    expect(go.statusCode).toBe(303);
    const form = await v.get(String(go.headers.location));
    expect(text(form.body)).toContain('This letter corrects');
    expect(form.body).toContain(decision.worries);
    const made = await v.post(paths.documents.writeLetter(family.caseId, 'threshold-decision-letter'), { corrects: documentId, recipient: family.grandmother, language: 'cy', ...decision, nextSteps: 'A social worker will visit on Monday.' });
    expect(made.statusCode).toBe(303);
    expect(text((await v.get(paths.documents.show(family.caseId, documentId))).body)).toContain('This document has been replaced by a correction.');
    const again = await v.post(paths.documents.writeLetter(family.caseId, 'threshold-decision-letter'), { corrects: documentId, recipient: family.grandmother, language: 'cy', ...decision });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual({ corrects: 'That document has already been corrected: correct the newest one' });
  });

  it('cannot be changed or removed, even by the database owner', async () => {
    await expect(t.db.tenant(tenant.id, (trx) => trx.deleteFrom('document_copies').where('id', '=', documentId).execute())).rejects.toThrow();
    await expect(t.db.tenant(tenant.id, (trx) => trx.updateTable('document_copies').set({ title: 'Changed' }).where('id', '=', documentId).execute())).rejects.toThrow();
    await expect(t.db.tenant(tenant.id, (trx) => trx.deleteFrom('document_disclosures').execute())).rejects.toThrow();
    expect(text((await v.get(paths.documents.show(family.caseId, documentId))).body)).toContain('Ein penderfyniad');
  });

  it('is not found by someone without access to the case, page or PDF', async () => {
    const outsider = await signedIn(t.app, `outsider@${tenant.slug}.test.invalid`);
    for (const url of [paths.cases.documents(family.caseId), paths.documents.show(family.caseId, documentId), paths.documents.pdf(family.caseId, documentId), paths.documents.writeLetter(family.caseId, 'plan-letter')]) {
      const r = await outsider.get(url);
      expect([403, 404], url).toContain(r.statusCode);
      expect(r.body).not.toContain('Ein penderfyniad');
    }
  });
});
