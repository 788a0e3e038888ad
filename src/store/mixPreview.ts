// The batch steps' preview: the selected sample mixed with another sample of the dataset (one of
// another class where there is one) as a training batch would mix them, with the label weights.
// The same draw and arithmetic as the worker (batchMix.ts), with p taken as 1 so a mix shows.

import { applyBatchMix, drawBatchMix, type BatchOp } from '../pipeline/batchMix.js';
import type { AppState } from './appStore.js';
import { previewSubject } from './previewSlice.js';
import { sampleImage } from '../data/dataset.js';

export interface MixedPair {
  width: number;
  height: number;
  /** RGBA bytes of the mixed image. */
  rgba: Uint8ClampedArray;
  op: BatchOp;
  /** Weight of the selected sample's own label. */
  lambda: number;
  /** Each label of the soft target with its weight, largest first. */
  labels: { name: string; weight: number }[];
  partner: string;
}

export function mixedPairPreview(state: Pick<AppState, 'pipeline' | 'dataset' | 'previewSample' | 'sample'>): MixedPair | null {
  const steps = (state.pipeline.batch ?? []).filter((s) => s.enabled).map((s) => ({ ...s, p: 1 }));
  const { dataset } = state;
  if (steps.length === 0 || !dataset || dataset.labels.length < 2) return null;
  const subject = previewSubject(state);
  const own = subject.index ?? 0;
  const n = dataset.labels.length;
  let other = (own + 1) % n;
  for (let k = 1; k < n; k++) {
    const j = (own + k) % n;
    if (dataset.labels[j] !== dataset.labels[own]) {
      other = j;
      break;
    }
  }
  const a = sampleImage(dataset, own);
  const b = sampleImage(dataset, other);
  const per = a.width * a.height * 3;
  // A batch of two, [other, own]: the second sample mixes with the first, as in a training batch.
  const x = new Float32Array(2 * per);
  x.set(b.data, 0);
  x.set(a.data, per);
  const labels = Int32Array.of(dataset.labels[other]!, dataset.labels[own]!);
  const draw = drawBatchMix(steps, state.pipeline.seed, 0, own, a.width, a.height)!;
  const soft = applyBatchMix({ x, labels, numClasses: dataset.classes.length, width: a.width, height: a.height, channels: 3, layout: 'NHWC' }, draw);
  const rgba = new Uint8ClampedArray(a.width * a.height * 4);
  for (let p = 0, q = per; p < rgba.length; p += 4, q += 3) {
    rgba[p] = x[q]!;
    rgba[p + 1] = x[q + 1]!;
    rgba[p + 2] = x[q + 2]!;
    rgba[p + 3] = 255;
  }
  const row = soft.subarray(dataset.classes.length, 2 * dataset.classes.length);
  const weights = [...row].map((weight, c) => ({ name: dataset.classes[c]!, weight })).filter((w) => w.weight > 0).sort((p, q) => q.weight - p.weight);
  return { width: a.width, height: a.height, rgba, op: draw.op, lambda: draw.lambda, labels: weights, partner: dataset.names[other] ?? `sample ${other + 1}` };
}
