import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { chainHash, GENESIS_HASH, type ChainedEventContent } from './chain.js';
import { currentAuditChainKey } from './chain-key.js';

export type ActorType = 'user' | 'api-client' | 'system';

export interface AuditEntry {
  actorType: ActorType;
  actorId: string | null;
  /** What happened, as `subject.verb`: `page.view`, `user.create`, `session.sign-in`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  requestId?: string | null;
  /** Never personal data: ids, field names, reasons given, counts. */
  details?: Record<string, unknown>;
}

export class AuditWriteError extends Error {}

/**
 * Appends an event to the tenant's audit chain inside the caller's transaction, so the event and
 * the change it records commit or fail together. A per-tenant advisory lock orders the chain.
 * Any failure is thrown: an action whose audit cannot be written does not happen.
 */
export async function recordAudit(trx: Trx, tenantId: string, entry: AuditEntry): Promise<void> {
  await appendAuditEvents(trx, tenantId, [entry]);
}

/**
 * Appends events, in order, to the tenant's audit chain inside the caller's transaction, in one
 * insert: the one place the chain is extended (recordAudit for one change, view-audit.ts for a batch
 * of page views). The per-tenant advisory lock is held from here to the end of the transaction, so
 * callers take it as late in their transaction as they can.
 */
export async function appendAuditEvents(trx: Trx, tenantId: string, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${tenantId}`}, 0))`.execute(trx);
    const last = await trx
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('tenant_id', '=', tenantId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const key = currentAuditChainKey();
    let prevHash = last?.hash ?? GENESIS_HASH;
    let seq = BigInt(last?.seq ?? 0);
    const occurredAt = new Date().toISOString();
    const rows = entries.map((entry) => {
      seq += 1n;
      const content: ChainedEventContent = {
        tenantId,
        seq: String(seq),
        occurredAt,
        actorType: entry.actorType,
        actorId: entry.actorId,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId ?? null,
        requestId: entry.requestId ?? null,
        // Hash what the database will hold: the JSON form (a Date becomes its ISO text, undefined goes).
        details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
      };
      const hash = chainHash(prevHash, content, key);
      const row = {
        tenant_id: tenantId,
        seq: content.seq,
        occurred_at: content.occurredAt,
        actor_type: content.actorType as ActorType,
        actor_id: content.actorId,
        action: content.action,
        subject_type: content.subjectType,
        subject_id: content.subjectId,
        request_id: content.requestId,
        details: JSON.stringify(content.details),
        prev_hash: prevHash,
        hash,
        chain_key_id: key?.id ?? null,
      };
      prevHash = hash;
      return row;
    });
    await trx.insertInto('audit_events').values(rows).execute();
  } catch (error) {
    throw new AuditWriteError(`The audit log could not be written: ${(error as Error).message}`, { cause: error });
  }
}
