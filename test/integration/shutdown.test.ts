import { existsSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../src/features/admin/demo-seed.js';
import { ROLES } from '../../src/platform/access/roles.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { cliDatabase, FIRST_RUN_TIMEOUT_MS, runCli, startCli, withDatabase, type CliDatabase, type CliProcess } from '../helpers/cli.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function get(url: string, cookie = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `name=value` pairs from Set-Cookie headers, ready for a Cookie header. */
function cookiesOf(headers: IncomingHttpHeaders): string {
  return (headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
}

/** Polls /health until it answers 200 (the test's own timeout bounds the wait). */
async function waitForHealth(base: string, server: CliProcess): Promise<void> {
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`The server stopped early:\n${server.stdout()}\n${server.stderr()}`);
    try {
      const health = await get(`${base}/health`);
      if (health.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Posts the sign-in form in two steps: the headers, with `Expect: 100-continue`; then, only after
 * `between` has run, the body. The server answers `100 Continue` when it has taken the request in,
 * so `between` runs while the request is certainly in flight and cannot yet have been answered.
 */
function signInAcrossShutdown(base: string, cookie: string, form: Record<string, string>, between: () => Promise<void>): Promise<Reply> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(`${base}/sign-in`, {
      method: 'POST',
      agent: false,
      headers: {
        cookie,
        connection: 'close',
        expect: '100-continue',
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
      },
    });
    req.on('continue', () => {
      between().then(() => req.end(body), reject);
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

describe('serve: graceful shutdown on SIGTERM', { timeout: 180_000 }, () => {
  let target: CliDatabase;

  beforeAll(async () => {
    target = await cliDatabase({ migrated: true });
    // Builds dist/ if needed, so the test below times only the server.
    const help = await runCli(['--help']);
    expect(help.code, help.stderr).toBe(0);
  }, FIRST_RUN_TIMEOUT_MS);
  afterAll(() => target?.cleanup());

  it('finishes the request in flight, checkpoints and closes the database, releases the folder, and exits 0', async () => {
    const server = startCli(['serve', '--port', '0', '--data-dir', target.dataDir], { ...target.env, HOST: '127.0.0.1', COOKIE_SECURE: 'false' });
    try {
      const [, port] = await server.waitForStdout(/running at http:\/\/localhost:(\d+)/);
      const base = `http://127.0.0.1:${port}`;
      await waitForHealth(base, server);
      expect(server.stdout()).toContain('First run: created the demo tenant');
      const lockFile = join(target.dataDir, 'wraparound.lock');
      if (target.kind === 'pglite') expect(existsSync(lockFile)).toBe(true);

      const signInPage = await get(`${base}/sign-in`);
      expect(signInPage.status).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)?.[1];
      expect(csrf).toBeTruthy();

      const response = await signInAcrossShutdown(
        base,
        cookiesOf(signInPage.headers),
        { _csrf: csrf!, email: demoEmail('admin'), password: DEMO_PASSWORD, returnTo: '/' },
        async () => {
          server.child.kill('SIGTERM');
          await server.waitForStdout(/SIGTERM: finishing requests in progress/);
        },
      );
      // The sign-in that was in flight when the signal came was answered in full.
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/');
      expect(cookiesOf(response.headers)).toMatch(/wa_session=/);

      const exit = await server.exited;
      expect(exit.stderr).toBe('');
      expect(exit.signal).toBeNull();
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('SIGTERM: finishing requests in progress, then closing the database');
      if (target.kind === 'pglite') expect(existsSync(lockFile)).toBe(false);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    }

    // Reopening shows everything written before and during the shutdown, checkpointed and intact.
    await withDatabase(target, async (db) => {
      const owner = db.owner();
      const demo = await owner.selectFrom('tenants').select(['id', 'name']).where('slug', '=', 'demo').executeTakeFirstOrThrow();
      const users = await owner.selectFrom('users').select(['id', 'email']).where('tenant_id', '=', demo.id).execute();
      expect(users.map((u) => u.email).sort()).toEqual(ROLES.map(demoEmail).sort());
      const admin = users.find((u) => u.email === demoEmail('admin'))!;
      const sessions = await owner.selectFrom('sessions').select('user_id').where('tenant_id', '=', demo.id).execute();
      expect(sessions).toEqual([{ user_id: admin.id }]);
      const signIns = await owner.selectFrom('audit_events').select('actor_id').where('tenant_id', '=', demo.id).where('action', '=', 'session.sign-in').execute();
      expect(signIns).toEqual([{ actor_id: admin.id }]);
      expect((await verifyAuditChain(owner)).firstBreak).toBeNull();
    });
  });
});
