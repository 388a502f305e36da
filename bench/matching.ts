/**
 * Matching benchmark: loads synthetic people into a fresh database, sends perturbed identities of
 * loaded people through findCandidates, and reports latency and recall of the true record, beside a
 * baseline of pg_trgm similarity on the full name alone.
 *
 *   npx tsx bench/matching.ts [--people N] [--queries Q] [--small] [--pglite] [--keep] [--seed S]
 *
 * --keep leaves the PostgreSQL database behind; --reuse NAME runs the queries again on such a
 * database (with the same seed) without loading it, to try a change of query or index.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { tenantService } from '../src/features/admin/tenants.js';
import { findCandidates, type Candidate } from '../src/features/contacts/matching.js';
import type { Database } from '../src/platform/db/database.js';
import { openBenchDatabase } from './lib/bench-database.js';
import { loadPeople } from './lib/load-people.js';
import { BASELINE_THRESHOLD, makeQueries, trigramBaseline, type Query } from './lib/queries.js';
import { summariseByKind, table, type Outcome } from './lib/report.js';
import { mulberry32 } from '../src/generator/random.js';

const TARGET_P95_MS = 25;
const TARGET_RECALL_AT_5 = 0.98;
const WARM_UP = 50;

const { values: args } = parseArgs({
  options: {
    people: { type: 'string' },
    queries: { type: 'string' },
    seed: { type: 'string', default: '1' },
    small: { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const count = (text: string | undefined, fallback: number): number => {
  const n = text === undefined ? fallback : Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`Not a count: ${text}`);
  return n;
};
let people = count(args.people, args.small ? 20_000 : args.pglite ? 50_000 : 1_000_000);
const queryCount = count(args.queries, args.small ? 300 : 1000);
const seed = count(args.seed, 1);
const loads = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function run(queries: readonly Query[], find: (q: Query) => Promise<string[]>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const q of queries) {
    const { value: ids, ms } = await timed(() => find(q));
    const rank = ids.indexOf(q.trueId);
    outcomes.push({ kind: q.kind, rank: rank < 0 ? null : rank, ms });
  }
  return outcomes;
}

async function keptTenant(db: Database): Promise<{ id: string }> {
  return db.owner().selectFrom('tenants').select('id').where('slug', 'like', 'bench-%').executeTakeFirstOrThrow();
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase({ pglite: args.pglite, keep: args.keep, reuse: args.reuse });
  const stop = () => void bench.close().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const { db } = bench;
    const tenant = args.reuse ? await keptTenant(db) : await tenantService(db).createTenant(`bench-${Date.now()}`, 'Benchmark council');
    if (args.reuse) people = Number((await sql<{ n: string }>`select count(*) as n from people`.execute(db.owner())).rows[0]?.n);
    console.log(`Matching benchmark on ${bench.label}: ${people.toLocaleString('en-GB')} people, ${queryCount} queries, seed ${seed}`);
    if (!args.reuse) {
      const load = await timed(() => loadPeople(db, tenant.id, seed, people, (line) => console.log(line)));
      console.log(`Loaded ${people.toLocaleString('en-GB')} people and ${load.value.addresses.toLocaleString('en-GB')} addresses in ${(load.ms / 1000).toFixed(1)} s`);
    }

    const rng = mulberry32(seed * 7 + 3);
    const warmUp = makeQueries(rng, seed, people, WARM_UP);
    const queries = makeQueries(rng, seed, people, queryCount);
    const candidates = (q: Query): Promise<Candidate[]> => db.tenant(tenant.id, (trx) => findCandidates(trx, q.incoming));
    const baseline = (q: Query): Promise<string[]> => trigramBaseline(db, tenant.id, q.incoming);

    await run(warmUp, async (q) => (await candidates(q)).map((c) => c.personId));
    await run(warmUp, baseline);
    const loadBefore = loads();
    let withheldUsed = 0;
    const matched = await run(queries, async (q) => {
      const found = await candidates(q);
      const truth = found.find((c) => c.personId === q.trueId);
      if (q.withheldPostcode && truth?.reasons.some((r) => r.includes('postcode'))) withheldUsed++;
      return found.map((c) => c.personId);
    });
    const loadBetween = loads();
    const trigram = await run(queries, baseline);
    const loadAfter = loads();

    const ours = summariseByKind('findCandidates', matched);
    console.log(`\nLoad average (1, 5, 15 min): before ${loadBefore}; after findCandidates ${loadBetween}; after baseline ${loadAfter}`);
    console.log('Latency is one db.tenant() transaction per query, sequential, after a warm-up of 50.');
    console.log(`Baseline: ${'`'}%${'`'} at pg_trgm.similarity_threshold ${BASELINE_THRESHOLD} on lower(given_name || ' ' || family_name), top 5 by similarity,`);
    console.log('as the owner with an explicit tenant condition (under row-level security the trigram index cannot be used).\n');
    console.log(table([...ours, ...summariseByKind('pg_trgm baseline', trigram)]));
    const withheld = queries.filter((q) => q.withheldPostcode).length;
    console.log(`\nQueries giving the postcode of a withheld address: ${withheld}; of those, the true record scored on that postcode: ${withheldUsed}`);
    const total = ours[0]!;
    console.log(`Target p95 <= ${TARGET_P95_MS} ms: ${total.p95 <= TARGET_P95_MS ? 'met' : 'NOT met'} (${total.p95.toFixed(1)} ms)`);
    console.log(`Target recall@5 >= ${TARGET_RECALL_AT_5}: ${total.recallAt5 >= TARGET_RECALL_AT_5 ? 'met' : 'NOT met'} (${total.recallAt5.toFixed(3)})`);
  } finally {
    process.off('SIGINT', stop);
    await bench.close();
  }
}

await main();
