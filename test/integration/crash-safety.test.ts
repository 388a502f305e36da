import { randomUUID } from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactsService } from '../../src/features/contacts/service.js';
import { notificationImportService } from '../../src/features/contacts/import-service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, projectDir, runCommand, startCli, withDatabase, type CliDatabase } from '../helpers/cli.js';
import { within } from '../helpers/database.js';
import { CookieClient } from '../helpers/http-client.js';

// Issue 11, "What to build" 5: the process killed with SIGKILL in the middle of a CSV import and of a
// burst of writes. After it, nothing is half-written (every row has its audit event and the other way
// round), the audit chain verifies, the embedded database opens again; a command-line import's page
// says it stopped, and importing the same file again carries on where it stopped without doubling
// anything; an upload through the service carries on by itself when the service is back, and its page
// says so.

/**
 * Rows in the command-line import's file: enough that the import is still running when its first
 * progress line appears (every 1,000 rows or two seconds). PostgreSQL stores about a thousand rows a
 * second in batches, so its file is longer.
 */
let ROWS = 600;
let target: CliDatabase;
let csv: string;

beforeAll(async () => {
  target = await cliDatabase({ migrated: true });
  if (target.kind === 'postgres') ROWS = 6_000;
  for (const args of [
    ['migrate'],
    ['create-tenant', '--slug', 'crash-la', '--name', 'Crash Test Council'],
    ['create-user', '--tenant', 'crash-la', '--email', 'mash@crash.test.invalid', '--name', 'Mash Worker', '--role', 'mash-worker'],
  ]) {
    const result = await runCommand(args, target.env);
    expect(result.code, result.stderr).toBe(0);
  }
  const lines = readFileSync(join(projectDir, 'samples', 'police-notifications.csv'), 'utf8').split('\r\n');
  csv = join(target.dataDir, '..', `crash-${Date.now()}.csv`);
  let text = `${lines[0]}\r\n`;
  for (let i = 0; i < ROWS; i++) text += `${lines[1]!.replace('SAMPLE/2026/0101', `CRASH/2026/${i}`)}\r\n`;
  writeFileSync(csv, text);
}, FIRST_RUN_TIMEOUT_MS);
afterAll(() => target?.cleanup());

/** Each contact has its contact.receive event and each event its contact; the chain verifies. */
async function expectNothingHalfWritten(): Promise<{ contacts: number; job: { status: string; rows_processed: number; created: number; id: string } }> {
  return withDatabase(target, async (db) => {
    const owner = db.owner();
    // The crash council's alone: a server started outside production also makes the demo council, whose made-up contacts are seeded.
    const tenant = await owner.selectFrom('tenants').select('id').where('slug', '=', 'crash-la').executeTakeFirstOrThrow();
    const contacts = await owner.selectFrom('contacts').select('id').where('tenant_id', '=', tenant.id).execute();
    const received = await owner.selectFrom('audit_events').select('subject_id').where('tenant_id', '=', tenant.id).where('action', '=', 'contact.receive').execute();
    expect(new Set(received.map((r) => r.subject_id))).toEqual(new Set(contacts.map((c) => c.id)));
    expect((await verifyAuditChain(owner)).firstBreak).toBeNull();
    const job = await owner.selectFrom('notification_imports').select(['id', 'status', 'rows_processed', 'created']).orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    return { contacts: contacts.length, job };
  });
}

describe('killed with SIGKILL', { timeout: 600_000 }, () => {
  it('in the middle of an import: nothing half-written, the page says it stopped, and the same file again finishes it', async () => {
    const importing = startCli(['import-notifications', '--tenant', 'crash-la', csv], target.env);
    // Progress goes to standard error every two seconds when it is not a terminal.
    await within(240_000, 'the import to make progress', (async () => {
      while (!/\d+ rows/.test(importing.stderr())) {
        if (importing.child.exitCode !== null) throw new Error(`the import ended before it could be killed: ${importing.stderr()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    })());
    importing.child.kill('SIGKILL');
    const ended = await importing.exited;
    expect(ended.signal).toBe('SIGKILL');

    // The embedded database, not shut down, opens again; nothing is half-written.
    const after = await expectNothingHalfWritten();
    expect(after.job.status).toBe('running');
    // The job's counts are saved every few rows, so they may trail what was imported, never lead it.
    expect(after.job.created).toBeLessThanOrEqual(after.contacts);
    expect(after.contacts).toBeGreaterThan(0);
    expect(after.contacts).toBeLessThan(ROWS);

    // Once its heartbeat is old, the job's page says it stopped and how to finish.
    await withDatabase(target, async (db) => {
      await db.owner().updateTable('notification_imports').set({ updated_at: new Date(Date.now() - 10 * 60_000) }).where('id', '=', after.job.id).execute();
      const tenant = await db.owner().selectFrom('tenants').select('id').where('slug', '=', 'crash-la').executeTakeFirstOrThrow();
      const userRow = await db.owner().selectFrom('users').select('id').where('email', '=', 'mash@crash.test.invalid').executeTakeFirstOrThrow();
      const user = (await db.tenant(tenant.id, (trx) => loadUser(trx, userRow.id)))!;
      const view = await notificationImportService(db, contactsService(db)).job(user, after.job.id);
      expect(view).toMatchObject({ status: 'stopped', rowsProcessed: after.job.rows_processed });
    });

    // The same file again: the rows already imported are recognised, the rest imported, none twice.
    const again = await runCommand(['import-notifications', '--tenant', 'crash-la', csv], target.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`already held ${after.contacts.toLocaleString('en-GB')}`));
    const finished = await expectNothingHalfWritten();
    expect(finished.contacts).toBe(ROWS);
    expect(finished.job.status).toBe('finished');
  });

  it('in the middle of an upload: when the service is back the import carries on by itself, none twice, and its page says so', async () => {
    const password = 'a long passphrase for the crash test';
    const made = await runCommand(['create-user', '--tenant', 'crash-la', '--email', 'uploader@crash.test.invalid', '--name', 'Uploader', '--role', 'mash-worker', '--password', password], target.env);
    expect(made.code, made.stderr).toBe(0);
    const UPLOAD_ROWS = 300;
    const lines = readFileSync(join(projectDir, 'samples', 'police-notifications.csv'), 'utf8').split('\r\n');
    let file = `${lines[0]}\r\n`;
    for (let i = 0; i < UPLOAD_ROWS; i++) file += `${lines[1]!.replace('SAMPLE/2026/0101', `UPLOAD/2026/${i}`)}\r\n`;
    const uploaded = () => withDatabase(target, (db) => db.owner().selectFrom('contacts').select('id').where('reference', 'like', 'UPLOAD/%').execute());

    const first = await startServer();
    const browser = new CookieClient(first.url);
    await browser.signIn('uploader@crash.test.invalid', password);
    const form = new FormData();
    form.append('_csrf', await browser.csrfOf('/mash/import'));
    form.append('file', new Blob([file], { type: 'text/csv' }), 'upload.csv');
    const started = await browser.fetch('/mash/import', { method: 'POST', body: form });
    expect(started.status).toBe(303);
    const jobPage = started.headers.get('location') ?? '';
    expect(jobPage).toMatch(/^\/mash\/import\/[0-9a-f-]{36}$/);
    await within(240_000, 'the upload to make progress', (async () => {
      while (!/[1-9][\d,]* of 300 rows/.test(await (await browser.fetch(jobPage)).text())) await new Promise((r) => setTimeout(r, 200));
    })());
    first.server.child.kill('SIGKILL');
    await first.server.exited;

    const jobId = jobPage.split('/').at(-1)!;
    const stoppedAt = (await uploaded()).length;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(UPLOAD_ROWS);
    await withDatabase(target, async (db) => {
      const job = await db.owner().selectFrom('notification_imports').select(['status']).select((eb) => eb('file_data', 'is not', null).as('kept')).where('id', '=', jobId).executeTakeFirstOrThrow();
      expect(job).toEqual({ status: 'running', kept: true });
      // As if two minutes had passed since its last progress: a job that has stopped moving is carried on.
      await db.owner().updateTable('notification_imports').set({ updated_at: new Date(Date.now() - 10 * 60_000) }).where('id', '=', jobId).execute();
    });

    const second = await startServer();
    try {
      const again = new CookieClient(second.url);
      await again.signIn('uploader@crash.test.invalid', password);
      let page = '';
      await within(300_000, 'the import to carry on and finish', (async () => {
        while (!(page = await (await again.fetch(jobPage)).text()).includes('Police notifications imported')) await new Promise((r) => setTimeout(r, 500));
      })());
      expect(page).toContain('It carried on by itself at');
    } finally {
      second.server.child.kill('SIGTERM');
      await second.server.exited;
    }
    expect((await uploaded()).length).toBe(UPLOAD_ROWS);
    await withDatabase(target, async (db) => {
      const job = await db.owner().selectFrom('notification_imports').select(['status', 'rows_processed', 'resumed_count']).select((eb) => eb('file_data', 'is not', null).as('kept')).where('id', '=', jobId).executeTakeFirstOrThrow();
      expect(job).toEqual({ status: 'finished', rows_processed: UPLOAD_ROWS, resumed_count: 1, kept: false });
      const audited = await db.owner().selectFrom('audit_events').select('action').where('subject_id', '=', jobId).execute();
      expect(audited.map((a) => a.action)).toContain('contact.import-resume');
    });
    await expectNothingHalfWritten();
  });

  it('in the middle of a burst of writes through the API: every person has its audit event, and the chain verifies', async () => {
    const created = await runCommand(['create-api-client', '--tenant', 'crash-la', '--name', 'Burst', '--scopes', 'people:write,people:read'], target.env);
    expect(created.code, created.stderr).toBe(0);
    const token = /token: (\S+)/.exec(created.stdout)![1]!;
    const server = startCli(['serve', '--port', '0'], { ...target.env, HOST: '127.0.0.1', COOKIE_SECURE: 'false' });
    const [, port] = await within(120_000, 'the server to start', server.waitForStdout(/running at http:\/\/localhost:(\d+)/));
    let answered = 0;
    const writes = Array.from({ length: 80 }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/api/v1/people`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ givenName: `Burst${i}`, familyName: 'Writer' }),
      }).then(
        (res) => {
          if (res.status === 201 || res.status === 200) answered++;
          if (answered === 20) server.child.kill('SIGKILL');
        },
        () => undefined,
      ),
    );
    await Promise.all(writes);
    await server.exited;
    expect(answered).toBeGreaterThanOrEqual(20);
    await withDatabase(target, async (db) => {
      const owner = db.owner();
      const people = await owner.selectFrom('people').select('id').where('family_name', '=', 'Writer').execute();
      const audited = await owner.selectFrom('audit_events').select('subject_id').where('action', '=', 'person.create').execute();
      const ids = new Set(audited.map((a) => a.subject_id));
      for (const p of people) expect(ids.has(p.id)).toBe(true);
      expect(people.length).toBeGreaterThanOrEqual(20);
      expect((await verifyAuditChain(owner)).firstBreak).toBeNull();
    });
  });

  it('in the middle of a burst of reads: every read answered has its view recorded (written in batches), and the chain verifies', async () => {
    const created = await runCommand(['create-api-client', '--tenant', 'crash-la', '--name', 'Reader', '--scopes', 'people:read'], target.env);
    expect(created.code, created.stderr).toBe(0);
    const token = /token: (\S+)/.exec(created.stdout)![1]!;
    const { server, url } = await startServer();
    // Each read names a record of its own (none exists: the view is recorded before the answer, 404).
    const answered: string[] = [];
    const reads = Array.from({ length: 150 }, () => {
      const id = randomUUID();
      return fetch(`${url}/api/v1/people/${id}`, { headers: { authorization: `Bearer ${token}` } }).then(
        (res) => {
          if (res.status === 404) answered.push(id);
          if (answered.length === 40) server.child.kill('SIGKILL');
        },
        () => undefined,
      );
    });
    await Promise.all(reads);
    await server.exited;
    expect(answered.length).toBeGreaterThanOrEqual(40);
    await withDatabase(target, async (db) => {
      const owner = db.owner();
      const viewed = await owner.selectFrom('audit_events').select(['subject_id', 'seq']).where('action', '=', 'api.read').where('subject_type', '=', '/api/v1/people/:personId').execute();
      const recorded = new Set(viewed.map((v) => v.subject_id));
      expect(answered.filter((id) => !recorded.has(id))).toEqual([]);
      expect((await verifyAuditChain(owner)).firstBreak).toBeNull();
    });
  });
});

async function startServer(): Promise<{ server: ReturnType<typeof startCli>; url: string }> {
  const server = startCli(['serve', '--port', '0'], { ...target.env, HOST: '127.0.0.1', COOKIE_SECURE: 'false' });
  const [, port] = await within(120_000, 'the server to start', server.waitForStdout(/running at http:\/\/localhost:(\d+)/));
  return { server, url: `http://127.0.0.1:${port}` };
}
