interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit, per tenant (issue 12): an item handed in is written at once when nothing of its
 * tenant is being written, and otherwise waits and goes with the others that arrived meanwhile in the
 * next batch, at most `maxBatch` at a time, each batch one call of `writeBatch` (one transaction).
 * Each caller waits only until the batch holding its item has committed, and gets its own result. A
 * batch that fails is written again one item at a time, so an item that cannot be written fails only
 * its own caller. Used for page views (view-audit.ts) and notifications (contacts/ingest.ts).
 */
export class GroupCommit<I, R> {
  private readonly waiting = new Map<string, Waiting<I, R>[]>();
  private readonly writing = new Set<string>();

  constructor(
    private readonly maxBatch: number,
    private readonly writeBatch: (tenantId: string, items: readonly I[]) => Promise<readonly R[]>,
  ) {}

  submit(tenantId: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(tenantId) ?? [];
      queue.push({ item, resolve, reject });
      this.waiting.set(tenantId, queue);
      if (!this.writing.has(tenantId)) void this.writeAll(tenantId);
    });
  }

  private async writeAll(tenantId: string): Promise<void> {
    this.writing.add(tenantId);
    try {
      for (;;) {
        const batch = (this.waiting.get(tenantId) ?? []).splice(0, this.maxBatch);
        if (batch.length === 0) break;
        try {
          const results = await this.writeBatch(tenantId, batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(results[i]!));
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else for (const w of batch) await this.writeAlone(tenantId, w);
        }
      }
    } finally {
      // Nothing was awaited since the last look at the queue: no item can be left behind.
      this.waiting.delete(tenantId);
      this.writing.delete(tenantId);
    }
  }

  private async writeAlone(tenantId: string, w: Waiting<I, R>): Promise<void> {
    try {
      const [result] = await this.writeBatch(tenantId, [w.item]);
      w.resolve(result!);
    } catch (error) {
      w.reject(error);
    }
  }
}
