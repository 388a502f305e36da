import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationImportService, type ImportOutcome } from '../../src/features/contacts/import-service.js';
import { contactsService } from '../../src/features/contacts/service.js';
import { paths } from '../../src/platform/http/paths.js';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, projectDir, runCommand, type CliDatabase } from '../helpers/cli.js';
import { createTestTenant, signedIn, startTestApp, type TestApp, type TestTenant, type Visitor } from '../helpers/app.js';

const SAMPLE_PATH = join(projectDir, 'samples', 'police-notifications.csv');
const sample = readFileSync(SAMPLE_PATH);

/** What the sample holds: 20 rows, of which 3 are wrong and 1 repeats the first notification. */
const SAMPLE_ROWS = 20;
const SAMPLE_CREATED = 16;
const SAMPLE_BAD: { row: number; column: string }[] = [
  { row: 8, column: 'victim_date_of_birth' },
  { row: 13, column: 'children_present' },
  { row: 13, column: 'abuse_types' },
  { row: 17, column: 'summary' },
  { row: 17, column: 'harm_given_name' },
];
/** Values in the bad rows that a report must never repeat. */
const BAD_VALUES = ['1983-02-30', 'perhaps', 'shouting', 'Beatrix', 'Kilgannon', 'Henrietta', 'Blackwood', 'Gwenllian', 'Forsythe'];
const BAD_REFERENCES = ['SAMPLE/2026/0107', 'SAMPLE/2026/0112', 'SAMPLE/2026/0116'];

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function counts(tenantId: string) {
  return t.db.tenant(tenantId, async (trx) => {
    const n = async (table: 'contacts' | 'contact_people' | 'contact_events' | 'contact_relationships') =>
      Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { contacts: await n('contacts'), people: await n('contact_people'), events: await n('contact_events'), relationships: await n('contact_relationships') };
  });
}

function importSample(tenantId: string): Promise<ImportOutcome | { refused: string }> {
  return notificationImportService(t.db, contactsService(t.db)).importFile(tenantId, 'police-notifications.csv', () => [sample]);
}

describe('importing police notifications', () => {
  let tenant: TestTenant;
  let first: ImportOutcome;

  beforeAll(async () => {
    tenant = await createTestTenant(t.db);
  });

  it('creates a contact for each good row and reports the bad rows by row number and column', async () => {
    const outcome = await importSample(tenant.id);
    if ('refused' in outcome) throw new Error(outcome.refused);
    first = outcome;
    expect(outcome.status).toBe('finished');
    expect(outcome).toMatchObject({ total: SAMPLE_ROWS, rowsProcessed: SAMPLE_ROWS, created: SAMPLE_CREATED, duplicates: 1, rejected: 3 });
    expect(outcome.errors.map((e) => ({ row: e.row, column: e.column }))).toEqual(SAMPLE_BAD);
    expect(outcome.errors.find((e) => e.column === 'victim_date_of_birth')?.message).toMatch(/real date/);
    expect(outcome.errors.find((e) => e.column === 'children_present')?.message).toBe('must be yes or no');
    const report = JSON.stringify(outcome.errors);
    for (const value of BAD_VALUES) expect(report).not.toContain(value);
    expect((await counts(tenant.id)).contacts).toBe(SAMPLE_CREATED);
    const job = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('notification_imports').selectAll().where('id', '=', outcome.jobId).executeTakeFirstOrThrow());
    expect(job).toMatchObject({ status: 'finished', rows_total: SAMPLE_ROWS, rows_processed: SAMPLE_ROWS, created: SAMPLE_CREATED, duplicates: 1, rejected: 3, started_by: null });
    expect(job.errors).toEqual(outcome.errors);
    expect(job.finished_at).not.toBeNull();
  });

  it('keeps the people, relationships and dates from the file', async () => {
    const contact = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contacts').selectAll().where('reference', '=', 'SAMPLE/2026/0103').executeTakeFirstOrThrow());
    expect(contact).toMatchObject({ source: 'police', abuse_types: ['harassment-stalking'], children_present: true });
    const people = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contact_people').select(['ref', 'role', 'date_of_birth', 'postcode']).where('contact_id', '=', contact.id).orderBy('ref').execute());
    expect(people).toEqual([
      { ref: 'child1', role: 'child', date_of_birth: '2022-03-03', postcode: null },
      { ref: 'harm', role: 'person-causing-harm', date_of_birth: '1993-12-12', postcode: null },
      { ref: 'victim', role: 'victim', date_of_birth: '1995-06-08', postcode: 'ZZ3 1HX' },
    ]);
    const lone = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contacts').select('id').where('reference', '=', 'SAMPLE/2026/0201').executeTakeFirstOrThrow());
    expect(lone.id).toBeTruthy();
  });

  it('leaves nothing behind from a rejected row', async () => {
    const found = await t.db.tenant(tenant.id, async (trx) => ({
      contacts: await trx.selectFrom('contacts').select('id').where('reference', 'in', BAD_REFERENCES).execute(),
      people: await trx.selectFrom('contact_people').select('id').where('family_name', 'in', ['Kilgannon', 'Blackwood', 'Forsythe']).execute(),
    }));
    expect(found).toEqual({ contacts: [], people: [] });
    const all = await counts(tenant.id);
    // Every event belongs to one of the contacts created: a "received" event each.
    const events = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('contact_events').select(['type']).execute());
    expect(events.filter((e) => e.type === 'received')).toHaveLength(SAMPLE_CREATED);
    expect(all.contacts).toBe(SAMPLE_CREATED);
  });

  it('reports a row holding a null byte by its columns and imports every other row', async () => {
    const other = await createTestTenant(t.db);
    const lines = sample.toString('utf8').split('\r\n');
    // The second notification's line gets a NUL inside its first field.
    lines[2] = `${lines[2]!.slice(0, 3)}\u0000${lines[2]!.slice(3)}`;
    const outcome = await notificationImportService(t.db, contactsService(t.db)).importFile(other.id, 'with-a-nul.csv', () => [Buffer.from(lines.join('\r\n'))]);
    if ('refused' in outcome) throw new Error(outcome.refused);
    expect(outcome).toMatchObject({ status: 'finished', total: SAMPLE_ROWS, rowsProcessed: SAMPLE_ROWS, created: SAMPLE_CREATED - 1, rejected: 4 });
    expect(outcome.errors.filter((e) => e.row === 3)).toEqual([expect.objectContaining({ message: 'holds a control character, such as a null byte' })]);
    expect(JSON.stringify(outcome.errors)).not.toContain('\u0000');
    expect((await counts(other.id)).contacts).toBe(SAMPLE_CREATED - 1);
  });

  it('creates nothing new when the same file is imported again, and says the rows are already held', async () => {
    const before = await counts(tenant.id);
    const again = await importSample(tenant.id);
    if ('refused' in again) throw new Error(again.refused);
    expect(again).toMatchObject({ status: 'finished', created: 0, duplicates: SAMPLE_CREATED + 1, rejected: 3 });
    expect(again.errors).toEqual(first.errors);
    expect(await counts(tenant.id)).toEqual(before);
  });

  it('audits each import with its counts and no personal data', async () => {
    const events = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('audit_events').select(['action', 'subject_id', 'details', 'actor_type']).where('action', 'in', ['contact.import', 'contact.import-start']).execute());
    const finished = events.filter((e) => e.action === 'contact.import');
    expect(finished).toHaveLength(2);
    expect(finished[0]!.details).toMatchObject({ status: 'finished', rows: SAMPLE_ROWS, created: SAMPLE_CREATED, duplicates: 1, rejected: 3 });
    expect(finished[0]!.actor_type).toBe('system');
    const text = JSON.stringify(events);
    for (const value of [...BAD_VALUES, 'Quennell', 'police-notifications.csv']) expect(text).not.toContain(value);
  });

  it('refuses a file whose first row is not the column names, before storing anything', async () => {
    const noHeader = sample.toString('utf8').split('\r\n').slice(1).join('\r\n');
    const outcome = await notificationImportService(t.db, contactsService(t.db)).importFile(tenant.id, 'x.csv', () => [noHeader]);
    expect('refused' in outcome).toBe(true);
    if (!('refused' in outcome)) return;
    expect(outcome.refused).toMatch(/first row must be the column names/);
    expect(outcome.refused).not.toContain('Quennell');
  });
});

/** A browser's multipart form post: the CSRF token field, then the file. */
function upload(visitor: Visitor, file: { name: string; type: string; data: Buffer } | null, options: { csrf?: string | null } = {}) {
  const boundary = `----wraparound${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  const csrf = options.csrf === undefined ? visitor.csrf : options.csrf;
  if (csrf !== null) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return visitor.request({ method: 'POST', url: '/mash/import', payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

async function waitForJob(visitor: Visitor, url: string): Promise<LightMyRequestResponse> {
  for (let i = 0; i < 300; i++) {
    const page = await visitor.get(url);
    if (!page.body.includes('data-import-running')) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the import did not finish');
}

describe('the import page', () => {
  let tenant: TestTenant;
  let worker: Visitor;

  beforeAll(async () => {
    tenant = await createTestTenant(t.db);
    worker = await signedIn(t.app, tenant.users['mash-worker'].email);
  });

  it('shows an upload form with a heading, a back link and a file upload', async () => {
    const page = await worker.get('/mash/import');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Import police notifications</h1>');
    expect(page.body).toContain('govuk-back-link');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/<input class="govuk-file-upload[^>]*id="file" name="file" type="file"/);
    expect(page.body).toContain('victim_date_of_birth');
  });

  it('takes an upload, shows the job, and ends with the summary and the rows not imported', async () => {
    await worker.get('/mash/import');
    const posted = await upload(worker, { name: 'police-notifications.csv', type: 'text/csv', data: sample });
    expect(posted.statusCode).toBe(303);
    const location = String(posted.headers.location);
    expect(location).toMatch(/^\/mash\/import\/[0-9a-f-]{36}$/);
    const page = await waitForJob(worker, location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Police notifications imported');
    expect(page.body).toContain('govuk-back-link');
    expect(page.body).toMatch(/Notifications added\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*16\s*</);
    expect(page.body).toMatch(/Already held\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</);
    expect(page.body).toMatch(/Rows not imported\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*3\s*</);
    expect(page.body).toContain('<code>victim_date_of_birth</code>');
    for (const value of [...BAD_VALUES, 'Quennell', 'Marisol']) expect(page.body).not.toContain(value);
    expect((await counts(tenant.id)).contacts).toBe(SAMPLE_CREATED);
    const job = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('notification_imports').select(['started_by', 'status']).executeTakeFirstOrThrow());
    expect(job).toEqual({ started_by: tenant.users['mash-worker'].id, status: 'finished' });
  });

  it('shows a running job as a progress bar, with a script that keeps it up to date and a link for a manual check', async () => {
    const id = await t.db.tenant(tenant.id, async (trx) => {
      const row = await trx.insertInto('notification_imports').values({ tenant_id: tenant.id, file_name: 'big.csv', started_by: null, rows_total: 1000 }).returning('id').executeTakeFirstOrThrow();
      await trx.updateTable('notification_imports').set({ rows_processed: 412, created: 400, duplicates: 2, rejected: 10 }).where('id', '=', row.id).execute();
      return row.id;
    });
    const page = await worker.get(`/mash/import/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Importing police notifications</h1>');
    expect(page.body).toContain('412 of 1,000 rows');
    expect(page.body).toMatch(/<progress id="import-progress"[^>]*max="1000" value="412"/);
    // No <meta> refresh (WCAG 2.2.1): a script updates the numbers in place, and without it there is a link.
    expect(page.body).not.toContain('http-equiv="refresh"');
    expect(page.body).toContain('src="/javascripts/import-progress.js"');
    expect(page.body).toContain('data-check-progress>Check progress</a>');
    const script = await worker.get('/javascripts/import-progress.js');
    expect(script.statusCode).toBe(200);
  });

  it('says what is wrong with a bad upload, in an error summary', async () => {
    await worker.get('/mash/import');
    const cases: [Parameters<typeof upload>[1], string][] = [
      [null, 'Select a CSV file of police notifications'],
      [{ name: '', type: 'application/octet-stream', data: Buffer.alloc(0) }, 'Select a CSV file of police notifications'],
      [{ name: 'notes.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: Buffer.from('PK...') }, 'The selected file must be a CSV'],
      [{ name: 'big.csv', type: 'text/csv', data: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') }, 'The selected file must be smaller than 10 MB'],
      [{ name: 'people.csv', type: 'text/csv', data: Buffer.from('given,family\r\nAlys,Brindlecombe\r\n') }, 'The first row must be the column names'],
      [{ name: 'only-header.csv', type: 'text/csv', data: Buffer.from(`${sample.toString('utf8').split('\r\n')[0]}\r\n`) }, 'has no notifications in it'],
    ];
    for (const [file, message] of cases) {
      const res = await upload(worker, file);
      expect(res.statusCode, message).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('href="#file"');
      expect(res.body).toContain(message);
      expect(res.body).not.toContain('Alys');
    }
  });

  it('refuses an upload without the form token, or with a wrong one', async () => {
    await worker.get('/mash/import');
    const file = { name: 'police-notifications.csv', type: 'text/csv', data: sample };
    const missing = await upload(worker, file, { csrf: null });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('The form could not be sent');
    const wrong = await upload(worker, file, { csrf: 'not-the-token' });
    expect(wrong.statusCode).toBe(403);
  });

  it('is for MASH workers and managers: a social worker is refused', async () => {
    const manager = await signedIn(t.app, tenant.users['mash-manager'].email);
    expect((await manager.get('/mash/import')).statusCode).toBe(200);
    const social = await signedIn(t.app, tenant.users['social-worker'].email);
    expect((await social.get('/mash/import')).statusCode).toBe(403);
    const job = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('notification_imports').select('id').executeTakeFirstOrThrow());
    expect((await social.get(`/mash/import/${job.id}`)).statusCode).toBe(403);
    await social.get('/');
    const posted = await upload(social, { name: 'police-notifications.csv', type: 'text/csv', data: sample });
    expect(posted.statusCode).toBe(403);
  });

  it("does not show another tenant's import job", async () => {
    const other = await createTestTenant(t.db);
    const stranger = await signedIn(t.app, other.users['mash-worker'].email);
    const job = await t.db.tenant(tenant.id, (trx) => trx.selectFrom('notification_imports').select('id').executeTakeFirstOrThrow());
    expect((await stranger.get(`/mash/import/${job.id}`)).statusCode).toBe(404);
    expect((await stranger.get('/mash/import/not-a-job')).statusCode).toBe(404);
  });

  it('does not take files on other pages', async () => {
    const boundary = 'xyz';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${worker.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na\r\n--${boundary}--\r\n`;
    // A page the worker may post to: the body's type is refused there.
    const res = await worker.request({ method: 'POST', url: '/people/new', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(415);
    // A page they may not post to refuses them before reading what they sent.
    const admin = await worker.request({ method: 'POST', url: '/admin/bank-holidays', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(admin.statusCode).toBe(403);
  });

  it('refuses an upload from someone not signed in before reading it, even a malformed one', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: paths.contacts.import,
      payload: `--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${'x'.repeat(9 * 1024 * 1024)}`,
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    // Signed in, a malformed upload is a clear 400, not a 500.
    const malformed = await worker.request({ method: 'POST', url: paths.contacts.import, payload: `--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nno closing boundary`, headers: { 'content-type': 'multipart/form-data; boundary=b' } });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('wraparound import-notifications', { timeout: 180_000 }, () => {
  let target: CliDatabase;
  const cli = (...args: string[]) => runCommand(args, target.env);

  beforeAll(async () => {
    target = await cliDatabase({ migrated: true });
    const created = await cli('create-tenant', '--slug', 'import-la', '--name', 'Import Test Council');
    if (created.code !== 0) throw new Error(created.stderr);
  }, FIRST_RUN_TIMEOUT_MS);
  afterAll(() => target?.cleanup());

  it('imports the sample, prints the summary and the rows not imported, and exits 1 because some were rejected', async () => {
    const result = await cli('import-notifications', '--tenant', 'import-la', SAMPLE_PATH);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(`created ${SAMPLE_CREATED}\n`);
    expect(result.stdout).toContain('already held 1\n');
    expect(result.stdout).toContain('rejected 3\n');
    expect(result.stdout).toContain('Row 8, victim_date_of_birth: ');
    expect(result.stdout).toContain('Row 13, children_present: must be yes or no');
    for (const value of BAD_VALUES) expect(result.stdout + result.stderr).not.toContain(value);
    const again = await cli('import-notifications', '--tenant', 'import-la', SAMPLE_PATH);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('created 0\n');
    expect(again.stdout).toContain(`already held ${SAMPLE_CREATED + 1}\n`);
  });

  it('exits 0 when every row was imported or already held', async () => {
    const good = join(target.dataDir, 'good.csv');
    const lines = sample.toString('utf8').split('\r\n');
    // The header, the first notification and the child-only one (rows 1, 2 and 20), with a new reference.
    const header = lines[0]!;
    const firstRow = lines[1]!.replace('SAMPLE/2026/0101', 'SAMPLE/2026/0901');
    writeFileSync(good, `${header}\r\n${firstRow}\r\n`);
    const result = await cli('import-notifications', '--tenant', 'import-la', good, '--data-dir', target.dataDir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('created 1\n');
    expect(result.stdout).toContain('rejected 0\n');
  });

  it('exits 2 for a missing file, an unknown tenant or no file named', async () => {
    const missing = await cli('import-notifications', '--tenant', 'import-la', join(target.dataDir, 'nowhere.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no file at');
    const unknown = await cli('import-notifications', '--tenant', 'nobody', SAMPLE_PATH);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no tenant with the slug nobody');
    const none = await cli('import-notifications', '--tenant', 'import-la');
    expect(none.code).toBe(2);
  });

  it('prints a line every thousand rows when standard error is not a terminal', async () => {
    const big = join(target.dataDir, 'big.csv');
    const lines = sample.toString('utf8').split('\r\n');
    // 1,001 rows that fail validation quickly (no summary), so the test stays fast.
    const bad = lines[1]!.replace(/Neighbours called police[^,]*,/, ',');
    let text = `${lines[0]}\r\n`;
    for (let i = 0; i < 1001; i++) text += `${bad.replace('SAMPLE/2026/0101', `BIG/${i}`)}\r\n`;
    writeFileSync(big, text);
    const result = await cli('import-notifications', '--tenant', 'import-la', big);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^1,000 rows$/m);
    expect(result.stdout).toContain('rejected 1,001');
  });
});
