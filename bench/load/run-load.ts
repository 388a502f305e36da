import autocannon from 'autocannon';
import { parseServerTiming, TIMING_PHASES } from '../../src/platform/request-timings.js';
import { percentile } from '../lib/report.js';

/** The server's own account of where a response's time went (Server-Timing), averaged over a run, in ms. */
export type Breakdown = Record<(typeof TIMING_PHASES)[number] | 'other' | 'total', number>;

/** What one load run measured. */
export interface LoadResult {
  label: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** The highest server RSS seen during the run, in MB. */
  rssMb: number;
  /** Mean server-side time by part, when the server sent Server-Timing. */
  breakdown: Breakdown | null;
}

export interface LoadSpec {
  label: string;
  url: string;
  /** The paths to request, taken in turn (so a run spreads over many cases or names). */
  paths: readonly string[];
  method?: 'GET' | 'POST';
  /** For POST: the body of request number i. */
  body?: (i: number) => string;
  /** The status that counts as done (a form's POST answers 303); any 2xx when not said. */
  okStatus?: number;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  rssMb: () => number;
}

/**
 * Runs autocannon against the server and measures each response's latency itself (autocannon's own
 * summary has no 95th percentile). A response that is not 2xx (or not `okStatus`), or a socket error or timeout, counts as an error.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let peakRss = spec.rssMb();
  const sums: Record<string, number> = {};
  let timed = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, spec.rssMb());
  }, 200);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    requests: [
      {
        setupRequest: (request) => {
          const i = next++;
          return { ...request, path: spec.paths[i % spec.paths.length]!, ...(spec.body ? { body: spec.body(i) } : {}) };
        },
      },
    ],
    setupClient: (client) => {
      // autocannon passes the parser's record, whose raw headers are a flat list: name, value, name, value
      // (its type declaration says otherwise).
      client.on('headers', (record) => {
        const headers = (record as unknown as { headers?: string[] }).headers ?? [];
        for (let i = 0; i + 1 < headers.length; i += 2) {
          if (headers[i]!.toLowerCase() !== 'server-timing') continue;
          timed++;
          for (const [name, ms] of Object.entries(parseServerTiming(headers[i + 1]!))) sums[name] = (sums[name] ?? 0) + ms;
        }
      });
      client.on('response', (statusCode: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        if (spec.okStatus ? statusCode !== spec.okStatus : statusCode < 200 || statusCode >= 300) errors++;
      });
    },
  });
  clearInterval(sampler);
  peakRss = Math.max(peakRss, spec.rssMb());
  const sorted = latencies.sort((a, b) => a - b);
  return {
    label: spec.label,
    requests: latencies.length,
    perSecond: latencies.length / spec.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: errors + result.errors + result.timeouts,
    rssMb: peakRss,
    breakdown: timed ? breakdownOf(sums, timed) : null,
  };
}

function breakdownOf(sums: Record<string, number>, count: number): Breakdown {
  const mean = (name: string) => (sums[name] ?? 0) / count;
  const parts = Object.fromEntries(TIMING_PHASES.map((phase) => [phase, mean(phase)])) as Record<(typeof TIMING_PHASES)[number], number>;
  const total = mean('total');
  return { ...parts, other: Math.max(0, total - TIMING_PHASES.reduce((sum, phase) => sum + parts[phase], 0)), total };
}

/** Where each page's server time went, in mean milliseconds per request, from Server-Timing. */
export function breakdownTable(rows: readonly LoadResult[]): string {
  const columns = [...TIMING_PHASES, 'other', 'total'] as const;
  const head = ['', ...columns];
  const body = rows.filter((r) => r.breakdown).map((r) => [r.label, ...columns.map((c) => r.breakdown![c].toFixed(2))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

/** A table of load results, with each latency also as a multiple of the bare route's. */
export function loadTable(rows: readonly LoadResult[], bare: LoadResult | undefined): string {
  const ratio = (x: number, base: number | undefined) => (base ? ` (${(x / base).toFixed(1)}×)` : '');
  const head = ['', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'RSS MB'];
  const body = rows.map((r) => [
    r.label,
    String(r.requests),
    `${r.perSecond.toFixed(0)}${bare && r !== bare ? ` (${(r.perSecond / bare.perSecond).toFixed(2)}×)` : ''}`,
    `${r.p50.toFixed(1)}${r !== bare ? ratio(r.p50, bare?.p50) : ''}`,
    `${r.p95.toFixed(1)}${r !== bare ? ratio(r.p95, bare?.p95) : ''}`,
    `${r.p99.toFixed(1)}${r !== bare ? ratio(r.p99, bare?.p99) : ''}`,
    String(r.errors),
    r.rssMb.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
