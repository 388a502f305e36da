/** The messages between the HTTP thread (embedded-client.ts) and the embedded database's worker (embedded-worker.ts). */
export interface EmbeddedWorkerData {
  dataDir: string | 'memory';
  /** The test suite only (NODE_ENV=test): the query SIMULATE_TRAP ends the worker as a trap does. */
  testHooks: boolean;
  /** A backup (a `dump` reply, written to a file) to fill the empty data folder from before opening. */
  restoreFrom?: string;
  /** Postgres's WebAssembly already compiled (embedded-client.ts), so that the worker need not compile it again. */
  postgres?: WebAssembly.Module;
}

/** Under testHooks, this query behaves as a query on which Postgres trapped inside WebAssembly. */
export const SIMULATE_TRAP = "select 'wraparound:simulate-trap'";

export type EmbeddedRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  /** A consistent copy of the whole database (PGlite's data folder as gzipped tar), written to `file`. */
  | { id: number; op: 'dump'; file: string }
  | { id: number; op: 'close' };

/** The worker's own first message: the database is open (ok) or could not be opened. */
export const OPENED = 0;
/** The worker's last message when Postgres trapped inside WebAssembly: the worker then ends. */
export const TRAPPED = -1;

/** A reply to the request of the same id, or OPENED or TRAPPED. */
export type EmbeddedReply =
  | { id: number; ok: true; rows: unknown[]; affectedRows?: number }
  | { id: number; ok: false; error: { name: string; message: string; fields: Record<string, string> } };
