import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import { TRAPPED, type EmbeddedReply, type EmbeddedRequest, type EmbeddedWorkerData } from './embedded-protocol.js';

/** The default time limit on one embedded query (EMBEDDED_QUERY_TIMEOUT_SECONDS). */
export const DEFAULT_EMBEDDED_QUERY_TIMEOUT_MS = 30_000;

/**
 * Postgres trapped inside WebAssembly during this query (a fault in PGlite's build, issue 11 finding 0):
 * the database was reopened from its files in a new worker, and the transaction this query belonged
 * to was lost, so it may be run again from the start (`db.tenant()` and `db.anonymous()` do, up to five times in all).
 */
export class EmbeddedDatabaseRestarted extends Error {
  readonly code = 'EMBEDDED_DATABASE_RESTARTED';
  constructor(reason: string) {
    super(reason);
    this.name = 'EmbeddedDatabaseRestarted';
  }
}

/** A backup of the whole embedded database may take far longer than one query. */
const DUMP_TIMEOUT_MS = 10 * 60_000;

/** How many traps in a row a database is reopened after before it is taken to be broken. */
const MAX_RESTARTS = 8;

/** The embedded database stopped answering: a query ran past its time limit, or its worker ended. */
export class EmbeddedDatabaseStalled extends Error {
  readonly code = 'EMBEDDED_DATABASE_STALLED';
  constructor(reason: string) {
    super(reason);
    this.name = 'EmbeddedDatabaseStalled';
  }
}

export interface EmbeddedResult<R> {
  rows: R[];
  affectedRows?: number;
}

/** A request before it is numbered. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve(reply: EmbeddedReply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * From source (the tests, tsx) the worker is TypeScript. Loaded through tsx, each worker would start a
 * module loader of its own (a third of a second of CPU an open); instead the worker is bundled once per
 * process with esbuild (which tsx itself runs on) into node_modules/.cache, and that file is started.
 * Built (dist/), the worker is plain JavaScript beside this file.
 */
async function startWorker(data: EmbeddedWorkerData): Promise<Worker> {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./embedded-worker.js', here), { workerData: data });
  workerBundle ??= bundleWorker(fileURLToPath(new URL('./embedded-worker.ts', here)));
  return new Worker(await workerBundle, { workerData: data });
}

let workerBundle: Promise<URL> | undefined;

async function bundleWorker(entry: string): Promise<URL> {
  const { build } = await import('esbuild');
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false });
  const code = result.outputFiles[0]!.text;
  // Inside the project's node_modules, so that the bundle's own imports (PGlite) resolve as the source's do.
  const dir = fileURLToPath(new URL('../../../node_modules/.cache/wraparound', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = join(dir, `embedded-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  // Written whole under another name, then renamed: a process starting a worker never reads half a file.
  const partial = `${file}.${process.pid}.${threadId}.tmp`;
  await writeFile(partial, code);
  await rename(partial, file);
  return pathToFileURL(file);
}

function databaseError(error: { name: string; message: string; fields: Record<string, string> }): Error {
  const e = new Error(error.message);
  e.name = error.name;
  return Object.assign(e, error.fields);
}

/**
 * The embedded database (PGlite) run in a worker thread of its own, reached by messages. Postgres in
 * WebAssembly runs a query synchronously: on the HTTP thread a query that never returns would block
 * every request, /health and SIGTERM. Here it blocks the worker only. Every request has a time limit;
 * past it the worker is taken to have wedged: it is stopped, every waiting and later query fails with
 * EmbeddedDatabaseStalled, and `problem` says why (GET /health answers 503 with it).
 */
export class EmbeddedClient {
  #worker: Worker;
  readonly #dataDir: string | 'memory';
  readonly #queryTimeoutMs: number;
  /** While a new worker opens after a trap: what later queries wait for. */
  #reopening: Promise<void> | null = null;
  #restarts = 0;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #problem: string | null = null;
  #closed = false;

  private constructor(worker: Worker, dataDir: string | 'memory', queryTimeoutMs: number) {
    this.#worker = worker;
    this.#dataDir = dataDir;
    this.#queryTimeoutMs = queryTimeoutMs;
    this.#listen(worker);
  }

  #listen(worker: Worker): void {
    // As PGlite in this thread did, an idle database does not keep the process alive: a query in
    // flight does, through its time limit's timer.
    worker.unref();
    worker.on('message', (reply: EmbeddedReply) => {
      if (reply.id === TRAPPED && !reply.ok) return this.#trapped(reply.error.message);
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      // A query that ran to its end resets the count of traps in a row.
      if (reply.ok) this.#restarts = 0;
      pending.resolve(reply);
    });
    worker.on('error', (error) => this.#stop(`The embedded database stopped: ${error.message}`));
    worker.on('exit', () => this.#stop('The embedded database stopped'));
  }

  /** Starts the worker and opens the database in `dataDir` (or in memory). */
  static async open(dataDir: string | 'memory', queryTimeoutMs = DEFAULT_EMBEDDED_QUERY_TIMEOUT_MS): Promise<EmbeddedClient> {
    return new EmbeddedClient(await openWorker(dataDir), dataDir, queryTimeoutMs);
  }

  /** Fills the empty folder `dataDir` from a backup written by `dump`, and closes it again. */
  static async restore(dataDir: string, backupFile: string): Promise<void> {
    const client = new EmbeddedClient(await openWorker(dataDir, backupFile), dataDir, DEFAULT_EMBEDDED_QUERY_TIMEOUT_MS);
    await client.close();
  }

  /** Writes a consistent copy of the whole database to `file` (gzipped tar of its folder). */
  async dump(file: string): Promise<void> {
    await this.#send({ op: 'dump', file }, DUMP_TIMEOUT_MS);
  }

  /** Why the embedded database cannot answer, or null while it answers. */
  get problem(): string | null {
    return this.#problem;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<EmbeddedResult<R>> {
    const reply = await this.#send({ op: 'query', sql, params });
    return { rows: reply.rows as R[], ...(reply.affectedRows !== undefined ? { affectedRows: reply.affectedRows } : {}) };
  }

  /** Runs a script of several statements (no parameters). */
  async exec(sql: string): Promise<void> {
    await this.#send({ op: 'exec', sql });
  }

  /** Closes the database and ends the worker; a wedged worker is simply ended. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (!this.#problem) await this.#send({ op: 'close' });
    } finally {
      this.#closed = true;
      this.#worker.removeAllListeners('exit');
      await this.#worker.terminate();
    }
  }

  async #send(request: Unnumbered<EmbeddedRequest>, timeoutMs = this.#queryTimeoutMs): Promise<Extract<EmbeddedReply, { ok: true }>> {
    if (this.#reopening) await this.#reopening;
    return this.#post(request, timeoutMs);
  }

  #post(request: Unnumbered<EmbeddedRequest>, timeoutMs = this.#queryTimeoutMs): Promise<Extract<EmbeddedReply, { ok: true }>> {
    if (this.#closed) return Promise.reject(new Error('The embedded database is closed'));
    if (this.#problem) return Promise.reject(new EmbeddedDatabaseStalled(this.#problem));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#stop(`The embedded database stopped answering: a query ran past the ${timeoutMs / 1000} s limit (EMBEDDED_QUERY_TIMEOUT_SECONDS)`),
        timeoutMs,
      );
      this.#pending.set(id, {
        resolve: (reply) => (reply.ok ? resolve(reply) : reject(databaseError(reply.error))),
        reject,
        timer,
      });
      this.#worker.postMessage({ ...request, id } as EmbeddedRequest);
    });
  }

  /**
   * Postgres trapped inside WebAssembly, and its worker ended. The queries in flight fail with
   * EmbeddedDatabaseRestarted (their transaction is lost; the caller may run it again), and a new
   * worker opens the database again from its files, as after a crash. An in-memory database has no
   * files to reopen, and a database that keeps trapping is taken to be broken: both stop for good.
   */
  #trapped(message: string): void {
    if (this.#closed || this.#problem || this.#reopening) return;
    const reason = `The embedded database failed and was stopped: ${message}`;
    if (this.#dataDir === 'memory' || this.#restarts >= MAX_RESTARTS) return this.#stop(reason);
    this.#restarts++;
    const old = this.#worker;
    old.removeAllListeners();
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new EmbeddedDatabaseRestarted(`${reason}; it was opened again, and the work may be tried again`));
      this.#pending.delete(id);
    }
    this.#reopening = (async () => {
      await old.terminate();
      try {
        this.#worker = await openWorker(this.#dataDir);
        this.#listen(this.#worker);
      } catch (error) {
        this.#stop(`${reason}, and could not be opened again: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.#reopening = null;
      }
    })();
  }

  /** Marks the database as wedged, fails every waiting query, and ends the worker (it may be spinning). */
  #stop(reason: string): void {
    if (this.#closed || this.#problem) return;
    this.#problem = reason;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new EmbeddedDatabaseStalled(reason));
      this.#pending.delete(id);
    }
    this.#worker.removeAllListeners('exit');
    void this.#worker.terminate();
  }
}

/** Starts a worker and waits for it to open the database in `dataDir` (or in memory). */
let compiledPostgres: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * Postgres's WebAssembly, compiled once for this process and handed to each worker that opens a
 * database (a reopen after a trap, a restore, a test's own database) instead of compiled again each
 * time: about half a second of a core per open. If PGlite's files are not where this expects them
 * (another PGlite version), each worker compiles its own copy as PGlite does by default.
 */
export function postgresWasm(): Promise<WebAssembly.Module | undefined> {
  compiledPostgres ??= (async () => {
    try {
      const pgliteDir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
      return await WebAssembly.compile(await readFile(join(pgliteDir, 'pglite.wasm')));
    } catch {
      return undefined;
    }
  })();
  return compiledPostgres;
}

async function openWorker(dataDir: string | 'memory', restoreFrom?: string): Promise<Worker> {
  const postgres = await postgresWasm();
  const worker = await startWorker({ dataDir, testHooks: process.env.NODE_ENV === 'test', ...(restoreFrom ? { restoreFrom } : {}), ...(postgres ? { postgres } : {}) });
  const opened = await new Promise<EmbeddedReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The embedded database's worker ended while opening (exit code ${code})`)));
  });
  if (!opened.ok) {
    await worker.terminate();
    throw databaseError(opened.error);
  }
  for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
  return worker;
}

