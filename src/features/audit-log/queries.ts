import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.js';

/** What the auditor narrowed the log to. Each is optional; together they must all match. */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  /** A record's id: events about that record, and views of any record about that person. */
  subjectId?: string;
  /** Records merged into that one (person_merges): their events are that person's too. */
  mergedIds?: readonly string[];
}

export interface AuditEventRecord {
  seq: string;
  occurredAt: Date;
  actorType: 'user' | 'api-client' | 'system';
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

function filtered(trx: Trx, filter: AuditFilter) {
  const { action, actorId, subjectId } = filter;
  const subjects = subjectId === undefined ? [] : [subjectId, ...(filter.mergedIds ?? [])];
  return trx
    .selectFrom('audit_events')
    .$if(action !== undefined, (q) => q.where('audit_events.action', '=', action ?? ''))
    .$if(actorId !== undefined, (q) => q.where('audit_events.actor_type', '=', 'user').where('audit_events.actor_id', '=', actorId ?? ''))
    .$if(subjectId !== undefined, (q) =>
      q.where((eb) =>
        eb.or(subjects.flatMap((id) => [eb('audit_events.subject_id', '=', id), eb(sql<boolean>`jsonb_exists(audit_events.details -> 'people', ${id})`, '=', true)])),
      ),
    );
}

export async function countEvents(trx: Trx, filter: AuditFilter): Promise<number> {
  const row = await filtered(trx, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first. The tenant's chain sequence orders events exactly, even within one millisecond. */
export async function listEvents(trx: Trx, filter: AuditFilter, limit: number, offset: number): Promise<AuditEventRecord[]> {
  const rows = await filtered(trx, filter)
    .leftJoin('users', (join) => join.onRef('users.id', '=', 'audit_events.actor_id').on('audit_events.actor_type', '=', 'user'))
    .leftJoin('api_clients', (join) => join.onRef('api_clients.id', '=', 'audit_events.actor_id').on('audit_events.actor_type', '=', 'api-client'))
    .select([
      'audit_events.seq',
      'audit_events.occurred_at',
      'audit_events.actor_type',
      'audit_events.actor_id',
      'users.name as actor_name',
      'api_clients.name as client_name',
      'audit_events.action',
      'audit_events.subject_type',
      'audit_events.subject_id',
      'audit_events.request_id',
      'audit_events.details',
    ])
    .orderBy('audit_events.seq', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({
    seq: String(r.seq),
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name ?? r.client_name,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    requestId: r.request_id,
    details: r.details,
  }));
}

/** Every action the tenant's log holds, for the filter. */
export async function distinctActions(trx: Trx): Promise<string[]> {
  const rows = await trx.selectFrom('audit_events').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}

/** The people whose actions can be looked for: every account of the tenant, by name. */
export function people(trx: Trx): Promise<{ id: string; name: string; email: string }[]> {
  return trx.selectFrom('users').select(['id', 'name', 'email']).orderBy((eb) => eb.fn('lower', ['name'])).orderBy('id').execute();
}
