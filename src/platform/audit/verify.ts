import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { chainHash, GENESIS_HASH } from './chain.js';

export interface ChainBreak {
  tenantId: string;
  eventId: string;
  seq: string;
  problem: string;
}

export interface VerifyResult {
  tenantsChecked: number;
  eventsChecked: number;
  firstBreak: ChainBreak | null;
}

const PAGE = 5000;

export class AuditVerifyError extends Error {}

/** Recomputes every tenant's chain (or one tenant's) from the start, using the owner connection. */
export async function verifyAuditChain(owner: Kysely<Schema>, tenantId?: string): Promise<VerifyResult> {
  // Row-level security is forced on tenants and audit_events: a role that does not bypass it would
  // see no rows here and report an empty, "intact" chain. Refuse rather than vouch for nothing.
  const role = await sql<{ bypasses: boolean }>`select rolsuper or rolbypassrls as bypasses from pg_roles where rolname = current_user`.execute(owner);
  if (!role.rows[0]?.bypasses) {
    throw new AuditVerifyError('Checking the audit log needs a database role that bypasses row-level security (a superuser or BYPASSRLS); the configured one does not, so it would see no events.');
  }
  let tenantQuery = owner.selectFrom('tenants').select(['id']).orderBy('created_at');
  if (tenantId) tenantQuery = tenantQuery.where('id', '=', tenantId);
  const tenants = await tenantQuery.execute();
  let eventsChecked = 0;
  for (const tenant of tenants) {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let afterSeq = '0';
    for (;;) {
      const rows = await owner
        .selectFrom('audit_events')
        .selectAll()
        .where('tenant_id', '=', tenant.id)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      for (const row of rows) {
        eventsChecked++;
        const seq = String(row.seq);
        const fail = (problem: string): VerifyResult => ({
          tenantsChecked: tenants.length,
          eventsChecked,
          firstBreak: { tenantId: tenant.id, eventId: String(row.id), seq, problem },
        });
        if (BigInt(seq) !== expectedSeq) return fail(`expected sequence ${expectedSeq}, found ${seq} (an event is missing)`);
        if (row.prev_hash !== prevHash) return fail('its link to the previous event does not match');
        const hash = chainHash(prevHash, {
          tenantId: row.tenant_id,
          seq,
          occurredAt: new Date(row.occurred_at).toISOString(),
          actorType: row.actor_type,
          actorId: row.actor_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          requestId: row.request_id,
          details: row.details,
        });
        if (hash !== row.hash) return fail('its content does not match its hash (it was changed)');
        prevHash = row.hash;
        expectedSeq++;
        afterSeq = seq;
      }
      if (rows.length < PAGE) break;
    }
  }
  return { tenantsChecked: tenants.length, eventsChecked, firstBreak: null };
}
