/**
 * The load benchmarks: pages under load, ingest, and start-up, on PostgreSQL and on embedded PGlite,
 * against a real server process on loopback. Each prints a table.
 *
 *   npm run bench [-- --small] [-- --postgres-only | --pglite-only] [-- --seconds N] [-- --ingest-seconds N]
 *                 [-- --processes N|auto] [-- --pool N]
 *
 * Full size: PostgreSQL with 250,000 generated families (about 1,000,000 people), PGlite with 12,500
 * (about 50,000 people). --small uses 2,500 and 1,000 families and short runs, to finish in about
 * two minutes. On PostgreSQL the server runs --processes server processes (WEB_PROCESSES; default
 * auto, one per core) with --pool connections each (DATABASE_POOL_SIZE; default 10). Targets are in
 * docs/performance.md.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { paths } from '../src/platform/http/paths.js';
import { BENCH_COORDINATOR, BENCH_EMAIL, BENCH_PASSWORD, BENCH_REP, BENCH_WORKER, prepareDataset, type Dataset } from './load/dataset.js';
import { notificationBody } from './load/notifications.js';
import { breakdownTable, loadTable, runLoad, type LoadResult } from './load/run-load.js';
import { startServer } from './load/server-process.js';
import { letterBody } from './load/letter.js';
import { csrfOf, signIn } from './load/session.js';

const { values: args } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
    seconds: { type: 'string' },
    'ingest-seconds': { type: 'string' },
    connections: { type: 'string', default: '32' },
    processes: { type: 'string', default: 'auto' },
    pool: { type: 'string', default: '10' },
  },
});

const small = args.small;
const seconds = Number(args.seconds ?? (small ? 3 : 15));
const ingestSeconds = Number(args['ingest-seconds'] ?? (small ? 5 : 60));
const connections = Number(args.connections);
const log = (line: string) => console.error(line);

const SIZES = { postgres: small ? 2_500 : 250_000, pglite: small ? 1_000 : 12_500 } as const;

async function pagesUnderLoad(data: Dataset, url: string, rssMb: () => number, cookie: string, marac: { coordinator: string; rep: string }, worker: string): Promise<LoadResult[]> {
  const common = { url, headers: { cookie }, connections, seconds, rssMb };
  const results: LoadResult[] = [];
  results.push(await runLoad({ ...common, label: 'bare layout (signed-out page)', paths: [paths.signedOut] }));
  results.push(await runLoad({ ...common, label: 'case overview', paths: data.caseIds.map((id) => paths.cases.overview(id)) }));
  results.push(await runLoad({ ...common, label: 'MASH queue, first page by due date', paths: [paths.contacts.queue] }));
  results.push(await runLoad({ ...common, label: 'person search by name', paths: data.names.map((n) => `${paths.people.search}?name=${encodeURIComponent(n)}`) }));
  results.push(await runLoad({ ...common, label: 'home (work to do)', paths: [paths.home] }));
  results.push(await runLoad({ ...common, label: 'person Risk page', paths: data.personIds.map((id) => paths.people.risk(id)) }));
  const meeting = `${data.marac.caseIds.length}-case Marac meeting, ${data.marac.agencies} agencies`;
  results.push(await runLoad({ ...common, headers: { cookie: marac.coordinator }, label: `Marac run sheet (${meeting})`, paths: [paths.marac.runSheet(data.marac.meetingId)] }));
  results.push(await runLoad({ ...common, headers: { cookie: marac.rep }, label: `representative's research page (${meeting})`, paths: data.marac.caseIds.map((id) => paths.marac.research(id)) }));
  results.push(await runLoad({ ...common, headers: { cookie: worker }, label: `caseload list (a social worker with ${data.caseload.cases} cases)`, paths: [paths.cases.list] }));
  results.push(await runLoad({ ...common, headers: { cookie: worker }, label: `case chronology, first page (${data.caseload.chronologyEvents} events)`, paths: [paths.cases.chronology(data.caseload.chronologyCaseId)] }));
  // A 4-page letter made and kept: filled, its PDF written (embedded font), hashed and stored. Its req/s is documents a second.
  const letterUrl = paths.documents.writeLetter(data.caseload.chronologyCaseId, 'threshold-decision-letter');
  const csrf = await csrfOf(url, letterUrl, worker);
  results.push(
    await runLoad({ ...common, connections: Math.min(connections, 8), headers: { cookie: worker, 'content-type': 'application/x-www-form-urlencoded' }, label: '4-page letter PDF made and kept (documents a second)', method: 'POST', paths: [letterUrl], body: () => letterBody(csrf, data.caseload.letterRecipientId), okStatus: 303 }),
  );
  return results;
}

/** PostgreSQL's server runs --processes processes with --pool connections each; PGlite is one process by nature. */
function serverEnv(kind: 'postgres' | 'pglite', data: Dataset): Record<string, string> {
  return kind === 'postgres' ? { ...data.env, WEB_PROCESSES: args.processes, DATABASE_POOL_SIZE: args.pool } : data.env;
}

async function benchmark(kind: 'postgres' | 'pglite'): Promise<void> {
  log(`\n== ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}: generating ${SIZES[kind].toLocaleString('en-GB')} families`);
  const data = await prepareDataset(kind, SIZES[kind], log);
  try {
    if (kind === 'postgres') log(`   server: WEB_PROCESSES=${args.processes}, DATABASE_POOL_SIZE=${args.pool}`);
    log(`   ${data.label}: ${data.counts.people.toLocaleString('en-GB')} people, ${data.counts.cases.toLocaleString('en-GB')} cases, ${data.counts.contacts.toLocaleString('en-GB')} contacts (${data.counts.openContacts.toLocaleString('en-GB')} open), generated in ${data.generateSeconds.toFixed(0)} s`);

    // Start-up: process start to the first 200 from /health, three times, with the database already there.
    const startups: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await startServer(serverEnv(kind, data));
      startups.push(s.startupMs);
      await s.stop();
    }
    const server = await startServer(serverEnv(kind, data));
    try {
      const cookie = await signIn(server.url, BENCH_EMAIL, BENCH_PASSWORD);
      // Warm the caches and the connection pool before measuring.
      await runLoad({ label: 'warm-up', url: server.url, paths: data.caseIds.map((id) => paths.cases.overview(id)), headers: { cookie }, connections: 4, seconds: 2, rssMb: server.rssMb });
      const marac = { coordinator: await signIn(server.url, BENCH_COORDINATOR, BENCH_PASSWORD), rep: await signIn(server.url, BENCH_REP, BENCH_PASSWORD) };
      const worker = await signIn(server.url, BENCH_WORKER, BENCH_PASSWORD);
      const pages = await pagesUnderLoad(data, server.url, server.rssMb, cookie, marac, worker);
      let serial = 0;
      const ingest = await runLoad({
        label: 'POST /api/v1/notifications (with matching)',
        url: server.url,
        method: 'POST',
        paths: [paths.api.notifications],
        body: (i) => notificationBody(data.people, i, `${kind}-${process.pid}-${serial++}`),
        headers: { authorization: `Bearer ${data.token}`, 'content-type': 'application/json' },
        connections: Math.min(connections, 16),
        seconds: ingestSeconds,
        rssMb: server.rssMb,
      });

      console.log(`\n${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${data.counts.people.toLocaleString('en-GB')} people, ${data.counts.cases.toLocaleString('en-GB')} cases, ${data.counts.contacts.toLocaleString('en-GB')} contacts (${data.counts.openContacts.toLocaleString('en-GB')} open)`);
      console.log(`\nPages under load (${connections} connections, ${seconds} s each; ratios to the bare layout)`);
      console.log(loadTable(pages, pages[0]));
      console.log('\nWhere the server spent each request (mean ms, from its Server-Timing header; db is the page\'s own queries)');
      console.log(breakdownTable(pages));
      console.log(`\nIngest (${Math.min(connections, 16)} connections, ${ingestSeconds} s)`);
      console.log(loadTable([ingest], undefined));
      console.log(breakdownTable([ingest]));
      console.log('\nStart-up (process start to the first 200 from /health, existing database)');
      console.log(startups.map((ms, i) => `  run ${i + 1}: ${ms.toFixed(0)} ms`).join('\n'));
    } finally {
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
}

async function main(): Promise<void> {
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB; load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`Mode: ${small ? 'small (quick check)' : 'full'}`);
  if (!args['pglite-only']) await benchmark('postgres');
  if (!args['postgres-only']) await benchmark('pglite');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
