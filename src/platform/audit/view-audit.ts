import type { Database } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import { onPrimary } from '../db/read-replica.js';
import { appendAuditEvents, type AuditEntry } from './audit-log.js';
import { peopleConcerned } from './people-concerned.js';

/** A view to record: the audit entry, and the route's parameters from which the people it concerns are found. */
export interface ViewEvent {
  entry: AuditEntry;
  params: Record<string, unknown>;
}

/** The most views one transaction writes; a burst larger than this goes in several, one after another. */
const MAX_BATCH = 250;

/**
 * Records page views and API reads with group commit (issue 12, `GroupCommit`). A request hands its
 * view over and waits until the transaction holding it has committed, so a page is still never shown
 * unless its view is recorded; but the views of a tenant that arrive while one batch is being written
 * are written together in the next, in one transaction and one insert, instead of each queueing for
 * the tenant's chain lock in a transaction of its own. A lone view is written at once (no added wait).
 *
 * Across server processes the chain stays ordered by the same per-tenant lock (audit-log.ts); each
 * process batches its own views. A batch that fails is written again one view at a time, so one view
 * that cannot be written fails only its own request.
 */
export class ViewAuditWriter {
  private readonly batches = new GroupCommit<ViewEvent, void>(MAX_BATCH, async (tenantId, views) => {
    await this.write(tenantId, views);
    return views.map(() => undefined);
  });

  constructor(private readonly db: Database) {}

  record(tenantId: string, view: ViewEvent): Promise<void> {
    return this.batches.submit(tenantId, view);
  }

  private async write(tenantId: string, batch: readonly ViewEvent[]): Promise<void> {
    // A batch may start inside a request whose reads go to a replica: the chain is always written on the primary.
    await onPrimary(() => this.db.tenant(tenantId, async (trx) => {
      // Who each view is about is read before the chain lock is taken, so the lock is held only for the insert.
      const entries: AuditEntry[] = [];
      for (const { entry, params } of batch) {
        const people = await peopleConcerned(trx, params);
        entries.push(people.length ? { ...entry, details: { ...entry.details, people } } : entry);
      }
      await appendAuditEvents(trx, tenantId, entries);
    }));
  }
}
