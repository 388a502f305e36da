import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Schema } from '../../src/platform/db/schema.js';
import { onPostgres, testDatabase, type TestDatabase } from '../helpers/database.js';

/** Lets pending callbacks and a few macrotasks run: long enough for a query that is free to run to finish. */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

interface ProbeSchema extends Schema {
  dialect_probe: { n: number; label: string };
}

// PGlite has one connection, so these guarantees come from our dialect's mutex. PostgreSQL gives each
// transaction its own pooled connection and its own isolation, so there is nothing of ours to test there.
describe.skipIf(onPostgres)('PGlite dialect (one connection, one mutex) — skipped on PostgreSQL: the pool isolates transactions there', () => {
  let database: TestDatabase;
  let db: Database;
  let owner: Kysely<ProbeSchema>;

  async function count(q: Kysely<ProbeSchema> = owner): Promise<number> {
    const row = await q.selectFrom('dialect_probe').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  beforeAll(async () => {
    database = await testDatabase();
    db = database.db;
    owner = db.owner() as unknown as Kysely<ProbeSchema>;
    await sql`create table dialect_probe (n integer not null, label text not null)`.execute(owner);
  });
  afterAll(() => database?.cleanup());

  it('never interleaves two concurrent transactions: the second starts after the first commits and sees its row', async () => {
    await sql`truncate dialect_probe`.execute(owner);
    const log: string[] = [];
    const first = owner.transaction().execute(async (trx) => {
      log.push('1 begin');
      await trx.insertInto('dialect_probe').values({ n: 1, label: 'first' }).execute();
      log.push('1 inserted');
      await turns();
      log.push('1 committing');
    });
    const second = owner.transaction().execute(async (trx) => {
      log.push('2 begin');
      log.push(`2 counted ${await count(trx)}`);
    });
    await Promise.all([first, second]);
    expect(log).toEqual(['1 begin', '1 inserted', '1 committing', '2 begin', '2 counted 1']);
  });

  it('never lets another transaction or query see uncommitted rows', async () => {
    await sql`truncate dialect_probe`.execute(owner);
    const log: string[] = [];
    const first = owner.transaction().execute(async (trx) => {
      await trx.insertInto('dialect_probe').values({ n: 1, label: 'uncommitted' }).execute();
      log.push('1 inserted');
      await turns();
      log.push('1 failing');
      throw new Error('first transaction fails');
    });
    const plainQuery = count().then((n) => log.push(`query counted ${n}`));
    const second = owner.transaction().execute(async (trx) => {
      log.push(`2 counted ${await count(trx)}`);
    });
    await expect(first).rejects.toThrow('first transaction fails');
    await Promise.all([plainQuery, second]);
    expect(log).toEqual(['1 inserted', '1 failing', 'query counted 0', '2 counted 0']);
  });

  it('holds a plain query back while an owner session holds the connection', async () => {
    await sql`truncate dialect_probe`.execute(owner);
    const session = await db.ownerSession();
    let answered = false;
    const query = count().then((n) => {
      answered = true;
      return n;
    });
    try {
      await session.exec(`insert into dialect_probe values (1, 'from session')`);
      await turns();
      expect(answered).toBe(false);
      expect(db.stats().waiting).toBeGreaterThanOrEqual(1);
    } finally {
      await session.release();
    }
    expect(await query).toBe(1);
  });

  it('rolls back a failing transaction and releases the mutex, so the next one runs on a clean connection', async () => {
    await sql`truncate dialect_probe`.execute(owner);
    const failing = owner.transaction().execute(async (trx) => {
      await trx.insertInto('dialect_probe').values({ n: 1, label: 'rolled back' }).execute();
      await sql`select no_such_column from dialect_probe`.execute(trx);
    });
    const next = owner.transaction().execute(async (trx) => {
      await trx.insertInto('dialect_probe').values({ n: 2, label: 'kept' }).execute();
      return (await trx.selectFrom('dialect_probe').select('label').execute()).map((r) => r.label);
    });
    await expect(failing).rejects.toThrow(/no_such_column/);
    expect(await next).toEqual(['kept']);
    expect(await count()).toBe(1);
    expect(db.stats()).toEqual({ total: 1, idle: 1, waiting: 0, replicaLagMs: null });
  });

  it('returns to the owner role after a tenant transaction, even one that failed', async () => {
    const tenant = await tenantService(db).createTenant('dialect-role', 'Dialect council');
    const currentUser = async (q: Kysely<Schema>) => (await sql<{ u: string }>`select current_user as u`.execute(q)).rows[0]?.u;
    const ownerRole = await currentUser(db.owner());
    expect(ownerRole).not.toBe('wraparound_app');
    const inside = db.tenant(tenant.id, (trx) => currentUser(trx));
    const failed = db.tenant(tenant.id, async (trx) => {
      await sql`select 1 / 0`.execute(trx);
    });
    const after = currentUser(db.owner());
    expect(await inside).toBe('wraparound_app');
    await expect(failed).rejects.toThrow(/division by zero/);
    expect(await after).toBe(ownerRole);
    const setting = await sql<{ t: string | null }>`select current_setting('app.tenant_id', true) as t`.execute(db.owner());
    expect(setting.rows[0]?.t ?? '').toBe('');
  });

  it('completes many concurrent queries and transactions, each seeing a consistent state', async () => {
    await sql`truncate dialect_probe`.execute(owner);
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      if (i % 3 === 0) {
        jobs.push(
          owner.transaction().execute(async (trx) => {
            await trx.insertInto('dialect_probe').values({ n: i, label: 'a' }).execute();
            await turns(1);
            await trx.insertInto('dialect_probe').values({ n: i, label: 'b' }).execute();
          }),
        );
      } else if (i % 3 === 1) {
        // Rows come in pairs inside one transaction: any reader that sees an odd count saw half a transaction.
        jobs.push(count().then((n) => expect(n % 2).toBe(0)));
      } else {
        jobs.push(db.anonymous(async (trx) => expect((await sql<{ u: string }>`select current_user as u`.execute(trx)).rows).toEqual([{ u: 'wraparound_app' }])));
        jobs.push(sql`select ${i}::int as i`.execute(owner).then((r) => expect(r.rows).toEqual([{ i }])));
      }
    }
    await Promise.all(jobs);
    expect(await count()).toBe(40);
    expect(db.stats().waiting).toBe(0);
  });
});
