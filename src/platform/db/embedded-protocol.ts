/** The messages between the HTTP thread (embedded-client.ts) and the embedded database's worker (embedded-worker.ts). */
export interface EmbeddedWorkerData {
  dataDir: string | 'memory';
}

export type EmbeddedRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'close' };

/** id 0 is the worker's own first message: the database is open (ok) or could not be opened. */
export type EmbeddedReply =
  | { id: number; ok: true; rows: unknown[]; affectedRows?: number }
  | { id: number; ok: false; error: { name: string; message: string; fields: Record<string, string> } };
