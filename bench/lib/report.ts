import { PERTURBATIONS, type PerturbationKind } from '../../src/generator/recording-slips.js';

/** One query's result: where the true record came (0 is first, null when not in the list) and how long it took. */
export interface Outcome {
  kind: PerturbationKind;
  rank: number | null;
  ms: number;
}

export interface Summary {
  label: string;
  n: number;
  recallAt1: number;
  recallAt5: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(label: string, outcomes: readonly Outcome[]): Summary {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const share = (test: (o: Outcome) => boolean) => outcomes.filter(test).length / (outcomes.length || 1);
  return {
    label,
    n: outcomes.length,
    recallAt1: share((o) => o.rank === 0),
    recallAt5: share((o) => o.rank !== null && o.rank < 5),
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    mean: ms.reduce((sum, x) => sum + x, 0) / (ms.length || 1),
  };
}

/** The whole run and then each kind of slip. */
export function summariseByKind(label: string, outcomes: readonly Outcome[]): Summary[] {
  return [summarise(label, outcomes), ...PERTURBATIONS.map((kind) => summarise(`  ${kind}`, outcomes.filter((o) => o.kind === kind)))];
}

export function table(rows: readonly Summary[]): string {
  const head = ['', 'n', 'recall@1', 'recall@5', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms'];
  const body = rows.map((r) => [r.label, String(r.n), r.recallAt1.toFixed(3), r.recallAt5.toFixed(3), ...[r.p50, r.p95, r.p99, r.mean].map((x) => x.toFixed(1))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
