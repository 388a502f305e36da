import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminService } from '../../src/features/admin/service.js';
import { tenantService } from '../../src/features/admin/tenants.js';
import { AuditWriteError, recordAudit, type AuditEntry } from '../../src/platform/audit/audit-log.js';
import { GENESIS_HASH } from '../../src/platform/audit/chain.js';
import { AuditVerifyError, verifyAuditChain } from '../../src/platform/audit/verify.js';
import type { Database } from '../../src/platform/db/database.js';
import type { AuditEventRow } from '../../src/platform/db/schema.js';
import { tamperWithAudit } from '../helpers/audit.js';
import { signedIn, startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

let t: TestApp;
let db: Database;

async function newTenant(label: string): Promise<string> {
  const tenant = await tenantService(db).createTenant(`audit-${label}-${randomBytes(3).toString('hex')}`, `Audit council ${label}`);
  return tenant.id;
}

function entry(action: string, details: Record<string, unknown> = {}): AuditEntry {
  return { actorType: 'system', actorId: null, action, subjectType: 'test', subjectId: null, details };
}

function record(tenantId: string, action: string, details: Record<string, unknown> = {}): Promise<void> {
  return db.tenant(tenantId, (trx) => recordAudit(trx, tenantId, entry(action, details)));
}

function chainOf(tenantId: string): Promise<AuditEventRow[]> {
  return db.owner().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
}

const tamper = (statements: [string, unknown[]?][]) => tamperWithAudit(db, statements);

async function ownerExec(statement: string): Promise<void> {
  const session = await db.ownerSession();
  try {
    await session.exec(statement);
  } finally {
    await session.release();
  }
}

beforeAll(async () => {
  t = await startTestApp();
  db = t.db;
});
afterAll(() => t.close());

describe('the audit chain', () => {
  it('numbers and links each tenant’s events independently', async () => {
    const a = await newTenant('a');
    const b = await newTenant('b');
    for (const [tenant, action] of [
      [a, 'one'],
      [b, 'one'],
      [a, 'two'],
      [a, 'three'],
      [b, 'two'],
    ] as const) {
      await record(tenant, `test.${action}`, { step: action });
    }
    const chainA = await chainOf(a);
    const chainB = await chainOf(b);
    expect(chainA.map((e) => [String(e.seq), e.action])).toEqual([
      ['1', 'tenant.create'],
      ['2', 'test.one'],
      ['3', 'test.two'],
      ['4', 'test.three'],
    ]);
    expect(chainB.map((e) => [String(e.seq), e.action])).toEqual([
      ['1', 'tenant.create'],
      ['2', 'test.one'],
      ['3', 'test.two'],
    ]);
    for (const chain of [chainA, chainB]) {
      expect(chain[0]!.prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < chain.length; i++) expect(chain[i]!.prev_hash).toBe(chain[i - 1]!.hash);
      expect(new Set(chain.map((e) => e.hash)).size).toBe(chain.length);
    }
    expect(await verifyAuditChain(db.owner(), { tenantId: a })).toMatchObject({ tenantsChecked: 1, eventsChecked: 4, firstBreak: null });
  });

  it('is written in the same transaction as the change: a rolled-back action leaves no event', async () => {
    const tenant = await newTenant('rollback');
    await expect(
      db.tenant(tenant, async (trx) => {
        await recordAudit(trx, tenant, entry('test.rolled-back'));
        throw new Error('the action failed after its audit was written');
      }),
    ).rejects.toThrow('the action failed');
    expect((await chainOf(tenant)).map((e) => e.action)).toEqual(['tenant.create']);
  });

  it('stays gap-free and valid when many events are recorded at once', async () => {
    const tenant = await newTenant('busy');
    await Promise.all(Array.from({ length: 20 }, (_, i) => record(tenant, 'test.concurrent', { i })));
    const chain = await chainOf(tenant);
    expect(chain.map((e) => Number(e.seq))).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(chain.filter((e) => e.action === 'test.concurrent').map((e) => (e.details as { i: number }).i).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toBeNull();
  });

  it('hashes details exactly as they are stored (dates, undefined, nested objects)', async () => {
    const tenant = await newTenant('details');
    await record(tenant, 'test.details', {
      at: new Date('2024-03-31T01:30:00.000Z'),
      list: [1, undefined, 'two'],
      nested: { b: 2, a: { z: null, y: undefined } },
      fraction: 1.5,
      text: 'quote " and unicode é',
    });
    const stored = (await chainOf(tenant)).at(-1)!;
    expect(stored.details).toEqual({ at: '2024-03-31T01:30:00.000Z', list: [1, null, 'two'], nested: { b: 2, a: { z: null } }, fraction: 1.5, text: 'quote " and unicode é' });
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toBeNull();
  });

  it('verifies intact across every tenant', async () => {
    const result = await verifyAuditChain(db.owner());
    expect(result.firstBreak).toBeNull();
    const all = await db.owner().selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const tenants = await db.owner().selectFrom('tenants').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(result.eventsChecked).toBe(Number(all.n));
    expect(result.tenantsChecked).toBe(Number(tenants.n));
    expect(result.eventsChecked).toBeGreaterThanOrEqual(29);
  });

  it('refuses to verify through a role that row-level security blinds, rather than call an empty chain intact', async () => {
    await expect(db.anonymous((trx) => verifyAuditChain(trx))).rejects.toBeInstanceOf(AuditVerifyError);
  });
});

describe('the audit log is append-only', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = await newTenant('locked');
    await record(tenant, 'test.kept');
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the application role (permission denied)', async () => {
    await expect(db.tenant(tenant, (trx) => sql`update audit_events set action = 'changed'`.execute(trx))).rejects.toThrow(/permission denied/);
    await expect(db.tenant(tenant, (trx) => sql`delete from audit_events`.execute(trx))).rejects.toThrow(/permission denied/);
    await expect(db.tenant(tenant, (trx) => sql`truncate audit_events`.execute(trx))).rejects.toThrow(/permission denied/);
    const privileges = await sql<{ update: boolean; delete: boolean; truncate: boolean }>`
      select has_table_privilege('wraparound_app', 'audit_events', 'UPDATE') as update,
             has_table_privilege('wraparound_app', 'audit_events', 'DELETE') as delete,
             has_table_privilege('wraparound_app', 'audit_events', 'TRUNCATE') as truncate`.execute(db.owner());
    expect(privileges.rows[0]).toEqual({ update: false, delete: false, truncate: false });
  });

  it('refuses UPDATE, DELETE and TRUNCATE even to the owner (trigger)', async () => {
    const owner = db.owner();
    await expect(sql`update audit_events set action = 'changed' where tenant_id = ${tenant}`.execute(owner)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where tenant_id = ${tenant}`.execute(owner)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(owner)).rejects.toThrow(/append-only/);
    expect((await chainOf(tenant)).map((e) => e.action)).toEqual(['tenant.create', 'test.kept']);
  });
});

describe('verifying a tampered chain', () => {
  let tenant: string;
  let chain: AuditEventRow[];
  beforeAll(async () => {
    tenant = await newTenant('tampered');
    for (const step of ['first', 'second', 'third']) await record(tenant, `test.${step}`, { step });
    chain = await chainOf(tenant);
    expect(chain).toHaveLength(4);
  });

  it('names a changed event as the first break, and is intact again once it is put back', async () => {
    const victim = chain[2]!;
    await tamper([[`update audit_events set action = 'test.innocent' where id = $1`, [victim.id]]]);
    const result = await verifyAuditChain(db.owner());
    expect(result.firstBreak).toMatchObject({ tenantId: tenant, eventId: String(victim.id), seq: '3' });
    expect(result.firstBreak?.problem).toMatch(/changed/);

    await tamper([[`update audit_events set action = $1 where id = $2`, [victim.action, victim.id]]]);
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toBeNull();
  });

  it('names a changed detail as the first break', async () => {
    const victim = chain[1]!;
    await tamper([[`update audit_events set details = '{"step":"other"}'::jsonb where id = $1`, [victim.id]]]);
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toMatchObject({ eventId: String(victim.id), seq: '2' });

    await tamper([[`update audit_events set details = $1::jsonb where id = $2`, [JSON.stringify(victim.details), victim.id]]]);
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toBeNull();
  });

  it('reports a deleted middle event at the event after it (missing sequence)', async () => {
    const removed = chain[1]!;
    const next = chain[2]!;
    await tamper([[`delete from audit_events where id = $1`, [removed.id]]]);
    const result = await verifyAuditChain(db.owner());
    expect(result.firstBreak).toMatchObject({ tenantId: tenant, eventId: String(next.id), seq: '3' });
    expect(result.firstBreak?.problem).toMatch(/missing/);

    await tamper([
      [
        `insert into audit_events (id, tenant_id, seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, request_id, details, prev_hash, hash, chain_key_id)
         overriding system value values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)`,
        [
          removed.id,
          removed.tenant_id,
          removed.seq,
          removed.occurred_at,
          removed.actor_type,
          removed.actor_id,
          removed.action,
          removed.subject_type,
          removed.subject_id,
          removed.request_id,
          JSON.stringify(removed.details),
          removed.prev_hash,
          removed.hash,
          removed.chain_key_id,
        ],
      ],
    ]);
    expect((await verifyAuditChain(db.owner())).firstBreak).toBeNull();
  });
});

describe('the audit never fails silently', () => {
  it('fails the action, and leaves no trace of it, when the audit event cannot be written', async () => {
    const tenant = await newTenant('unaudited');
    const admin = adminService(db);
    const actor = { kind: 'system', tenantId: tenant } as const;
    await ownerExec('revoke insert on audit_events from wraparound_app');
    try {
      await expect(admin.createTeam(actor, 'Unaudited team', null)).rejects.toBeInstanceOf(AuditWriteError);
    } finally {
      await ownerExec('grant insert on audit_events to wraparound_app');
    }
    const teams = await db.owner().selectFrom('teams').select('name').where('tenant_id', '=', tenant).execute();
    expect(teams).toEqual([]);
    // With the grant back, the same action works and is audited.
    const team = await admin.createTeam(actor, 'Unaudited team', null);
    const events = await chainOf(tenant);
    expect(events.at(-1)).toMatchObject({ action: 'team.create', subject_type: 'team', subject_id: team.id });
  });
});

describe('page views', () => {
  it('records a page.view of home with the signed-in user as actor', async () => {
    const tenant = await newTenant('views');
    const { user } = await adminService(db).createUser(
      { kind: 'system', tenantId: tenant },
      { email: `viewer@${tenant}.test.invalid`, name: 'Page Viewer', roles: ['social-worker'], teamIds: [], password: TEST_PASSWORD },
      null,
    );
    const visitor = await signedIn(t.app, `viewer@${tenant}.test.invalid`);
    const views = () => db.owner().selectFrom('audit_events').selectAll().where('tenant_id', '=', tenant).where('action', '=', 'page.view').orderBy('seq').execute();
    const before = await views();
    const home = await visitor.get('/');
    expect(home.statusCode).toBe(200);
    const after = await views();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ action: 'page.view', subject_type: 'home', actor_type: 'user', actor_id: user.id });
    expect(after.at(-1)!.request_id).toBeTruthy();
    expect((await verifyAuditChain(db.owner(), { tenantId: tenant })).firstBreak).toBeNull();
  });
});
