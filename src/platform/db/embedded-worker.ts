import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { OPENED, SIMULATE_TRAP, TRAPPED, type EmbeddedReply, type EmbeddedRequest, type EmbeddedWorkerData } from './embedded-protocol.js';

/**
 * The worker thread that owns the embedded database (PGlite). It answers query messages from
 * src/platform/db/embedded-client.ts one at a time, so that Postgres running inside WebAssembly
 * never blocks the HTTP event loop: a query that never returns stalls this thread only.
 */
const DATE_OID = 1082;
const { dataDir, testHooks, restoreFrom, postgres } = workerData as EmbeddedWorkerData;
const port = parentPort!;

function replyError(id: number, error: unknown): EmbeddedReply {
  const e = (error ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const key of ['code', 'severity', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'routine']) {
    if (typeof e[key] === 'string') fields[key] = e[key];
  }
  return { id, ok: false, error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error), fields } };
}

/**
 * Ends this worker at once when Postgres traps inside WebAssembly. PGlite's protocol loop
 * (execProtocolRawSync) catches every exception from Postgres's main loop and calls it again on the
 * broken instance, which then spins for good: the wedge of issue 11, finding 0, where the trap is
 * `RuntimeError: null function or function signature mismatch` inside pg_trgm's similarity() (from
 * the % operator) during a name search, now and then, under CPU load. Ending the worker lets the
 * HTTP thread report the real reason at once instead of at the time limit. This reaches into PGlite's
 * Emscripten module, which PGlite does not publish: without that hook (another PGlite version) the
 * time limit alone catches the wedge.
 */
function endOnTrap(pglite: PGlite): void {
  const mod = (pglite as unknown as { mod?: Record<string, unknown> }).mod;
  const loopOnce = mod?._PostgresMainLoopOnce;
  if (!mod || typeof loopOnce !== 'function') return;
  mod._PostgresMainLoopOnce = (...args: unknown[]): unknown => {
    try {
      return loopOnce(...args);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) {
        port.postMessage({ id: TRAPPED, ok: false, error: { name: error.name, message: error.message, fields: {} } } satisfies EmbeddedReply);
        process.exit(1); // in a worker thread this ends the thread only
      }
      throw error;
    }
  };
}

async function main(): Promise<void> {
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir === 'memory' ? {} : { dataDir }),
      ...(restoreFrom ? { loadDataDir: new Blob([await readFile(restoreFrom)]) } : {}),
      ...(postgres ? { pgliteWasmModule: postgres } : {}),
      extensions: { pg_trgm, fuzzystrmatch, pgcrypto },
      // Dates as plain YYYY-MM-DD text (a Date at local midnight would shift a day in British Summer Time).
      parsers: { [DATE_OID]: (value: string) => value },
    });
  } catch (error) {
    port.postMessage(replyError(OPENED, error));
    return;
  }
  endOnTrap(pglite);
  port.postMessage({ id: OPENED, ok: true, rows: [] } satisfies EmbeddedReply);
  port.on('message', (request: EmbeddedRequest) => {
    void answer(pglite, request).then((reply) => port.postMessage(reply));
  });
}

async function answer(pglite: PGlite, request: EmbeddedRequest): Promise<EmbeddedReply> {
  try {
    switch (request.op) {
      case 'query': {
        if (testHooks && request.sql === SIMULATE_TRAP) {
          port.postMessage({ id: TRAPPED, ok: false, error: { name: 'RuntimeError', message: 'simulated trap', fields: {} } } satisfies EmbeddedReply);
          process.exit(1);
        }
        const result = await pglite.query(request.sql, request.params);
        return { id: request.id, ok: true, rows: result.rows, ...(result.affectedRows !== undefined ? { affectedRows: result.affectedRows } : {}) };
      }
      case 'exec':
        await pglite.exec(request.sql);
        return { id: request.id, ok: true, rows: [] };
      case 'dump': {
        // PGlite runs one statement at a time, so between two statements its files are consistent.
        const dump = await pglite.dumpDataDir('gzip');
        await writeFile(request.file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
        return { id: request.id, ok: true, rows: [] };
      }
      case 'close':
        if (!pglite.closed) await pglite.close();
        return { id: request.id, ok: true, rows: [] };
    }
  } catch (error) {
    return replyError(request.id, error);
  }
}

void main();
