import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { currentAuditChainKey, type AuditChainKey } from './chain-key.js';
import { latestCheckpoints, type AuditCheckpoint } from './checkpoint.js';

export interface ChainBreak {
  tenantId: string;
  /** The event where the chain breaks; null when events are missing from its end. */
  eventId: string | null;
  seq: string;
  problem: string;
}

export interface VerifyResult {
  tenantsChecked: number;
  eventsChecked: number;
  /** Events hashed without a key (written before AUDIT_CHAIN_KEY was set). */
  unkeyedEvents: number;
  checkpointsChecked: number;
  firstBreak: ChainBreak | null;
}

export interface VerifyOptions {
  /** One tenant's chain; every tenant's when left out. */
  tenantId?: string;
  /** The key keyed events were made with; the one in use when left out. */
  key?: AuditChainKey | null;
  /** Signed checkpoints already read and checked (readCheckpoints): the chain must still hold each. */
  checkpoints?: AuditCheckpoint[];
  /**
   * Accept unkeyed events before the first keyed one even though a key is set: only for a database
   * written before AUDIT_CHAIN_KEY was set, as it lets a chain rewritten without the key pass.
   */
  allowUnkeyed?: boolean;
}

const PAGE = 5000;

export class AuditVerifyError extends Error {}

/** The checkpoints by tenant and sequence. */
function checkpointIndex(checkpoints: AuditCheckpoint[]): Map<string, Map<string, AuditCheckpoint[]>> {
  const index = new Map<string, Map<string, AuditCheckpoint[]>>();
  for (const checkpoint of checkpoints) {
    const bySeq = index.get(checkpoint.tenantId) ?? new Map<string, AuditCheckpoint[]>();
    bySeq.set(checkpoint.seq, [...(bySeq.get(checkpoint.seq) ?? []), checkpoint]);
    index.set(checkpoint.tenantId, bySeq);
  }
  return index;
}

/**
 * Recomputes every tenant's chain (or one tenant's) from the start, using the owner connection, and
 * checks it against signed checkpoints when given them.
 */
export async function verifyAuditChain(owner: Kysely<Schema>, options: VerifyOptions = {}): Promise<VerifyResult> {
  // Row-level security is forced on tenants and audit_events: a role that does not bypass it would
  // see no rows here and report an empty, "intact" chain. Refuse rather than vouch for nothing.
  const role = await sql<{ bypasses: boolean }>`select rolsuper or rolbypassrls as bypasses from pg_roles where rolname = current_user`.execute(owner);
  if (!role.rows[0]?.bypasses) {
    throw new AuditVerifyError('Checking the audit log needs a database role that bypasses row-level security (a superuser or BYPASSRLS); the configured one does not, so it would see no events.');
  }
  const key = options.key === undefined ? currentAuditChainKey() : options.key;
  const checkpoints = (options.checkpoints ?? []).filter((c) => !options.tenantId || c.tenantId === options.tenantId);
  const bySeq = checkpointIndex(checkpoints);
  const latest = latestCheckpoints(checkpoints);
  let tenantQuery = owner.selectFrom('tenants').select(['id']).orderBy('created_at');
  if (options.tenantId) tenantQuery = tenantQuery.where('id', '=', options.tenantId);
  const tenants = await tenantQuery.execute();
  let eventsChecked = 0;
  let unkeyedEvents = 0;
  const result = (firstBreak: ChainBreak | null): VerifyResult => ({
    tenantsChecked: tenants.length,
    eventsChecked,
    unkeyedEvents,
    checkpointsChecked: checkpoints.length,
    firstBreak,
  });
  const known = new Set(tenants.map((t) => t.id));
  for (const checkpoint of latest.values()) {
    if (!known.has(checkpoint.tenantId)) {
      return result({ tenantId: checkpoint.tenantId, eventId: null, seq: checkpoint.seq, problem: `a checkpoint taken at ${checkpoint.at} names this tenant, which is no longer in the database` });
    }
  }
  for (const tenant of tenants) {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let afterSeq = '0';
    let keyedSeen = false;
    const tenantCheckpoints = bySeq.get(tenant.id);
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
        const fail = (problem: string): VerifyResult => result({ tenantId: tenant.id, eventId: String(row.id), seq, problem });
        if (BigInt(seq) !== expectedSeq) return fail(`expected sequence ${expectedSeq}, found ${seq} (an event is missing)`);
        if (row.prev_hash !== prevHash) return fail('its link to the previous event does not match');
        if (row.chain_key_id === null) {
          if (keyedSeen) return fail('it is not keyed, but events before it are (it was written without the key, or the chain was rewritten)');
          if (key && !options.allowUnkeyed) return fail('it is not keyed (it was written without AUDIT_CHAIN_KEY, or the chain was rewritten without the key; --allow-unkeyed accepts events from before the key was set)');
          unkeyedEvents++;
        } else {
          if (!key) throw new AuditVerifyError(`The audit log is keyed (key fingerprint ${row.chain_key_id}): set AUDIT_CHAIN_KEY to the key it was written with to check it.`);
          if (row.chain_key_id !== key.id) return fail(`it says it was keyed with the key whose fingerprint is ${row.chain_key_id}, not the configured key (${key.id})`);
          keyedSeen = true;
        }
        const hash = chainHash(
          prevHash,
          {
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
          },
          row.chain_key_id === null ? null : key,
        );
        if (hash !== row.hash) return fail('its content does not match its hash (it was changed)');
        for (const checkpoint of tenantCheckpoints?.get(seq) ?? []) {
          if (checkpoint.hash !== row.hash) return fail(`it is not the event the checkpoint taken at ${checkpoint.at} signed for this sequence (the chain was rewritten)`);
        }
        prevHash = row.hash;
        expectedSeq++;
        afterSeq = seq;
      }
      if (rows.length < PAGE) break;
    }
    const last = latest.get(tenant.id);
    if (last && BigInt(last.seq) >= expectedSeq) {
      return result({
        tenantId: tenant.id,
        eventId: null,
        seq: String(expectedSeq),
        problem: `the chain ends at sequence ${expectedSeq - 1n}, but the checkpoint taken at ${last.at} signed sequence ${last.seq} (events were cut from its end)`,
      });
    }
  }
  return result(null);
}

/** The last sequence and hash of each tenant's chain (or one tenant's), for a checkpoint. */
export async function chainHeads(owner: Kysely<Schema>, tenantId?: string): Promise<{ tenantId: string; seq: string; hash: string }[]> {
  let tenantQuery = owner.selectFrom('tenants').select(['id']).orderBy('created_at');
  if (tenantId) tenantQuery = tenantQuery.where('id', '=', tenantId);
  const heads: { tenantId: string; seq: string; hash: string }[] = [];
  for (const tenant of await tenantQuery.execute()) {
    const head = await owner
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('tenant_id', '=', tenant.id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (head) heads.push({ tenantId: tenant.id, seq: String(head.seq), hash: head.hash });
  }
  return heads;
}
