import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

/**
 * Which database a transaction may read from (issue 12, point 7; docs/scaling.md). Work started
 * inside `mayReadFromReplica` (the handler of a signed-in page's GET, unless that user has just
 * changed something) may be served by the read replica (APP_READ_DATABASE_URL), while it is no
 * further behind the primary than the set lag. Everything else, and every write, is on the primary.
 */
const routing = new AsyncLocalStorage<{ replica: boolean }>();

export function mayReadFromReplica<T>(work: () => T): T {
  return routing.run({ replica: true }, work);
}

/** Work that must see the primary even when started inside a replica-allowed request (e.g. audit writes). */
export function onPrimary<T>(work: () => T): T {
  return routing.run({ replica: false }, work);
}

export function replicaAllowedHere(): boolean {
  return routing.getStore()?.replica === true;
}

/** How often the replica's position is compared with the primary's. */
const CHECK_EVERY_MS = 1000;

/** A WAL position ("16/B374D848") as a number of bytes (exact to 2^53, ample). */
export function lsnBytes(lsn: string): number {
  const [high, low] = lsn.split('/');
  return parseInt(high ?? '0', 16) * 2 ** 32 + parseInt(low ?? '0', 16);
}

/**
 * How far the replica is behind, from WAL positions sampled once a second: the replica has caught up
 * to time t when it has replayed everything the primary had written at t. Its lag is the age of the
 * newest sample it has caught up to (0 when it has all the primary has now). Until it has reached a
 * sampled position, and whenever either cannot be asked, the replica counts as too far behind.
 */
export class ReplicaLag {
  private samples: { at: number; lsn: number }[] = [];
  private lagMs = Number.POSITIVE_INFINITY;

  /** Records the primary's position now and the replica's replayed position; pure apart from the state. */
  observe(at: number, primaryLsn: number, replayedLsn: number | null): void {
    this.samples.push({ at, lsn: primaryLsn });
    if (replayedLsn === null) {
      this.lagMs = Number.POSITIVE_INFINITY;
    } else if (replayedLsn >= primaryLsn) {
      this.lagMs = 0;
      this.samples = [{ at, lsn: primaryLsn }];
    } else {
      // Not yet at any position sampled (the first look, or far behind): how far behind is not known.
      const caughtUp = [...this.samples].reverse().find((s) => s.lsn <= replayedLsn);
      this.lagMs = caughtUp ? at - caughtUp.at : Number.POSITIVE_INFINITY;
      // Only samples the replica has not yet reached are needed again.
      if (caughtUp) this.samples = this.samples.filter((s) => s.at >= caughtUp.at);
    }
    if (this.samples.length > 3600) this.samples.splice(0, this.samples.length - 3600);
  }

  unknown(): void {
    this.lagMs = Number.POSITIVE_INFINITY;
  }

  /** The replica's lag in milliseconds (Infinity when not known). */
  get lag(): number {
    return this.lagMs;
  }
}

/** Compares the replica with the primary every second, for as long as the database is open. */
export function watchReplica(primary: Kysely<Schema>, replica: Kysely<Schema>, lag: ReplicaLag): () => void {
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const p = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary);
      const r = await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(replica);
      const replayed = r.rows[0]?.lsn;
      lag.observe(Date.now(), lsnBytes(p.rows[0]?.lsn ?? '0/0'), replayed ? lsnBytes(replayed) : null);
    } catch {
      lag.unknown();
    } finally {
      checking = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A transaction the replica could not run: it writes (25006), it was cancelled by a conflict with
 * recovery (40001), or the replica cannot be reached. Such work is run again on the primary.
 */
export function isReplicaRefusal(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '25006' || code === '40001' || code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || /timeout exceeded when trying to connect|connection terminated/i.test((error as Error | null)?.message ?? '');
}
