import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { EmbeddedDatabaseRestarted, EmbeddedDatabaseStalled } from '../../src/platform/db/embedded-client.js';
import { SIMULATE_TRAP } from '../../src/platform/db/embedded-protocol.js';
import { isDatabaseOutage } from '../../src/platform/http/plugins/errors.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { cliEnv, projectDir } from '../helpers/cli.js';
import { onPostgres, testDatabase, within, type TestDatabase } from '../helpers/database.js';

// The time limit on each embedded query, and the time limit on the embedded database, are PGlite's:
// PostgreSQL runs in its own process, where statement timeouts and the pool's limits already apply.
describe.skipIf(onPostgres)('an embedded database that stops answering (skipped on PostgreSQL: PGlite only)', () => {
  describe('in the server', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ database: await testDatabase({ embeddedQueryTimeoutMs: 2_000 }) });
    });
    afterAll(() => t?.close());

    it('fails a query past the time limit with a clear error, then /health answers 503 with the reason and every query fails at once', async () => {
      const healthy = await t.app.inject({ method: 'GET', url: '/health' });
      expect(healthy.statusCode).toBe(200);
      expect(healthy.json()).toEqual({ status: 'ok', database: 'pglite' });

      const stalled = await within(20_000, 'a query past the time limit', sql`select pg_sleep(60)`.execute(t.db.owner()).then(() => null, (error: unknown) => error));
      expect(stalled).toBeInstanceOf(EmbeddedDatabaseStalled);
      expect((stalled as Error).message).toBe('The embedded database stopped answering: a query ran past the 2 s limit (EMBEDDED_QUERY_TIMEOUT_SECONDS)');
      expect(isDatabaseOutage(stalled)).toBe(true);

      const health = await within(10_000, '/health', t.app.inject({ method: 'GET', url: '/health' }));
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({
        status: 'unavailable',
        database: 'pglite',
        reason: 'The embedded database stopped answering: a query ran past the 2 s limit (EMBEDDED_QUERY_TIMEOUT_SECONDS)',
      });

      const later = await within(5_000, 'a query after the stall', tenantService(t.db).createTenant('after-stall', 'After').then(() => null, (error: unknown) => error));
      expect(later).toBeInstanceOf(EmbeddedDatabaseStalled);

      const api = await within(5_000, 'a request after the stall', t.app.inject({ method: 'GET', url: '/api/v1/people?name=Demo', headers: { authorization: 'Bearer wa_not-a-real-token' } }));
      expect(api.statusCode).toBe(503);

      // Closing ends the wedged worker and says the database was not checkpointed.
      await expect(within(10_000, 'closing the stalled database', t.db.close())).rejects.toThrow(
        'The embedded database stopped answering: a query ran past the 2 s limit (EMBEDDED_QUERY_TIMEOUT_SECONDS); it was ended without a checkpoint',
      );
    });
  });

  describe('after Postgres traps inside WebAssembly (a fault in PGlite, simulated)', () => {
    let test: TestDatabase;
    let db: TestDatabase['db'];
    beforeAll(async () => {
      test = await testDatabase();
      db = test.db;
    });
    afterAll(() => test?.cleanup());

    it('opens the database again from its files and runs the lost transaction again from the start, keeping nothing of the first try', async () => {
      const tenant = await tenantService(db).createTenant('trap-tenant', 'Trap Borough Council');
      let attempts = 0;
      const name = await within(30_000, 'a transaction over a trap', db.tenant(tenant.id, async (trx) => {
        attempts++;
        await trx.insertInto('teams').values({ tenant_id: tenant.id, name: `Team of try ${attempts}` }).execute();
        if (attempts === 1) await sql.raw(SIMULATE_TRAP).execute(trx);
        return (await trx.selectFrom('tenants').select('name').where('id', '=', tenant.id).executeTakeFirstOrThrow()).name;
      }));
      expect(name).toBe('Trap Borough Council');
      expect(attempts).toBe(2);
      const teams = await db.tenant(tenant.id, (trx) => trx.selectFrom('teams').select('name').execute());
      expect(teams.map((team) => team.name)).toEqual(['Team of try 2']);
      expect(db.problem()).toBeNull();
    });

    it('fails a query outside a transaction with the reason, and answers the next one', async () => {
      const failed = await sql.raw(SIMULATE_TRAP).execute(db.owner()).then(() => null, (error: unknown) => error);
      expect(failed).toBeInstanceOf(EmbeddedDatabaseRestarted);
      expect((failed as Error).message).toContain('The embedded database failed and was stopped: simulated trap; it was opened again');
      const after = await within(30_000, 'a query after the trap', sql<{ one: number }>`select 1 as one`.execute(db.owner()));
      expect(after.rows).toEqual([{ one: 1 }]);
    });
  });

  describe('in a served process', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await testDatabase();
      await database.db.close(); // the child process opens the folder
    });
    afterAll(() => database?.cleanup());

    it('answers /health with 503 and the reason, and stops on SIGTERM, while its embedded database is stalled', async () => {
      if (database.config.kind !== 'pglite') throw new Error('PGlite only');
      const child = spawn(process.execPath, ['--import', 'tsx', join(projectDir, 'test', 'fixtures', 'stalled-server.ts')], {
        cwd: projectDir,
        env: cliEnv({ WRAPAROUND_DATA_DIR: database.config.dataDir, EMBEDDED_QUERY_TIMEOUT_SECONDS: '3', COOKIE_SECURE: 'false' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      try {
        const base = await within(60_000, 'the server starting', (async () => {
          for (;;) {
            const m = /listening at (http:\/\/\S+)\n[\s\S]*stalled/.exec(stdout);
            if (m) return m[1]!;
            if (child.exitCode !== null) throw new Error(`the server stopped early:\n${stdout}\n${stderr}`);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        })());

        // The HTTP thread still answers while the database's worker is busy; once the query passes
        // the limit, /health says so.
        const health = await within(30_000, '/health reporting the stall', (async () => {
          for (;;) {
            const res = await fetch(`${base}/health`);
            const body = (await res.json()) as { status: string; reason?: string };
            if (res.status === 503) return body;
            expect(res.status).toBe(200);
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        })());
        expect(health).toEqual({
          status: 'unavailable',
          database: 'pglite',
          reason: 'The embedded database stopped answering: a query ran past the 3 s limit (EMBEDDED_QUERY_TIMEOUT_SECONDS)',
        });

        child.kill('SIGTERM');
        const code = await within(20_000, 'the server stopping on SIGTERM', exited);
        expect(stdout).toContain('SIGTERM: finishing requests in progress, then closing the database');
        // It could not checkpoint a database that had stopped answering, and says so.
        expect(code).toBe(1);
        expect(stderr).toContain('SIGTERM: the database did not close cleanly: The embedded database stopped answering');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  });
});
