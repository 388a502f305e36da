import { mergedIntoIds } from '../people/merge-service.js';
import { UUID } from '../../platform/http/route-params.js';
import { pageCountOf } from '../../platform/http/pagination.js';
import { can } from '../../platform/access/policy.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import * as q from './queries.js';
import type { AuditEventRecord, AuditFilter } from './queries.js';

export type { AuditFilter } from './queries.js';

const PAGE_SIZE = 50;

/** Refused: only auditors read the audit log. The error page shows 403. */
export class AuditLogRefused extends Error {
  readonly statusCode = 403;
  constructor() {
    super('You do not have permission to read the audit log');
  }
}

export interface AuditEventView extends AuditEventRecord {
  /** Who acted, in words: a person's name, a partner system's name, or "The system". */
  who: string;
  /** The details as "key: value" lines. Details hold ids, reasons and counts, never personal data. */
  detailLines: string[];
}

/** Never "unknown": the service itself, a partner system by its name, or a person (who may have left). */
function who(event: AuditEventRecord): string {
  if (event.actorType === 'api-client') return event.actorName ? `${event.actorName} (a partner system)` : 'A partner system';
  if (event.actorType === 'system') return 'The system';
  return event.actorName ?? 'A former user';
}

function detailValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.map(detailValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function detailLines(details: Record<string, unknown> | null): string[] {
  return Object.entries(details ?? {}).map(([key, value]) => `${key}: ${detailValue(value)}`);
}

export function auditLogService(db: Database) {
  return {
    PAGE_SIZE,

    /**
     * One page of the tenant's audit log, newest first, with what the filter form offers. A page
     * past the end gives the last page.
     */
    async listEvents(user: CurrentUser, filter: AuditFilter, page: number) {
      if (!can(user, 'audit:view', { kind: 'tenant', id: user.tenantId })) throw new AuditLogRefused();
      return db.tenant(user.tenantId, async (trx) => {
        // A person's events include those of the records merged into theirs.
        if (filter.subjectId && UUID.test(filter.subjectId)) filter = { ...filter, mergedIds: await mergedIntoIds(trx, filter.subjectId) };
        const total = await q.countEvents(trx, filter);
        const pageCount = pageCountOf(total, PAGE_SIZE);
        const current = Math.min(Math.max(1, page), pageCount);
        const records = await q.listEvents(trx, filter, PAGE_SIZE, (current - 1) * PAGE_SIZE);
        const events: AuditEventView[] = records.map((r) => ({ ...r, who: who(r), detailLines: detailLines(r.details) }));
        return { events, total, page: current, pageCount, actions: await q.distinctActions(trx), people: await q.people(trx) };
      });
    },
  };
}

export type AuditLogService = ReturnType<typeof auditLogService>;
