// Batch-level steps (pipeline version 2, field `batch`): MixUp (Zhang et al. 2018) and CutMix (Yun
// et al. 2019), applied by the worker that builds a training batch, after every sample went through
// the pipeline, so the labels become soft targets in the same transfer. As torchvision's v2 MixUp
// and CutMix: one λ ~ Beta(alpha, alpha) per batch, each sample mixed with the one before it in the
// batch (the first with the last); CutMix's λ is the kept area. With both enabled, one is picked per
// batch. Draws depend on (seed, epoch, first sample index of the batch) only.

import { drawBeta } from './dirichlet.js';
import { wasmKernels, type Kernels } from './wasm/kernels.js';
import { hashInts, Rng } from './rng.js';
import type { Issue } from './schema/errors.js';
import { echo } from './schema/errors.js';

export const BATCH_OPS = ['mixUp', 'cutMix'] as const;
export type BatchOp = (typeof BATCH_OPS)[number];

export interface BatchStep {
  op: BatchOp;
  /** Beta(alpha, alpha) for λ; 1 is uniform, small values keep λ near 0 or 1. */
  alpha: number;
  /** Probability that a batch is mixed. */
  p: number;
  enabled: boolean;
}

export const BATCH_OP_INFO: Record<BatchOp, { label: string; description: string; defaultAlpha: number }> = {
  mixUp: { label: 'MixUp', description: 'Blends each image with another of the batch, λ·a + (1−λ)·b, and their labels with the same weights', defaultAlpha: 0.2 },
  cutMix: { label: 'CutMix', description: 'Pastes a box of another image of the batch into each image; the labels are weighted by area', defaultAlpha: 1 },
};

const MAX_ALPHA = 100;

/** Reads the `batch` field of a version-2 file; issues name the field. */
export function parseBatchSteps(raw: unknown, issues: Issue[]): BatchStep[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > BATCH_OPS.length) {
    issues.push({ path: 'batch', message: `expected a list of at most ${BATCH_OPS.length} batch steps, got ${echo(raw)}` });
    return [];
  }
  const out: BatchStep[] = [];
  raw.forEach((item, i) => {
    const path = `batch[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issues.push({ path, message: `expected a batch step like {"op": "mixUp", "alpha": 0.2}, got ${echo(item)}` });
      return;
    }
    const rec = item as Record<string, unknown>;
    const extra = Object.keys(rec).filter((k) => !['op', 'alpha', 'p', 'enabled'].includes(k));
    if (extra.length) issues.push({ path, message: `unknown field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).map((k) => echo(k)).join(', ')} (a batch step has op, alpha, p, enabled)` });
    if (!(BATCH_OPS as readonly unknown[]).includes(rec.op)) {
      issues.push({ path: `${path}.op`, message: `expected "mixUp" or "cutMix", got ${echo(rec.op)}` });
      return;
    }
    const op = rec.op as BatchOp;
    if (out.some((s) => s.op === op)) issues.push({ path: `${path}.op`, message: `${op} is listed twice` });
    const alpha = rec.alpha === undefined ? BATCH_OP_INFO[op].defaultAlpha : rec.alpha;
    if (typeof alpha !== 'number' || !(alpha > 0) || alpha > MAX_ALPHA) issues.push({ path: `${path}.alpha`, message: `expected a number above 0 and at most ${MAX_ALPHA}, got ${echo(alpha)}` });
    const p = rec.p === undefined ? 1 : rec.p;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) issues.push({ path: `${path}.p`, message: `expected a probability from 0 to 1, got ${echo(p)}` });
    const enabled = rec.enabled === undefined ? true : rec.enabled;
    if (typeof enabled !== 'boolean') issues.push({ path: `${path}.enabled`, message: `expected true or false, got ${echo(enabled)}` });
    out.push({ op, alpha: alpha as number, p: p as number, enabled: enabled as boolean });
  });
  return issues.length ? [] : out;
}

export { drawBeta };

/** What was drawn for one batch: the step, λ (the weight of each sample's own label) and CutMix's box. */
export interface BatchMixDraw {
  op: BatchOp;
  lambda: number;
  box?: { x0: number; y0: number; x1: number; y1: number };
}

/** The draw for one batch, or null when no mix applies. Pure: depends on its arguments only. */
export function drawBatchMix(steps: readonly BatchStep[], seed: number, epoch: number, firstIndex: number, width: number, height: number): BatchMixDraw | null {
  const enabled = steps.filter((s) => s.enabled);
  if (enabled.length === 0) return null;
  const rng = new Rng(hashInts(seed, epoch, firstIndex, 0x4d495842));
  const step = enabled.length === 1 ? enabled[0]! : rng.pick(enabled);
  if (!rng.chance(step.p)) return null;
  const lambda = drawBeta(rng, step.alpha);
  if (step.op === 'mixUp') return { op: 'mixUp', lambda };
  // A box of area (1 - λ) of the image, centred anywhere, cut at the borders; λ is then the area kept.
  const r = Math.sqrt(1 - lambda);
  const cx = rng.int(0, width - 1);
  const cy = rng.int(0, height - 1);
  const halfW = Math.floor((r * width) / 2);
  const halfH = Math.floor((r * height) / 2);
  const box = { x0: Math.max(cx - halfW, 0), y0: Math.max(cy - halfH, 0), x1: Math.min(cx + halfW, width), y1: Math.min(cy + halfH, height) };
  const kept = 1 - ((box.x1 - box.x0) * (box.y1 - box.y0)) / (width * height);
  return { op: 'cutMix', lambda: kept, box };
}

export interface MixTarget {
  /** The batch, `size` samples of width × height × channels float32 values, in `layout`. */
  x: Float32Array;
  labels: Int32Array;
  numClasses: number;
  width: number;
  height: number;
  channels: number;
  layout: 'NHWC' | 'NCHW';
}

/** Soft targets: each row λ·onehot(own label) + (1 − λ)·onehot(partner's label), the partner the sample before. */
export function softTargets(labels: Int32Array, numClasses: number, draw: BatchMixDraw | null): Float32Array {
  const size = labels.length;
  const soft = new Float32Array(size * numClasses);
  const lambda = draw ? draw.lambda : 1;
  for (let k = 0; k < size; k++) {
    soft[k * numClasses + labels[k]!]! += lambda;
    soft[k * numClasses + labels[(k + size - 1) % size]!]! += 1 - lambda;
  }
  return soft;
}

/**
 * Mixes a batch as its samples are written (the worker calls `sampleDone(k)` once sample k's values
 * are in the buffer), while they are still in cache: sample k mixes with the original of sample k − 1,
 * and `finish()` mixes sample 0 with the original of the last one. MixUp keeps the previous original
 * in one buffer that the blend itself refills (one pass per sample: read own and the previous
 * original, write the blend and own's original); CutMix keeps only the box of it.
 */
export class BatchMixer {
  private readonly per: number;
  /** MixUp: the whole previous original; CutMix: its box, row after row (per channel plane in NCHW). */
  private prev: Float32Array;
  private spare: Float32Array;
  /** MixUp with the WebAssembly blend: the previous original lives in the kernels' memory instead. */
  private readonly wasm: { kernels: Kernels; prev: number } | null = null;

  constructor(
    private readonly t: Omit<MixTarget, 'labels' | 'numClasses'>,
    private readonly draw: BatchMixDraw,
    private readonly size: number,
  ) {
    this.per = t.width * t.height * t.channels;
    const box = draw.box;
    const kept = draw.op === 'mixUp' || !box ? this.per : Math.max(0, box.x1 - box.x0) * Math.max(0, box.y1 - box.y0) * t.channels;
    const kernels = draw.op === 'mixUp' ? wasmKernels() : null;
    if (kernels) this.wasm = { kernels, prev: kernels.region(BatchMixer, 4 * this.per) };
    this.prev = new Float32Array(this.wasm ? 0 : kept);
    this.spare = new Float32Array(draw.op === 'mixUp' ? 0 : kept);
  }

  sampleDone(k: number): void {
    const own = this.t.x.subarray(k * this.per, (k + 1) * this.per);
    if (this.draw.op === 'mixUp') {
      if (k === 0) this.keep(own);
      else this.blend(own);
      return;
    }
    const box = this.draw.box!;
    if (k === 0) {
      boxValues(this.t, own, box, this.prev, 'take');
      return;
    }
    boxValues(this.t, own, box, this.spare, 'take');
    boxValues(this.t, own, box, this.prev, 'put');
    [this.prev, this.spare] = [this.spare, this.prev];
  }

  /** Mixes sample 0 with the last sample's original (a batch of one is left as it is). */
  finish(): void {
    if (this.size <= 1) return;
    const own = this.t.x.subarray(0, this.per);
    if (this.draw.op === 'mixUp') this.blend(own);
    else boxValues(this.t, own, this.draw.box!, this.prev, 'put');
  }

  /** MixUp: keeps sample 0's original for the blend of sample 1. */
  private keep(own: Float32Array): void {
    if (this.wasm) this.wasm.kernels.floats(this.wasm.prev, this.per).set(own);
    else this.prev.set(own);
  }

  /** MixUp: blends `own` with the previous original, which becomes own's original. */
  private blend(own: Float32Array): void {
    // The partner's weight as float32: the blend is float32 arithmetic (as torchvision's).
    const b = Math.fround(1 - this.draw.lambda);
    if (!this.wasm) return blendKeeping(own, this.prev, b);
    const { kernels, prev } = this.wasm;
    const [at] = kernels.reserve(4 * this.per);
    kernels.floats(at!, this.per).set(own);
    kernels.fn.blendKeeping(at!, prev, this.per, b);
    own.set(kernels.floats(at!, this.per));
  }
}

/**
 * own ← own + b·(other − own) (λ·own + (1 − λ)·other with one multiply per value), in float32
 * arithmetic as torchvision's MixUp (each operation rounded to float32: computed in doubles, one
 * fround each, which is the float32 result), and other ← own's value before the blend, in the same
 * pass: `other` then holds this sample's original for the next. b is a float32 value. The
 * WebAssembly kernel (wasm/mix.ts) computes the same four lanes at a time.
 */
function blendKeeping(own: Float32Array, other: Float32Array, b: number): void {
  const n = own.length;
  // The n % 4 values first, then four per iteration (about a third less time per value in V8). The
  // short loop comes first so that it has run before the long one is optimised: a loop after it,
  // first reached in optimised code, deoptimised the function on every call.
  const head = n & 3;
  for (let i = 0; i < head; i++) {
    const v = own[i]!;
    own[i] = v + Math.fround(b * Math.fround(other[i]! - v));
    other[i] = v;
  }
  for (let i = head; i < n; i += 4) {
    const v0 = own[i]!;
    const v1 = own[i + 1]!;
    const v2 = own[i + 2]!;
    const v3 = own[i + 3]!;
    own[i] = v0 + Math.fround(b * Math.fround(other[i]! - v0));
    own[i + 1] = v1 + Math.fround(b * Math.fround(other[i + 1]! - v1));
    own[i + 2] = v2 + Math.fround(b * Math.fround(other[i + 2]! - v2));
    own[i + 3] = v3 + Math.fround(b * Math.fround(other[i + 3]! - v3));
    other[i] = v0;
    other[i + 1] = v1;
    other[i + 2] = v2;
    other[i + 3] = v3;
  }
}

/** Copies the box of a sample into `values` ('take') or back from it ('put'), row after row. */
function boxValues(t: Pick<MixTarget, 'width' | 'height' | 'channels' | 'layout'>, sample: Float32Array, box: { x0: number; y0: number; x1: number; y1: number }, values: Float32Array, how: 'take' | 'put'): void {
  const { width: W, height: H, channels: C } = t;
  const move = (start: number, length: number, at: number) => {
    if (how === 'take') values.set(sample.subarray(start, start + length), at);
    else sample.set(values.subarray(at, at + length), start);
  };
  if (box.x1 <= box.x0 || box.y1 <= box.y0) return;
  let at = 0;
  if (t.layout === 'NHWC') {
    const length = (box.x1 - box.x0) * C;
    for (let y = box.y0; y < box.y1; y++, at += length) move((y * W + box.x0) * C, length, at);
    return;
  }
  const length = box.x1 - box.x0;
  for (let c = 0; c < C; c++) {
    for (let y = box.y0; y < box.y1; y++, at += length) move(c * W * H + y * W + box.x0, length, at);
  }
}

/**
 * Mixes the batch in place as drawn and returns the soft targets (size × numClasses), each row
 * λ·onehot(own label) + (1 − λ)·onehot(partner's label); one-hot rows when nothing was drawn.
 */
export function applyBatchMix(t: MixTarget, draw: BatchMixDraw | null): Float32Array {
  const size = t.labels.length;
  if (draw && size > 1) {
    const mixer = new BatchMixer(t, draw, size);
    for (let k = 0; k < size; k++) mixer.sampleDone(k);
    mixer.finish();
  }
  return softTargets(t.labels, t.numClasses, draw);
}
