// A time-series dataset: every series at one working length and channel count, time-major, in one
// Float32Array (sample i at [i * length * channels, (i + 1) * length * channels)).

import { cropOrPad } from '../../pipeline/series/ops/cropOrPad.js';
import { resample } from '../../pipeline/series/ops/resample.js';
import type { Series } from '../../pipeline/series/series.js';
import type { ReportRow } from '../importTypes.js';
import type { RawSeries } from './parse.js';

/** How series of other lengths reach the working length: stretched (linear) or cut/zero-padded at the end. */
export type LengthRule = 'resample' | 'cropOrPad';
export const LENGTH_RULES: readonly LengthRule[] = ['resample', 'cropOrPad'];
export const DEFAULT_SERIES_LENGTH = 128;
export const MIN_SERIES_LENGTH = 2;
export const MAX_SERIES_LENGTH = 4096;

export interface SeriesDataset {
  length: number;
  channels: number;
  /** How series of other lengths were brought to `length`. */
  lengthRule: LengthRule;
  classes: string[];
  labels: Int32Array;
  names: string[];
  /** Working copies: sample i at [i * length * channels, (i + 1) * length * channels). */
  values: Float32Array;
  /** The series as imported (own length), so the working length can change without a re-import. */
  originals: Float32Array[];
}

export function seriesCount(d: Pick<SeriesDataset, 'labels'>): number {
  return d.labels.length;
}

/** Sample i as a Series (a view, not a copy). */
export function seriesAt(d: SeriesDataset, i: number): Series {
  const n = d.length * d.channels;
  return { length: d.length, channels: d.channels, data: d.values.subarray(i * n, (i + 1) * n) };
}

/** One series brought to the working length by the stated rule, as float32. */
export function toWorkingLength(data: Float32Array, channels: number, length: number, rule: LengthRule): Float32Array {
  const input: Series = { length: data.length / channels, channels, data };
  const out = rule === 'resample' ? resample.apply({ length }, input) : cropOrPad.apply({ length, align: 'start', fill: 'zero' }, input);
  return out.data === data ? data.slice() : out.data;
}

function workingValues(originals: readonly Float32Array[], channels: number, length: number, rule: LengthRule): Float32Array {
  const n = length * channels;
  const values = new Float32Array(originals.length * n);
  originals.forEach((o, i) => values.set(toWorkingLength(o, channels, length, rule), i * n));
  return values;
}

/** The dataset at another working length or rule (working copies remade from the originals). */
export function withWorkingLength(d: SeriesDataset, length: number, rule: LengthRule): SeriesDataset {
  if (!Number.isInteger(length) || length < MIN_SERIES_LENGTH || length > MAX_SERIES_LENGTH) {
    throw new Error(`Working length: expected a whole number of steps from ${MIN_SERIES_LENGTH} to ${MAX_SERIES_LENGTH}, got ${length}`);
  }
  return { ...d, length, lengthRule: rule, values: workingValues(d.originals, d.channels, length, rule) };
}

/**
 * Adds series to a dataset (or starts one at `length` and `rule`); a series whose channel count
 * differs from the dataset's is refused with a report row. New class names are added in order.
 */
export function appendSeries(base: SeriesDataset | null, added: readonly RawSeries[], length: number, rule: LengthRule): { dataset: SeriesDataset | null; report: ReportRow[] } {
  const report: ReportRow[] = [];
  const channels = base?.channels ?? added[0]?.channels;
  if (channels === undefined) return { dataset: base, report };
  const kept = added.filter((s) => {
    if (s.channels === channels) return true;
    report.push({ file: s.name, reason: `${s.channels} channel${s.channels > 1 ? 's' : ''}, the dataset has ${channels}` });
    return false;
  });
  const workLength = base?.length ?? length;
  const workRule = base?.lengthRule ?? rule;
  const classes = [...(base?.classes ?? [])];
  const labels = new Int32Array((base?.labels.length ?? 0) + kept.length);
  if (base) labels.set(base.labels);
  kept.forEach((s, i) => {
    let label = classes.indexOf(s.className);
    if (label === -1) label = classes.push(s.className) - 1;
    labels[(base?.labels.length ?? 0) + i] = label;
  });
  const fresh = kept.map((s) => Float32Array.from(s.values));
  const n = workLength * channels;
  const values = new Float32Array(labels.length * n);
  if (base) values.set(base.values);
  values.set(workingValues(fresh, channels, workLength, workRule), (base?.labels.length ?? 0) * n);
  return {
    dataset: { length: workLength, channels, lengthRule: workRule, classes, labels, names: [...(base?.names ?? []), ...kept.map((s) => s.name)], values, originals: [...(base?.originals ?? []), ...fresh] },
    report,
  };
}

/** Mean and standard deviation of each channel over every step of every series (the working copies). */
export function channelStatistics(d: Pick<SeriesDataset, 'channels' | 'values'>): { mean: number[]; std: number[] } {
  const C = d.channels;
  const sum = new Float64Array(C);
  const sq = new Float64Array(C);
  const n = d.values.length / C;
  for (let i = 0; i < d.values.length; i++) sum[i % C]! += d.values[i]!;
  const mean = Array.from(sum, (v) => v / n);
  for (let i = 0; i < d.values.length; i++) {
    const e = d.values[i]! - mean[i % C]!;
    sq[i % C]! += e * e;
  }
  return { mean, std: Array.from(sq, (v) => Math.sqrt(v / n)) };
}
