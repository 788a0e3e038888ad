// Turning the training series into uPlot's aligned columns: one sorted x axis (epochs), the
// per-step training values (smoothed) and the per-epoch validation values, null where absent.
import type { EpochEvent } from '../../train/types.js';

export type Column = (number | null)[];

/** Exponential moving average, debiased at the start (as TensorBoard's smoothing). */
export function smooth(values: readonly number[], factor: number): number[] {
  if (factor <= 0) return [...values];
  let average = 0;
  let weight = 0;
  return values.map((v) => {
    average = average * factor + (1 - factor) * v;
    weight = weight * factor + (1 - factor);
    return average / weight;
  });
}

/** Aligned columns [x, train, validation] for uPlot; validation points sit at the end of their epoch. */
export function alignSeries(x: readonly number[], train: readonly number[], epochs: readonly EpochEvent[], pick: (e: EpochEvent) => number | undefined): [number[], Column, Column] {
  const xs: number[] = [];
  const trainColumn: Column = [];
  const valColumn: Column = [];
  const points = epochs
    .map((e) => ({ x: e.epoch + 1, value: pick(e) }))
    .filter((p): p is { x: number; value: number } => p.value !== undefined && Number.isFinite(p.value));
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    while (j < points.length && points[j]!.x < x[i]!) {
      xs.push(points[j]!.x);
      trainColumn.push(null);
      valColumn.push(points[j]!.value);
      j++;
    }
    xs.push(x[i]!);
    trainColumn.push(train[i]!);
    // The epoch's last step and its validation share an x: one row for both.
    if (j < points.length && points[j]!.x === x[i]) {
      valColumn.push(points[j]!.value);
      j++;
    } else {
      valColumn.push(null);
    }
  }
  for (; j < points.length; j++) {
    xs.push(points[j]!.x);
    trainColumn.push(null);
    valColumn.push(points[j]!.value);
  }
  return [xs, trainColumn, valColumn];
}
