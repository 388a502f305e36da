import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantService } from '../../src/features/admin/tenants.js';
import { recordAudit } from '../../src/platform/audit/audit-log.js';
import { tokenHash } from '../../src/platform/auth/tokens.js';
import type { Database, Trx } from '../../src/platform/db/database.js';
import { testDatabase, type TestDatabase } from '../helpers/database.js';

/** Every table a tenant owns. The schema guard below fails when a table with tenant_id is missing from RLS. */
const TENANT_TABLES = ['teams', 'users', 'user_teams', 'sessions', 'api_clients', 'audit_events'] as const;
type TenantTable = (typeof TENANT_TABLES)[number];

interface Fixture {
  id: string;
  teamId: string;
  userId: string;
  email: string;
  sessionHash: string;
  apiTokenHash: string;
}

let database: TestDatabase;
let db: Database;
let a: Fixture;
let b: Fixture;

/** A tenant with one row in every tenant-owned table, written the way the application writes them. */
async function makeTenant(label: string): Promise<Fixture> {
  const slug = `rls-${label}-${randomBytes(3).toString('hex')}`;
  const tenant = await tenantService(db).createTenant(slug, `Council ${label}`);
  const email = `worker@${slug}.test.invalid`;
  const sessionHash = tokenHash(`session-${slug}`);
  const apiTokenHash = tokenHash(`api-${slug}`);
  return db.tenant(tenant.id, async (trx) => {
    const team = await trx.insertInto('teams').values({ tenant_id: tenant.id, name: `Team ${label}` }).returning('id').executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('users')
      .values({ tenant_id: tenant.id, email, name: `Worker ${label}`, roles: ['social-worker'], password_hash: 'not-a-real-hash' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('user_teams').values({ tenant_id: tenant.id, user_id: user.id, team_id: team.id }).execute();
    await trx.insertInto('sessions').values({ id_hash: sessionHash, tenant_id: tenant.id, user_id: user.id, csrf_token: 'csrf' }).execute();
    await trx.insertInto('api_clients').values({ tenant_id: tenant.id, name: `Client ${label}`, token_hash: apiTokenHash, scopes: ['people:read'] }).execute();
    await recordAudit(trx, tenant.id, { actorType: 'user', actorId: user.id, action: 'test.fixture', subjectType: 'user', subjectId: user.id });
    return { id: tenant.id, teamId: team.id, userId: user.id, email, sessionHash, apiTokenHash };
  });
}

/** The tenant ids of every row of a table that `within` lets the query see. */
async function tenantIdsIn(table: TenantTable | 'tenants', within: (work: (trx: Trx) => Promise<string[]>) => Promise<string[]>) {
  const column = table === 'tenants' ? sql.ref('id') : sql.ref('tenant_id');
  return within(async (trx) => (await sql<{ t: string }>`select ${column} as t from ${sql.table(table)}`.execute(trx)).rows.map((r) => r.t));
}

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  a = await makeTenant('a');
  b = await makeTenant('b');
});
afterAll(() => database.cleanup());

describe('row-level security confines a transaction to its tenant', () => {
  it('has rows for both tenants in every tenant-owned table (seen by the owner)', async () => {
    for (const table of TENANT_TABLES) {
      const ids = await tenantIdsIn(table, (work) => db.owner().transaction().execute(work));
      expect(ids, table).toContain(a.id);
      expect(ids, table).toContain(b.id);
    }
  });

  it('returns only the tenant’s own rows from a query with no tenant filter, in every table', async () => {
    for (const [own, other] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const table of [...TENANT_TABLES, 'tenants'] as const) {
        const ids = await tenantIdsIn(table, (work) => db.tenant(own.id, work));
        expect(ids.length, table).toBeGreaterThan(0);
        expect(new Set(ids), table).toEqual(new Set([own.id]));
        expect(ids, table).not.toContain(other.id);
      }
    }
  });

  it('cannot read another tenant’s row even by its id', async () => {
    const found = await db.tenant(a.id, async (trx) => ({
      team: await trx.selectFrom('teams').select('id').where('id', '=', b.teamId).executeTakeFirst(),
      user: await trx.selectFrom('users').select('id').where('email', '=', b.email).executeTakeFirst(),
      session: await trx.selectFrom('sessions').select('user_id').where('id_hash', '=', b.sessionHash).executeTakeFirst(),
    }));
    expect(found).toEqual({ team: undefined, user: undefined, session: undefined });
  });

  it('refuses to insert a row carrying another tenant’s id, in every table', async () => {
    const attempts: Record<TenantTable, (trx: Trx) => Promise<unknown>> = {
      teams: (trx) => trx.insertInto('teams').values({ tenant_id: b.id, name: 'Smuggled team' }).execute(),
      users: (trx) => trx.insertInto('users').values({ tenant_id: b.id, email: `smuggled-${randomBytes(3).toString('hex')}@x.invalid`, name: 'Smuggled' }).execute(),
      user_teams: (trx) => trx.insertInto('user_teams').values({ tenant_id: b.id, user_id: a.userId, team_id: a.teamId }).execute(),
      sessions: (trx) => trx.insertInto('sessions').values({ id_hash: 'smuggled', tenant_id: b.id, user_id: a.userId, csrf_token: 'x' }).execute(),
      api_clients: (trx) => trx.insertInto('api_clients').values({ tenant_id: b.id, name: 'Smuggled', token_hash: 'smuggled' }).execute(),
      audit_events: (trx) =>
        trx
          .insertInto('audit_events')
          .values({
            tenant_id: b.id,
            seq: 999,
            occurred_at: new Date(),
            actor_type: 'system',
            actor_id: null,
            action: 'smuggled',
            subject_type: 'x',
            subject_id: null,
            request_id: null,
            details: '{}',
            prev_hash: 'x',
            hash: 'x',
          })
          .execute(),
    };
    for (const table of TENANT_TABLES) {
      await expect(db.tenant(a.id, attempts[table]), table).rejects.toThrow(/row-level security/);
    }
  });

  it('refuses to move a row to another tenant, and cannot touch the other tenant’s rows', async () => {
    await expect(db.tenant(a.id, (trx) => trx.updateTable('teams').set({ tenant_id: b.id }).where('id', '=', a.teamId).execute())).rejects.toThrow(/row-level security/);
    await expect(db.tenant(a.id, (trx) => trx.updateTable('users').set({ tenant_id: b.id }).where('id', '=', a.userId).execute())).rejects.toThrow(/row-level security/);
    await expect(db.tenant(a.id, (trx) => trx.updateTable('sessions').set({ tenant_id: b.id }).where('id_hash', '=', a.sessionHash).execute())).rejects.toThrow(
      /row-level security/,
    );
    await expect(db.tenant(a.id, (trx) => trx.updateTable('api_clients').set({ tenant_id: b.id }).execute())).rejects.toThrow(/row-level security/);

    const touched = await db.tenant(a.id, async (trx) => ({
      renamed: (await trx.updateTable('teams').set({ name: 'Renamed by A' }).where('id', '=', b.teamId).executeTakeFirst()).numUpdatedRows,
      deactivated: (await trx.updateTable('users').set({ active: false }).execute()).reduce((n, r) => n + r.numUpdatedRows, 0n),
      signedOut: (await trx.deleteFrom('sessions').where('id_hash', '=', b.sessionHash).executeTakeFirst()).numDeletedRows,
      unlinked: (await trx.deleteFrom('user_teams').where('user_id', '=', b.userId).executeTakeFirst()).numDeletedRows,
    }));
    expect(touched).toEqual({ renamed: 0n, deactivated: 1n, signedOut: 0n, unlinked: 0n });

    const bState = await db.tenant(b.id, async (trx) => ({
      team: await trx.selectFrom('teams').select('name').where('id', '=', b.teamId).executeTakeFirstOrThrow(),
      user: await trx.selectFrom('users').select('active').where('id', '=', b.userId).executeTakeFirstOrThrow(),
      sessions: await trx.selectFrom('sessions').select('id_hash').execute(),
      links: await trx.selectFrom('user_teams').select('team_id').execute(),
    }));
    expect(bState).toEqual({ team: { name: 'Team b' }, user: { active: true }, sessions: [{ id_hash: b.sessionHash }], links: [{ team_id: b.teamId }] });
    // Put A's user back as it was.
    await db.tenant(a.id, (trx) => trx.updateTable('users').set({ active: true }).where('id', '=', a.userId).execute());
  });

  it('shows the anonymous role (no tenant set) no rows at all', async () => {
    for (const table of [...TENANT_TABLES, 'tenants'] as const) {
      const ids = await tenantIdsIn(table, (work) => db.anonymous(work));
      expect(ids, table).toEqual([]);
    }
  });

  it('runs tenant work as wraparound_app, a role that is not a superuser and cannot bypass RLS', async () => {
    const who = await db.tenant(a.id, async (trx) => {
      const user = await sql<{ current_user: string; tenant: string }>`select current_user, current_setting('app.tenant_id') as tenant`.execute(trx);
      const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(trx);
      return { ...user.rows[0], ...role.rows[0] };
    });
    expect(who).toEqual({ current_user: 'wraparound_app', tenant: a.id, rolsuper: false, rolbypassrls: false });
    const anonymous = await db.anonymous(async (trx) => (await sql<{ current_user: string }>`select current_user`.execute(trx)).rows[0]?.current_user);
    expect(anonymous).toBe('wraparound_app');
  });

  it('does not let the application role own a table (owners can switch RLS off)', async () => {
    const owned = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' and tableowner = 'wraparound_app'`.execute(db.owner());
    expect(owned.rows).toEqual([]);
  });
});

describe('schema guard', () => {
  it('has forced row-level security and only tenant-scoped policies on every table with a tenant_id column', async () => {
    const tables = await sql<{ table: string; rls: boolean; forced: boolean }>`
      select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by c.relname`.execute(db.owner());
    const names = tables.rows.map((t) => t.table);
    // The guard must actually be looking at the tables we know about.
    expect(names).toEqual(expect.arrayContaining([...TENANT_TABLES]));
    const policies = await sql<{ table: string; policy: string; permissive: string; qual: string | null; with_check: string | null }>`
      select tablename as table, policyname as policy, permissive, qual, with_check from pg_policies where schemaname = 'public'`.execute(db.owner());
    const problems: string[] = [];
    for (const t of tables.rows) {
      if (!t.rls) problems.push(`${t.table}: row level security is not enabled`);
      if (!t.forced) problems.push(`${t.table}: row level security is not forced`);
      const own = policies.rows.filter((p) => p.table === t.table);
      if (own.length === 0) problems.push(`${t.table}: has no policy`);
      for (const p of own) {
        // A permissive policy that does not compare tenant_id with the transaction's tenant would open the table.
        if (p.permissive === 'PERMISSIVE' && !/tenant_id = current_tenant_id\(\)/.test(p.qual ?? '')) {
          problems.push(`${t.table}: policy ${p.policy} does not restrict rows to current_tenant_id()`);
        }
        if (p.with_check !== null && !/tenant_id = current_tenant_id\(\)/.test(p.with_check)) {
          problems.push(`${t.table}: policy ${p.policy} lets rows of another tenant be written`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has forced row-level security on tenants too (keyed by id)', async () => {
    const row = await sql<{ rls: boolean; forced: boolean }>`
      select relrowsecurity as rls, relforcerowsecurity as forced from pg_class where oid = 'public.tenants'::regclass`.execute(db.owner());
    expect(row.rows[0]).toEqual({ rls: true, forced: true });
  });

  it('has exactly the reviewed security-definer functions (each one bypasses RLS)', async () => {
    const definers = await sql<{ name: string }>`
      select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosecdef order by p.proname`.execute(db.owner());
    expect(definers.rows.map((r) => r.name)).toEqual(['auth_api_client', 'auth_password_link', 'auth_session', 'auth_sso_attempt', 'auth_sso_tenants', 'auth_user_by_email', 'stalled_notification_imports', 'unsent_emails']);
  });
});

describe('security-definer sign-in look-ups', () => {
  it('find an account before the tenant is known, returning only the documented columns', async () => {
    const rows = await db.anonymous(async (trx) => ({
      user: (await sql<Record<string, unknown>>`select * from auth_user_by_email(${b.email.toUpperCase()})`.execute(trx)).rows,
      session: (await sql<Record<string, unknown>>`select * from auth_session(${b.sessionHash})`.execute(trx)).rows,
      client: (await sql<Record<string, unknown>>`select * from auth_api_client(${b.apiTokenHash})`.execute(trx)).rows,
      nobody: (await sql<Record<string, unknown>>`select * from auth_user_by_email(${'nobody@nowhere.invalid'})`.execute(trx)).rows,
    }));
    expect(rows.user).toHaveLength(1);
    expect(Object.keys(rows.user[0]!).sort()).toEqual(['active', 'id', 'locked_until', 'password_hash', 'tenant_id']);
    expect(rows.user[0]).toMatchObject({ id: b.userId, tenant_id: b.id, active: true });
    expect(rows.session).toHaveLength(1);
    expect(Object.keys(rows.session[0]!).sort()).toEqual(['created_at', 'max_hours', 'mfa_required', 'tenant_id', 'user_id']);
    expect(rows.session[0]).toMatchObject({ tenant_id: b.id, user_id: b.userId, max_hours: 12, mfa_required: false });
    expect(rows.client).toHaveLength(1);
    expect(Object.keys(rows.client[0]!).sort()).toEqual(['id', 'tenant_id', 'usable']);
    expect(rows.client[0]).toMatchObject({ tenant_id: b.id });
    expect(rows.nobody).toEqual([]);
  });

  it('list the uploads that stopped moving, across tenants, by id and tenant alone', async () => {
    const job = await db.tenant(b.id, (trx) =>
      trx
        .insertInto('notification_imports')
        .values({ tenant_id: b.id, file_name: 'stalled.csv', started_by: null, file_data: new TextEncoder().encode('police_reference\n'), updated_at: new Date(Date.now() - 10 * 60_000) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const stalled = await db.anonymous(async (trx) => (await sql<Record<string, unknown>>`select * from stalled_notification_imports(${120})`.execute(trx)).rows);
    expect(stalled).toContainEqual({ id: job.id, tenant_id: b.id });
    for (const row of stalled) expect(Object.keys(row).sort()).toEqual(['id', 'tenant_id']);
    // One still moving, or without its file (a command-line import), is not listed.
    await db.tenant(b.id, (trx) => trx.updateTable('notification_imports').set({ updated_at: new Date() }).where('id', '=', job.id).execute());
    const moving = await db.anonymous(async (trx) => (await sql<{ id: string }>`select * from stalled_notification_imports(${120})`.execute(trx)).rows);
    expect(moving.map((r) => r.id)).not.toContain(job.id);
    await db.tenant(b.id, (trx) => trx.updateTable('notification_imports').set({ status: 'failed', file_data: null, finished_at: new Date() }).where('id', '=', job.id).execute());
  });

  it('say an inactive API client may not be used (so the request is told, and no tenant is opened for it)', async () => {
    await db.tenant(b.id, (trx) => trx.updateTable('api_clients').set({ active: false }).where('token_hash', '=', b.apiTokenHash).execute());
    const rows = await db.anonymous(async (trx) => (await sql`select * from auth_api_client(${b.apiTokenHash})`.execute(trx)).rows);
    expect(rows).toEqual([expect.objectContaining({ usable: false })]);
    await db.tenant(b.id, (trx) => trx.updateTable('api_clients').set({ active: true }).where('token_hash', '=', b.apiTokenHash).execute());
  });
});
