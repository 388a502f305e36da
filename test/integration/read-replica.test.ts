import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleService } from '../../src/features/people/service.js';
import { loadUser } from '../../src/platform/auth/current-user.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { mayReadFromReplica } from '../../src/platform/db/read-replica.js';
import { paths } from '../../src/platform/http/paths.js';
import { createServer } from '../../src/server.js';
import { createTestTenant, signedIn, testConfig, type TestTenant } from '../helpers/app.js';
import { onPostgres, testDatabase, within, type TestDatabase } from '../helpers/database.js';
import { startReplica, type Replica } from '../helpers/replica.js';

// Issue 12, point 7: signed-in pages read from a streaming replica of the CI PostgreSQL (started
// here with pg_basebackup on a port of its own), never a person's own change seeming lost, and never
// a replica further behind than allowed. The replica's replay is paused to make it visibly behind:
// a page showing the old value was read from the replica, the new value from the primary.

const ORIGINAL = 'Replicaoriginal';
const CHANGED = 'Replicachanged';

let database: TestDatabase;
let tenant: TestTenant;
let replica: Replica;
let replicaOwner: pg.Client;
const opened: { app: FastifyInstance; db: Database }[] = [];
let personId: string;

/** A server on the test database whose pages' reads go to the replica while it is at most `maxLagSeconds` behind. */
async function serverWithReplica(maxLagSeconds: number): Promise<{ app: FastifyInstance; db: Database }> {
  if (database.config.kind !== 'postgres') throw new Error('PostgreSQL only');
  const config = { ...testConfig(), database: { ...database.config, readAppUrl: replica.on(database.config.appUrl), replicaMaxLagMs: maxLagSeconds * 1000 } };
  const db = await openDatabase(config.database);
  const { app } = await createServer(config, db, { logger: false });
  await app.ready();
  opened.push({ app, db });
  await waitFor('the replica to be caught up', () => db.stats().replicaLagMs === 0);
  return { app, db };
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  await within(60_000, what, (async () => {
    while (!(await check())) await new Promise((r) => setTimeout(r, 100));
  })());
}

async function familyNameOnPrimary(): Promise<string> {
  const row = await database.db.owner().selectFrom('people').select('family_name').where('id', '=', personId).executeTakeFirstOrThrow();
  return row.family_name;
}

async function pageViewsOnPrimary(): Promise<number> {
  const rows = await database.db.owner().selectFrom('audit_events').select('id').where('action', '=', 'page.view').where('subject_id', '=', personId).execute();
  return rows.length;
}

describe.runIf(onPostgres)('a read replica (APP_READ_DATABASE_URL)', () => {
  beforeAll(async () => {
    database = await testDatabase();
    tenant = await createTestTenant(database.db);
    const manager = await database.db.tenant(tenant.id, (trx) => loadUser(trx, tenant.users['team-manager'].id));
    const created = await peopleService(database.db).create({ kind: 'user', user: manager! }, { givenName: 'Rowan', familyName: ORIGINAL, dateOfBirth: '1984-03-02' }, randomUUID());
    personId = created.id;
    replica = await startReplica(process.env.DATABASE_URL!);
    if (database.config.kind !== 'postgres') throw new Error('PostgreSQL only');
    replicaOwner = new pg.Client({ connectionString: replica.on(database.config.ownerUrl) });
    await replicaOwner.connect();
  }, 240_000);

  afterAll(async () => {
    for (const { app, db } of opened) {
      await app.close();
      await db.close();
    }
    await replicaOwner?.end();
    await replica?.stop();
    await database?.cleanup();
  }, 120_000);

  it('serves pages from the replica, writes their views on the primary, and shows a person their own change at once', async () => {
    const { app } = await serverWithReplica(300);
    const manager = await signedIn(app, tenant.users['team-manager'].email);
    const worker = await signedIn(app, tenant.users['mash-worker'].email);
    expect((await manager.get(paths.people.person(personId))).body).toContain(ORIGINAL);

    try {
      // The replica stops applying what the primary writes, and the manager renames the person through the form.
      await replicaOwner.query('select pg_wal_replay_pause()');
      const form = await manager.get(paths.people.edit(personId));
      const version = /name="version" value="(\d+)"/.exec(form.body)?.[1];
      expect(version).toBeDefined();
      const fields: Record<string, string> = { version: version!, givenName: 'Rowan', familyName: CHANGED, otherNames: '', 'dateOfBirth-day': '2', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1984', sex: '', gender: '', ethnicity: '', firstLanguage: '', interpreterNeeded: 'no', interpreterSex: '', disability: '', send: 'no', immigrationStatus: '', noRecourseToPublicFunds: 'no', nhsNumber: '' };
      const saved = await manager.post(paths.people.edit(personId), fields);
      expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
      expect(await familyNameOnPrimary()).toBe(CHANGED);
      expect(Object.keys(manager.cookies)).toContain('wa_changed');

      // The manager sees their change at once (read from the primary)...
      expect((await manager.get(paths.people.person(personId))).body).toContain(CHANGED);
      // ...while someone who changed nothing is served by the replica, still behind; and that view is recorded on the primary.
      const viewsBefore = await pageViewsOnPrimary();
      const seen = await worker.get(paths.people.person(personId));
      expect(seen.statusCode).toBe(200);
      expect(seen.body).toContain(ORIGINAL);
      expect(seen.body).not.toContain(CHANGED);
      expect(await pageViewsOnPrimary()).toBe(viewsBefore + 1);
    } finally {
      await replicaOwner.query('select pg_wal_replay_resume()');
    }
    // Once the replica catches up, everyone sees the change.
    await waitFor('the replica to replay the change', async () => (await worker.get(paths.people.person(personId))).body.includes(CHANGED));
  });

  it('stops reading from a replica that falls further behind than READ_REPLICA_MAX_LAG_SECONDS, and uses it again once it has caught up', async () => {
    const { app, db } = await serverWithReplica(1);
    const worker = await signedIn(app, tenant.users['mash-worker'].email);
    await replicaOwner.query('select pg_wal_replay_pause()');
    try {
      await database.db.owner().updateTable('people').set({ family_name: ORIGINAL }).where('id', '=', personId).execute();
      await waitFor('the replica to count as behind', () => (db.stats().replicaLagMs ?? 0) > 1000);
      const page = await worker.get(paths.people.person(personId));
      expect(page.body).toContain(ORIGINAL); // the primary's value: the replica still has CHANGED
      expect(page.body).not.toContain(CHANGED);
    } finally {
      await replicaOwner.query('select pg_wal_replay_resume()');
    }
    await waitFor('the replica to catch up', () => db.stats().replicaLagMs === 0);
  });

  it('runs work the replica refuses (a write) again on the primary, with nothing kept from the first try', async () => {
    const { db } = opened[0]!;
    const name = await mayReadFromReplica(() =>
      db.tenant(tenant.id, async (trx) => {
        await trx.updateTable('people').set({ family_name: 'Writtenonprimary' }).where('id', '=', personId).execute();
        return 'done';
      }),
    );
    expect(name).toBe('done');
    expect(await familyNameOnPrimary()).toBe('Writtenonprimary');
  });
});
