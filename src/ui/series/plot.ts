// Pure display helpers for series: polyline points of each channel in a box, one colour per
// channel, and a step's drawn arguments as short text (what hovering a variant shows).
import type { StepTrace } from '../../pipeline/run.js';

export interface PlotSeries {
  length: number;
  channels: number;
  data: Float32Array;
}

/** Channel colours (Okabe-Ito, distinguishable with colour-blindness), repeated past eight. */
export const CHANNEL_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'] as const;

/** The value range of several series together (so the original and a variant share one scale). */
export function valueRange(series: readonly PlotSeries[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const v of s.data) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!Number.isFinite(lo)) return [-1, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** SVG polyline `points` for each channel of `s`, in a width x height box, values mapped from `range`. */
export function polylines(s: PlotSeries, width: number, height: number, range: [number, number]): string[] {
  const [lo, hi] = range;
  const out: string[] = [];
  for (let c = 0; c < s.channels; c++) {
    const points: string[] = [];
    for (let t = 0; t < s.length; t++) {
      const x = s.length === 1 ? width / 2 : (t * width) / (s.length - 1);
      const y = height - ((s.data[t * s.channels + c]! - lo) / (hi - lo)) * height;
      points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    }
    out.push(points.join(' '));
  }
  return out;
}

function valueText(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3);
  if (Array.isArray(v)) return v.length > 6 ? `[${v.slice(0, 6).map(valueText).join(', ')}, … ${v.length} values]` : `[${v.map(valueText).join(', ')}]`;
  return String(v);
}

/** One line per step: "jitter: sigma 0.030, seed 123" or "scaling: not applied". */
export function drawnText(trace: readonly StepTrace[]): string {
  return trace
    .map((t) => {
      if (!t.applied) return `${t.op}: not applied`;
      const args = Object.entries((t.args ?? {}) as Record<string, unknown>).filter(([k]) => k !== 'seed');
      return args.length ? `${t.op}: ${args.map(([k, v]) => `${k} ${valueText(v)}`).join(', ')}` : t.op;
    })
    .join('\n');
}
