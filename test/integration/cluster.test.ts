import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../helpers/app.js';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, runCli, runCommand, startCli, type CliDatabase, type CliProcess } from '../helpers/cli.js';
import { onPostgres, within } from '../helpers/database.js';

// Issue 12, point 5: with PostgreSQL, WEB_PROCESSES runs that many server processes on one port.
// Node hands each new connection to the next process in turn, so a run of requests each on a
// connection of its own reaches every process: a session made by one works on the others, and the
// per-minute limit on sign-in posts is one count shared by all of them (it is kept in the database).

interface Answer {
  status: number;
  setCookies: string[];
  location: string | undefined;
  body: string;
}

/** One request on a connection of its own (no keep-alive), so that the cluster hands it to the next process. */
function freshRequest(url: string, options: { method?: string; cookie?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: {
          connection: 'close',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookies: res.headers['set-cookie'] ?? [], location: res.headers.location, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function cookieHeader(setCookies: string[]): string {
  return setCookies.map((line) => line.split(';')[0]).join('; ');
}

/** The sign-in form's cookie and CSRF token, fetched on a connection of its own. */
async function signInForm(base: string): Promise<{ cookie: string; csrf: string }> {
  const page = await freshRequest(`${base}/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('no CSRF token on the sign-in page');
  return { cookie: cookieHeader(page.setCookies), csrf };
}

function childPids(parent: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(parent)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

async function waitFor(what: string, check: () => boolean): Promise<void> {
  await within(60_000, what, (async () => {
    while (!check()) await new Promise((r) => setTimeout(r, 100));
  })());
}

describe.runIf(!onPostgres)('WEB_PROCESSES on the embedded database', () => {
  it('is refused with the reason, before anything starts', async () => {
    const target = await cliDatabase();
    try {
      const result = await runCli(['serve', '--port', '0'], { ...target.env, WEB_PROCESSES: '2' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('WEB_PROCESSES=2 needs PostgreSQL (DATABASE_URL)');
      expect(result.stdout).not.toContain('running at');
    } finally {
      await target.cleanup();
    }
  }, FIRST_RUN_TIMEOUT_MS);
});

describe.runIf(onPostgres)('WEB_PROCESSES=2 on PostgreSQL', () => {
  let target: CliDatabase;
  let server: CliProcess;
  let base: string;
  const email = 'cluster.worker@cluster.test.invalid';

  beforeAll(async () => {
    target = await cliDatabase({ migrated: true });
    for (const args of [
      ['migrate'],
      ['create-tenant', '--slug', 'cluster-la', '--name', 'Cluster Council'],
      ['create-user', '--tenant', 'cluster-la', '--email', email, '--name', 'Cluster Worker', '--role', 'mash-worker', '--password', TEST_PASSWORD],
    ]) {
      const result = await runCommand(args, target.env);
      expect(result.code, result.stderr).toBe(0);
    }
    // No SESSION_SECRET: the first process chooses one and hands it to each server process.
    server = startCli(['serve', '--port', '0'], { ...target.env, HOST: '127.0.0.1', COOKIE_SECURE: 'false', WEB_PROCESSES: '2', SIGN_IN_RATE_LIMIT_PER_MINUTE: '3', SESSION_SECRET: undefined });
    const [, port] = await within(120_000, 'the cluster to start', server.waitForStdout(/running at http:\/\/localhost:(\d+) \(database: PostgreSQL; 2 processes\)/));
    base = `http://127.0.0.1:${port}`;
  }, FIRST_RUN_TIMEOUT_MS);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await target?.cleanup();
  });

  it('runs two server processes under the first', () => {
    expect(childPids(server.child.pid!)).toHaveLength(2);
  });

  it('keeps a session working whichever process answers', async () => {
    const form = await signInForm(base);
    const signedIn = await freshRequest(`${base}/sign-in`, { method: 'POST', cookie: form.cookie, form: { _csrf: form.csrf, email, password: TEST_PASSWORD, returnTo: '/' } });
    expect(signedIn.status, signedIn.body.slice(0, 300)).toBe(303);
    const session = cookieHeader(signedIn.setCookies);
    const answers = await Promise.all(Array.from({ length: 12 }, () => freshRequest(`${base}/`, { cookie: session })));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    for (const a of answers) expect(a.body).toContain('Cluster Worker');
  });

  it('counts the sign-in limit once for every process: the 4th post in a minute is refused, whichever process has it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const form = await signInForm(base);
      const tried = await freshRequest(`${base}/sign-in`, { method: 'POST', cookie: form.cookie, form: { _csrf: form.csrf, email, password: 'not the password' } });
      statuses.push(tried.status);
    }
    // The first post in this file's minute was the sign-in above; with a count per process there would be no 429 yet.
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.slice(2)).toEqual([429, 429]);
  });

  it('replaces a server process that dies, and stops every process on SIGTERM', async () => {
    const [first] = childPids(server.child.pid!);
    process.kill(first!, 'SIGKILL');
    await waitFor('a new server process', () => {
      const now = childPids(server.child.pid!);
      return now.length === 2 && !now.includes(first!);
    });
    for (let i = 0; i < 4; i++) expect((await freshRequest(`${base}/sign-in`)).status).toBe(200);
    const workers = childPids(server.child.pid!);
    server.child.kill('SIGTERM');
    const ended = await within(60_000, 'the cluster to stop', server.exited);
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stderr).toContain('stopped (SIGKILL); starting another');
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
