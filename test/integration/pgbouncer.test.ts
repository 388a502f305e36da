import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { paths } from '../../src/platform/http/paths.js';
import { createServer } from '../../src/server.js';
import { createTestTenant, signedIn, testConfig, type TestTenant } from '../helpers/app.js';
import { onPostgres, testDatabase, type TestDatabase } from '../helpers/database.js';
import { startPgbouncer, type Pgbouncer } from '../helpers/pgbouncer.js';

// Issue 12, point 7: the application's connections through pgbouncer in transaction pooling mode.
// pgbouncer hands each transaction whichever server connection is free, so anything a connection
// kept between transactions (a tenant or role set for the session, a prepared statement, a session
// lock) would reach the next tenant's request or be lost. Here two councils' requests run at once
// through pgbouncer allowed only two server connections, behind a pool of ten.

const SERVER_CONNECTIONS = 2;

let database: TestDatabase;
let bouncer: Pgbouncer;
let db: Database;
let app: FastifyInstance;
const councils: { tenant: TestTenant; personId: string; familyName: string }[] = [];

async function serverConnectionsOfApp(): Promise<number> {
  const result = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and usename = 'wraparound_app'`.execute(database.db.owner());
  return Number(result.rows[0]!.n);
}

describe.runIf(onPostgres)('the server behind pgbouncer in transaction mode', () => {
  beforeAll(async () => {
    database = await testDatabase();
    if (database.config.kind !== 'postgres') throw new Error('PostgreSQL only');
    const name = new URL(database.config.ownerUrl).pathname.slice(1);
    bouncer = await startPgbouncer(process.env.DATABASE_URL!, { databases: [name], users: ['wraparound_app'], serverConnections: SERVER_CONNECTIONS });
    const config = { ...testConfig(), database: { ...database.config, appUrl: bouncer.through(database.config.appUrl), poolSize: 10 } };
    db = await openDatabase(config.database);
    ({ app } = await createServer(config, db, { logger: false }));
    await app.ready();
    for (const familyName of ['Bouncerfirst', 'Bouncersecond']) {
      const tenant = await createTestTenant(db);
      const manager = await db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['team-manager'].id));
      const person = await peopleService(db).create({ kind: 'user', user: manager! }, { givenName: 'Robin', familyName, dateOfBirth: '1986-07-14' }, randomUUID());
      councils.push({ tenant, personId: person.id, familyName });
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await bouncer?.stop();
    await database?.cleanup();
  }, 60_000);

  it('keeps each council to its own records when their requests share two server connections', async () => {
    const [first, second] = councils as [(typeof councils)[0], (typeof councils)[0]];
    const workers = [await signedIn(app, first.tenant.users['mash-worker'].email), await signedIn(app, second.tenant.users['mash-worker'].email)];
    const requests = Array.from({ length: 40 }, async (_, i) => {
      const me = i % 2;
      const own = councils[me]!;
      const other = councils[1 - me]!;
      const page = await workers[me]!.get(paths.people.person(i % 4 < 2 ? own.personId : other.personId));
      return { own, other, asksForOwn: i % 4 < 2, page };
    });
    for (const { own, other, asksForOwn, page } of await Promise.all(requests)) {
      if (asksForOwn) {
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain(own.familyName);
      } else {
        expect(page.statusCode).toBe(404);
      }
      expect(page.body).not.toContain(other.familyName);
    }
    // The pool opened more connections than pgbouncer gave the server: they were shared.
    expect(db.stats().total).toBeGreaterThan(SERVER_CONNECTIONS);
    expect(await serverConnectionsOfApp()).toBeLessThanOrEqual(SERVER_CONNECTIONS);
  });

  it('writes from both councils at once, each with its audit events, and the chain verifies', async () => {
    const writes = councils.flatMap(({ tenant }) =>
      Array.from({ length: 10 }, async (_, i) => {
        const manager = await db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['team-manager'].id));
        return peopleService(db).create({ kind: 'user', user: manager! }, { givenName: `Sam${i}`, familyName: 'Bouncerwrite', dateOfBirth: '2012-01-09' }, randomUUID());
      }),
    );
    await Promise.all(writes);
    for (const { tenant } of councils) {
      const made = await database.db.owner().selectFrom('people').select('id').where('tenant_id', '=', tenant.id).where('family_name', '=', 'Bouncerwrite').execute();
      expect(made).toHaveLength(10);
    }
    const verified = await verifyAuditChain(database.db.owner());
    expect(verified.firstBreak).toBeNull();
    expect(verified.tenantsChecked).toBeGreaterThanOrEqual(2);
    expect(await serverConnectionsOfApp()).toBeLessThanOrEqual(SERVER_CONNECTIONS);
  });
});
