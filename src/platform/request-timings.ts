import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/**
 * Where a request's time goes, for the Server-Timing header (SERVER_TIMING=true) that the benchmarks
 * read: finding the session, the access check, writing the view's audit event, the page's own database
 * work, and rendering the page. The rest of the total is Fastify, hooks and the handler's own code.
 */
export const TIMING_PHASES = ['session', 'access', 'audit', 'db', 'render'] as const;
export type TimingPhase = (typeof TIMING_PHASES)[number];

export class RequestTimings {
  readonly startedAt = performance.now();
  readonly spent: Record<TimingPhase, number> = { session: 0, access: 0, audit: 0, db: 0, render: 0 };
  /**
   * How many timed pieces of work are running now. Work that starts while another runs (database work
   * inside the audit phase, or a handler's look-ups run side by side) counts to the one already timed,
   * never twice; a count rather than the phase, so look-ups that overlap and end in any order leave it
   * at zero once all have ended.
   */
  active = 0;

  /** The Server-Timing header's value: each phase and the total, in milliseconds. */
  header(now = performance.now()): string {
    const parts = TIMING_PHASES.map((phase) => `${phase};dur=${this.spent[phase].toFixed(2)}`);
    return [...parts, `total;dur=${(now - this.startedAt).toFixed(2)}`].join(', ');
  }
}

const store = new AsyncLocalStorage<RequestTimings>();

/** Runs the rest of a request with its timings as the current ones (one call, at its very start). */
export function runWithTimings(timings: RequestTimings, next: () => void): void {
  store.run(timings, next);
}

/** Runs `work` as part of `phase` of the current request, when its time is being measured. */
export async function timed<T>(phase: TimingPhase, work: () => Promise<T>): Promise<T> {
  const timings = store.getStore();
  if (!timings) return work();
  const outermost = timings.active === 0;
  const started = performance.now();
  timings.active++;
  try {
    return await work();
  } finally {
    timings.active--;
    if (outermost) timings.spent[phase] += performance.now() - started;
  }
}

/** As `timed`, for synchronous work (rendering a template, an access check). */
export function timedSync<T>(phase: TimingPhase, work: () => T): T {
  const timings = store.getStore();
  if (!timings || timings.active > 0) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    timings.spent[phase] += performance.now() - started;
  }
}

/** Parses a Server-Timing header into durations by name (for the benchmark and the tests). */
export function parseServerTiming(header: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of header.split(',')) {
    const match = /^\s*([\w-]+)\s*;\s*dur=([\d.]+)/.exec(part);
    if (match) out[match[1]!] = Number(match[2]);
  }
  return out;
}
