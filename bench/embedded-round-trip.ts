/**
 * What the embedded database's worker thread costs per query: the same queries through PGlite in
 * this thread and through EmbeddedClient (a message to the worker and back). Usage:
 * tsx bench/embedded-round-trip.ts [queries=2000]
 */
import { PGlite } from '@electric-sql/pglite';
import { EmbeddedClient } from '../src/platform/db/embedded-client.js';

const n = Number(process.argv[2] ?? 2000);
const QUERIES: [string, string, unknown[]][] = [
  ['select 1', 'select 1', []],
  ['100 rows', 'select g as id, md5(g::text) as label, now() as at from generate_series(1, 100) g', []],
  ['1 row by key', 'select * from t where id = $1', [500]],
];

async function time(run: (sql: string, params: unknown[]) => Promise<unknown>, sql: string, params: unknown[]): Promise<number> {
  for (let i = 0; i < 200; i++) await run(sql, params); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run(sql, params);
  return Number(process.hrtime.bigint() - started) / 1000 / n; // microseconds per query
}

const setup = `create table t (id int primary key, label text); insert into t select g, md5(g::text) from generate_series(1, 1000) g;`;
const inThread = await PGlite.create();
await inThread.exec(setup);
const worker = await EmbeddedClient.open('memory');
await worker.exec(setup);

console.log(`${n} queries each, in-memory database; microseconds per query`);
console.log('query            in-thread   worker   ratio   worker cost');
for (const [name, sql, params] of QUERIES) {
  const a = await time((q, p) => inThread.query(q, p), sql, params);
  const b = await time((q, p) => worker.query(q, p), sql, params);
  console.log(`${name.padEnd(16)} ${a.toFixed(0).padStart(9)} ${b.toFixed(0).padStart(8)} ${(b / a).toFixed(2).padStart(7)} ${`+${(b - a).toFixed(0)}`.padStart(13)}`);
}
await inThread.close();
await worker.close();
