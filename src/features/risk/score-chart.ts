import { formatDate } from '../../platform/http/format.js';

/**
 * A small line chart of checklist scores by date, drawn as SVG on the server (no script needed).
 * It is decoration for sighted readers: the same figures are in the table beside it.
 */
export interface ScoreChart {
  width: number;
  height: number;
  line: string;
  points: { x: number; y: number; title: string }[];
  /** Horizontal guides at the lowest high and medium scores. */
  guides: { y: number; label: string }[];
  maxScore: number;
  yLabels: { y: number; text: string }[];
  xLabels: { x: number; text: string }[];
}

const WIDTH = 560;
const HEIGHT = 200;
const PAD = { left: 36, right: 16, top: 12, bottom: 28 };

export function scoreChart(checklists: readonly { completedOn: string; score: number }[], bands: { high: number; medium: number }, maxScore: number): ScoreChart | null {
  if (checklists.length < 2) return null;
  const sorted = [...checklists].sort((a, b) => a.completedOn.localeCompare(b.completedOn));
  const times = sorted.map((c) => Date.parse(`${c.completedOn}T00:00:00Z`));
  const first = times[0]!;
  const span = Math.max(times[times.length - 1]! - first, 1);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const top = Math.max(maxScore, 1);
  const y = (score: number) => Math.round(PAD.top + plotH - (score / top) * plotH);
  const x = (time: number) => Math.round(PAD.left + ((time - first) / span) * plotW);
  const points = sorted.map((c, i) => ({ x: x(times[i]!), y: y(c.score), title: `${formatDate(c.completedOn)}: ${c.score}` }));
  return {
    width: WIDTH,
    height: HEIGHT,
    line: points.map((p) => `${p.x},${p.y}`).join(' '),
    points,
    guides: [
      { y: y(bands.high), label: `High from ${bands.high}` },
      { y: y(bands.medium), label: `Medium from ${bands.medium}` },
    ],
    maxScore: top,
    yLabels: [0, Math.round(top / 2), top].map((s) => ({ y: y(s), text: String(s) })),
    xLabels: [
      { x: points[0]!.x, text: formatDate(sorted[0]!.completedOn) },
      { x: points[points.length - 1]!.x, text: formatDate(sorted[sorted.length - 1]!.completedOn) },
    ],
  };
}
