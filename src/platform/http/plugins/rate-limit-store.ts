import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** About one request in this many also clears windows that ended long ago, so the table stays small. */
const SWEEP_ONE_IN = 200;

/**
 * One count per route and client address, held in the database so that every server process
 * (WEB_PROCESSES above 1, docs/adr/0009-cluster-shares-state-in-the-database.md) shares it: a
 * fixed window that starts at the first request and lasts `timeWindow` milliseconds. Keys are
 * hashed with the route, so no address is stored.
 */
class DatabaseRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly db: Database,
    private readonly route = '',
  ) {}

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    this.count(key, timeWindow).then(
      (result) => callback(null, result),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  child(routeOptions: { method?: string | string[]; url?: string; path?: string }): FastifyRateLimitStore {
    const method = Array.isArray(routeOptions.method) ? routeOptions.method.join(',') : (routeOptions.method ?? '');
    return new DatabaseRateLimitStore(this.db, `${method} ${routeOptions.url ?? routeOptions.path ?? ''}`);
  }

  private async count(key: string, timeWindow: number): Promise<{ current: number; ttl: number }> {
    const keyHash = createHash('sha256').update(`${this.route}\n${key}`).digest('hex');
    const windowMs = Math.max(1, Math.round(timeWindow));
    return this.db.anonymous(async (trx) => {
      if (Math.random() * SWEEP_ONE_IN < 1) await sql`delete from request_rate_limits where window_started_at < now() - interval '1 day'`.execute(trx);
      // One statement: a new key starts a window; a window that has ended starts again; otherwise one more hit.
      const result = await sql<{ hits: number; ttl_ms: number }>`
        insert into request_rate_limits as r (key_hash, window_started_at, hits) values (${keyHash}, now(), 1)
        on conflict (key_hash) do update set
          hits = case when r.window_started_at + make_interval(secs => ${windowMs}::double precision / 1000) <= now() then 1 else r.hits + 1 end,
          window_started_at = case when r.window_started_at + make_interval(secs => ${windowMs}::double precision / 1000) <= now() then now() else r.window_started_at end
        returning hits, (extract(epoch from (window_started_at + make_interval(secs => ${windowMs}::double precision / 1000) - now())) * 1000)::int as ttl_ms`.execute(trx);
      const row = result.rows[0];
      if (!row) throw new Error('The rate limit count was not returned');
      return { current: row.hits, ttl: Math.max(0, row.ttl_ms) };
    });
  }
}

/** The store @fastify/rate-limit is registered with: counts kept in this database. */
export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  return class extends DatabaseRateLimitStore {
    constructor() {
      super(db);
    }
  };
}
