import autocannon from 'autocannon';
import { percentile } from '../lib/report.js';

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
}

export interface LoadSpec {
  label: string;
  url: string;
  /** The paths to request, taken in turn (so a run spreads over many cases or names). */
  paths: readonly string[];
  method?: 'GET' | 'POST';
  /** For POST: the body of request number i. */
  body?: (i: number) => string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  rssMb: () => number;
}

/**
 * Runs autocannon against the server and measures each response's latency itself (autocannon's own
 * summary has no 95th percentile). A response that is not 2xx, or a socket error or timeout, counts as an error.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let peakRss = spec.rssMb();
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
      client.on('response', (statusCode: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        if (statusCode < 200 || statusCode >= 300) errors++;
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
  };
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
