import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { casesService } from '../../src/features/cases/service.js';
import { documentsService } from '../../src/features/documents/service.js';
import { peopleService } from '../../src/features/people/service.js';
import { loadTemplate, type DocumentTemplate } from '../../src/domain/documents/template.js';
import { loadUser, type CurrentUser } from '../../src/platform/auth/current-user.js';
import { shippedTemplate } from '../../src/platform/documents/templates.js';
import { paths } from '../../src/platform/http/paths.js';
import { createTestTenant, signedIn, startTestApp, TEST_PASSWORD, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';
import { readPdf } from '../helpers/pdf-text.js';
import { leaks } from './family.js';

/**
 * The hunt's own check: a letter to the person causing harm made from a template into which the victim's
 * withheld address was planted (a template author's mistake no field check can see) is caught by the
 * same `leaks` the hunt runs over every document's print page and PDF; the shipped template, filled the
 * same way, is not. A victim-only field planted in his template never gets that far: it is refused at
 * load (src/domain/documents/template.test.ts, src/platform/documents/templates.test.ts).
 */

const WITHHELD = ['11 Plover Refuge Walk', 'Secretsford', 'ZZ3 3ZZ'];

let t: TestApp;
let tenant: TestTenant;
let worker: CurrentUser;
let v: Visitor;
let caseId: string;
let harmId: string;

function planted(): DocumentTemplate {
  const shipped = shippedTemplate('letter-to-person-causing-harm')!;
  const data = JSON.parse(JSON.stringify(shipped)) as { languages: Record<string, { blocks: Array<{ kind: string; text?: string }> }> };
  for (const wording of Object.values(data.languages)) wording.blocks.splice(1, 0, { kind: 'paragraph', text: `She now lives at ${WITHHELD.join(', ')}.` });
  return loadTemplate(data);
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await createTestTenant(t.db);
  const system = { kind: 'system', tenantId: tenant.id } as const;
  const admin = adminService(t.db);
  const team = await admin.createTeam(system, 'Family safeguarding Marsh', null);
  const email = `worker@${tenant.slug}.test.invalid`;
  const created = await admin.createUser(system, { email, name: 'Worker Marsh', roles: ['social-worker'], teamIds: [team.id], password: TEST_PASSWORD }, null);
  worker = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, created.user.id)))!;
  const managerId = (await admin.createUser(system, { email: `manager@${tenant.slug}.test.invalid`, name: 'Manager Marsh', roles: ['team-manager'], teamIds: [team.id], password: TEST_PASSWORD }, null)).user.id;
  const manager = (await t.db.tenant(tenant.id, (trx) => loadUser(trx, managerId)))!;
  const by = { kind: 'user', user: manager } as const;
  const people = peopleService(t.db);
  const victim = (await people.create(by, { givenName: 'Nia', familyName: 'Planted', addresses: [{ line1: WITHHELD[0]!, town: WITHHELD[1]!, postcode: WITHHELD[2]!, withheld: true, withheldReason: 'Refuge' }] }, 'req')).id;
  harmId = (await people.create(by, { givenName: 'Rhys', familyName: 'Planted' }, 'req')).id;
  const child = (await people.create(by, { givenName: 'Gethin', familyName: 'Planted', dateOfBirth: '2019-01-01' }, 'req')).id;
  caseId = (await casesService(t.db).open(manager, { stage: 'assessment', members: [{ personId: child, role: 'child' }, { personId: victim, role: 'adult-victim' }, { personId: harmId, role: 'person-causing-harm' }], workerId: worker.id, teamId: team.id }, 'req')).id;
  v = await signedIn(t.app, email);
});
afterAll(() => t.close());

/** Makes his letter from a template and returns what the hunt finds in its print page and its PDF. */
async function hunted(template: DocumentTemplate): Promise<{ page: string[]; pdf: string[] }> {
  const documents = documentsService(t.db, { templates: (name) => (name === template.name ? template : null) });
  const values = { recipientName: 'Rhys Planted', childNames: 'Gethin Planted', letterDate: '6 December 2026', concerns: 'Gethin is frightened when you shout.', expectations: ['Go to the programme.'], services: [], workerName: 'Worker Marsh', workerPhone: '01632 960 123', teamName: 'Children’s social care' };
  const { id } = await documents.make(worker, { caseId, template: template.name, language: 'en', audience: 'person-causing-harm', recipient: { personId: harmId, name: 'Rhys Planted' }, values }, 'req');
  const page = await v.get(`${paths.documents.show(caseId, id)}?print=1`);
  const pdf = await v.request({ method: 'GET', url: paths.documents.pdf(caseId, id) });
  expect(page.statusCode).toBe(200);
  return { page: leaks(page.body, WITHHELD), pdf: leaks((await readPdf(pdf.rawPayload)).text, WITHHELD) };
}

describe('the leak hunt on a document for the person causing harm', () => {
  it('finds the withheld address planted in his template, in the print page and in the PDF', async () => {
    const found = await hunted(planted());
    expect(found.page).toEqual(WITHHELD);
    expect(found.pdf).toEqual(WITHHELD);
  });

  it('finds nothing in the shipped template filled the same way', async () => {
    expect(await hunted(shippedTemplate('letter-to-person-causing-harm')!)).toEqual({ page: [], pdf: [] });
  });
});
