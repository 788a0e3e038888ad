// Running a pipeline on one image: draw every step's arguments first (the plan), then apply the
// plan — fused (runs of geometric steps as one resampling, runs of per-value steps as one table)
// or one step at a time (the reference the fused path is tested against).

import type { ImageU8, Shape, WorkImage } from './image.js';
import { fromInput, recycle, shapeOf } from './image.js';
import { resizeArea } from './kernels/area.js';
import { warpChain, warpMask, type ChainStep } from './kernels/chain.js';
import { canJoin, runPointwise, runPointwiseInto, type PointStage } from './kernels/pointwise.js';
import type { AnyOp, GeometricStep } from './op.js';
import { requireOp } from './registry.js';
import { resolveOrder } from './groups.js';
import { applyMix, type PlannedMix } from './mix.js';
import { Rng, sampleSeed, stepSeed } from './rng.js';
import { PipelineError, type Issue } from './schema/errors.js';
import { checkedPipeline, type Layout, type Pipeline } from './schema/pipeline.js';
import { stepRunIn, type Mode } from './rules.js';

export type { Mode } from './rules.js';

export interface RunOptions {
  epoch: number;
  /** The sample's index in the dataset: with seed and epoch, it alone decides the random draws. */
  index: number;
  /** Overrides the pipeline's seed. */
  seed?: number;
  mode: Mode;
  /** One byte per pixel (class ids); moved by geometric steps with nearest sampling. */
  mask?: Uint8Array;
  /** For showing to people: stop before steps that leave the pixel range (rescale, normalise). */
  display?: boolean;
  /** Apply the steps one at a time instead of fused (the reference; slower). */
  reference?: boolean;
}

export interface StepTrace {
  /** Index of the step in pipeline.steps. */
  step: number;
  op: string;
  /** False when the step's probability said no for this sample. */
  applied: boolean;
  /** The drawn arguments (present when applied). */
  args?: unknown;
}

export interface PipelineResult {
  width: number;
  height: number;
  channels: number;
  layout: Layout;
  data: Float32Array;
  mask?: Uint8Array;
  trace: StepTrace[];
}

interface PlannedStep {
  step: number;
  op: AnyOp;
  args: unknown;
  input: Shape;
  /** Mixing steps (AugMix): the input's weight and each chain's weight and planned sub-calls. */
  mix?: PlannedMix<PlannedStep>;
}

/** Output shape of the pipeline for an input shape, and shape errors (e.g. a crop larger than the image). */
export function outputShape(pipeline: Pipeline, input: Shape, mode: Mode = 'train', display = false): Shape {
  return shapeThrough(checkedPipeline(pipeline), input, mode, display);
}

function shapeThrough(pipeline: Pipeline, input: Shape, mode: Mode, display: boolean): Shape {
  let shape: Shape = { width: input.width, height: input.height, channels: input.channels === 4 ? 3 : input.channels };
  const issues: Issue[] = [];
  pipeline.steps.forEach((step, i) => {
    const op = requireOp(step.op);
    if (!step.enabled || stepRunIn(op, mode, display) === 'skip') return;
    const message = op.checkShape?.(step.params, shape);
    if (message) issues.push({ path: `steps[${i}].params`, message: `${step.op}: ${message}` });
    shape = op.outputShape?.(step.params, shape) ?? shape;
  });
  if (issues.length) throw new PipelineError(issues);
  return shape;
}

/** Draws the arguments of every step for one sample. Pure: depends on (pipeline, seed, epoch, index). */
export function drawPlan(pipeline: Pipeline, input: Shape, opts: RunOptions): { plan: PlannedStep[]; trace: StepTrace[] } {
  return drawCheckedPlan(checkedPipeline(pipeline), input, opts);
}

/** drawPlan for a pipeline checkedPipeline returned (its check serialises the pipeline: once per sample is enough). */
function drawCheckedPlan(checked: Pipeline, input: Shape, opts: RunOptions): { plan: PlannedStep[]; trace: StepTrace[] } {
  const base = sampleSeed(opts.seed ?? checked.seed, opts.epoch, opts.index);
  let shape: Shape = { width: input.width, height: input.height, channels: input.channels === 4 ? 3 : input.channels };
  const plan: PlannedStep[] = [];
  const trace: StepTrace[] = [];
  // Groups decide which steps run, and in what order; each step still draws from its own stream.
  const { order } = resolveOrder(checked.groups, checked.steps.length, base);
  const chosen = new Set(order);
  const context = { mask: opts.mask !== undefined || checked.targets?.includes('mask') === true };
  order.forEach((i) => {
    const step = checked.steps[i]!;
    const op = requireOp(step.op);
    const how = step.enabled ? stepRunIn(op, opts.mode, opts.display ?? false) : 'skip';
    if (how === 'skip') return;
    // Each step has its own stream, so toggling one step never changes what another draws.
    const rng = new Rng(stepSeed(base, i));
    const applied = how === 'inference' || step.stage === 'preprocess' || rng.chance(step.p);
    if (!applied) {
      trace.push({ step: i, op: step.op, applied: false });
      return;
    }
    const message = op.checkShape?.(step.params, shape);
    if (message) throw new PipelineError([{ path: `steps[${i}].params`, message: `${step.op}: ${message}` }]);
    const args = how === 'inference' ? op.inference!(step.params, shape) : op.draw(rng, step.params, shape, context);
    if (op.impl.kind === 'policy') {
      // The ops a policy drew take its place in the plan (they keep the shape), so they fuse.
      for (const call of op.impl.expand(args)) plan.push({ step: i, op: requireOp(call.op), args: call.args, input: shape });
    } else if (op.impl.kind === 'mix') {
      // Each chain is a plan of its own, run on this step's input (fused) and blended in applyPlan.
      const { original, chains } = op.impl.mix(args);
      const planned = chains.map((c) => ({ weight: c.weight, plan: c.calls.map((call) => ({ step: i, op: requireOp(call.op), args: call.args, input: shape })) }));
      plan.push({ step: i, op, args, input: shape, mix: { original, chains: planned } });
    } else {
      plan.push({ step: i, op, args, input: shape });
    }
    trace.push({ step: i, op: step.op, applied: true, args });
    shape = op.outputShape?.(step.params, shape) ?? shape;
  });
  // Steps their group did not pick are in the trace as not applied.
  checked.steps.forEach((step, i) => {
    if (!chosen.has(i) && step.enabled) trace.push({ step: i, op: step.op, applied: false });
  });
  return { plan, trace };
}

function geometricOf(p: PlannedStep): GeometricStep {
  if (p.op.impl.kind !== 'geometric') throw new Error('not geometric');
  return p.op.impl.transform(p.args, p.input);
}

/** How a geometric step samples: one input pixel ('index'), four ('bilinear'), or an area (runs alone). */
function samplingKind(g: GeometricStep): 'index' | 'bilinear' | 'area' {
  if (!g.sampling || g.exact) return 'index';
  return g.sampling.interpolation === 'nearest' ? 'index' : g.sampling.interpolation;
}

function pointStage(p: PlannedStep): PointStage {
  const impl = p.op.impl;
  if (impl.kind === 'noise') return { kind: 'noise', ...impl.noise(p.args) };
  if (impl.kind !== 'pointwise') throw new Error('not pointwise');
  const channels = p.input.channels;
  return {
    kind: 'map',
    needsStats: impl.needsStats,
    pixel: p.op.domain === 'pixel',
    affine: impl.affine ? impl.affine(p.args, channels) : null,
    build: (stats) => impl.map(p.args, channels, stats),
  };
}

function isPointwise(p: PlannedStep): boolean {
  return p.op.impl.kind === 'pointwise' || p.op.impl.kind === 'noise';
}

/** Where the final float32 output goes: `data` from `offset` (a slot of a batch buffer), in `layout`. */
export interface OutputTarget {
  data: Float32Array;
  offset: number;
  layout: Layout;
}

export interface AppliedPlan {
  /** The result; when `written`, its pixels are already in the target and `image.data` is not meaningful. */
  image: WorkImage;
  mask?: Uint8Array;
  /** True when the final pass wrote the result straight into the output target. */
  written: boolean;
}

/**
 * Applies a plan. Fused unless `reference`: then every step is its own pass. Given a `target`, a
 * fused run of per-value steps at the end writes float32 straight into it (one pass and one copy fewer).
 */
export function applyPlan(plan: PlannedStep[], image: WorkImage, mask: Uint8Array | undefined, reference: boolean, target?: OutputTarget): AppliedPlan {
  let img = image;
  let msk = mask;
  let written = false;
  let i = 0;
  // An intermediate image made here goes back to the buffer pool once the next step has made its own.
  const replace = (next: WorkImage) => {
    if (img.data !== image.data && next.data !== img.data) recycle(img.data);
    img = next;
  };
  while (i < plan.length) {
    const p = plan[i]!;
    const impl = p.op.impl;
    if (impl.kind === 'geometric') {
      // A chain: index steps (as many as come) and at most one bilinear step, evaluated in one pass
      // and equal byte for byte to the steps one at a time (kernels/chain.ts, warpChain).
      // An area resize runs alone; a second bilinear step starts a new pass.
      const chain: ChainStep[] = [];
      let width = img.width;
      let height = img.height;
      let bilinear = false;
      let j = i;
      while (j < plan.length && plan[j]!.op.impl.kind === 'geometric' && (j === i || !reference)) {
        const g = geometricOf(plan[j]!);
        const kind = samplingKind(g);
        if (kind === 'area') {
          if (j > i) break;
          const step: ChainStep = { matrix: g.matrix, inWidth: width, inHeight: height, bilinear: false, border: 'constant', fill: 0 };
          if (msk) msk = warpMask(msk, img.width, [step], g.width, g.height);
          replace(resizeArea(img, g.matrix, g.width, g.height, g.sampling!));
          j++;
          break;
        }
        if (kind === 'bilinear' && bilinear) break;
        bilinear ||= kind === 'bilinear';
        chain.push({ matrix: g.matrix, inWidth: width, inHeight: height, bilinear: kind === 'bilinear', border: g.sampling?.border ?? 'edge', fill: g.sampling?.fill ?? 0 });
        width = g.width;
        height = g.height;
        j++;
      }
      if (chain.length) {
        if (msk) msk = warpMask(msk, img.width, chain, width, height);
        replace(warpChain(img, chain, width, height));
      }
      i = j;
    } else if (isPointwise(p)) {
      const stages: PointStage[] = [pointStage(p)];
      let j = i + 1;
      const inputIsFloat = img.data instanceof Float32Array;
      while (!reference && j < plan.length && isPointwise(plan[j]!)) {
        const next = pointStage(plan[j]!);
        if (!canJoin(stages, next, inputIsFloat)) break;
        stages.push(next);
        j++;
      }
      if (j === plan.length && target && !reference) {
        const n = img.width * img.height * img.channels;
        checkFits(target, n);
        runPointwiseInto(img, stages, target.data.subarray(target.offset, target.offset + n), target.layout === 'NCHW');
        written = true;
      } else {
        replace(runPointwise(img, stages));
      }
      i = j;
    } else if (impl.kind === 'image') {
      if (msk && impl.applyMask) msk = impl.applyMask(p.args, msk, img.width, img.height);
      replace(impl.apply(p.args, img));
      i++;
    } else if (impl.kind === 'mix') {
      if (msk && p.mix!.chains.some((c) => c.plan.some((s) => s.op.appliesToMask))) {
        throw new Error(`steps[${p.step}] (${p.op.name}): a chain that moves pixels cannot run with a mask (its draw keeps to the colour ops when a mask follows the image)`);
      }
      const source = img;
      img = applyMix(p.mix!, source, (chain) => applyPlan(chain, source, undefined, reference).image);
      i++;
    } else {
      throw new Error(`op ${p.op.name}: unknown implementation kind`);
    }
  }
  const done: AppliedPlan = { image: img, written };
  if (msk) done.mask = msk;
  return done;
}

/** Copies a working image into float32 `out` at `offset`, in the requested layout. */
export function writeOutput(img: WorkImage, layout: Layout, out: Float32Array, offset = 0): void {
  const { width: W, height: H, channels: C, data } = img;
  if (layout === 'NHWC' || C === 1) {
    out.set(data, offset);
    return;
  }
  const plane = W * H;
  for (let i = 0, p = 0; i < plane; i++) {
    for (let c = 0; c < C; c++, p++) out[offset + c * plane + i] = data[p]!;
  }
}

function checkFits(target: OutputTarget, n: number): void {
  if (target.offset < 0 || target.offset + n > target.data.length) {
    throw new Error(`output of ${n} values does not fit the target at offset ${target.offset} (length ${target.data.length}): the pipeline's output shape differs from the one the buffer was made for`);
  }
}

export interface RunInfo {
  width: number;
  height: number;
  channels: number;
  mask?: Uint8Array;
  trace: StepTrace[];
}

/**
 * Runs the pipeline on one image and writes the float32 result into `target` (e.g. one sample's
 * slot in a batch buffer) without an intermediate copy. Returns the output's shape and the trace.
 */
export function runPipelineInto(pipeline: Pipeline, image: ImageU8, opts: RunOptions, target: OutputTarget): RunInfo {
  if (opts.mask && opts.mask.length !== image.width * image.height) {
    throw new Error(`mask: expected ${image.width}x${image.height} = ${image.width * image.height} values, got ${opts.mask.length}`);
  }
  const work = fromInput(image);
  const { plan, trace } = drawCheckedPlan(checkedPipeline(pipeline), shapeOf(work), opts);
  const done = applyPlan(plan, work, opts.mask, opts.reference ?? false, target);
  const img = done.image;
  if (!done.written) {
    checkFits(target, img.width * img.height * img.channels);
    writeOutput(img, target.layout, target.data, target.offset);
  }
  // The last image is in the target now: its buffer goes back to the pool (never the caller's pixels).
  if (img.data !== work.data) recycle(img.data);
  const info: RunInfo = { width: img.width, height: img.height, channels: img.channels, trace };
  if (done.mask) info.mask = done.mask;
  return info;
}

/**
 * Runs the pipeline on one image: uint8 HWC in, float32 out in the pipeline's layout.
 * Inference mode runs the preprocess steps only. Same (pipeline, seed, epoch, index): same bytes.
 */
export function runPipeline(given: Pipeline, image: ImageU8, opts: RunOptions): PipelineResult {
  const pipeline = checkedPipeline(given);
  const shape = shapeThrough(pipeline, { width: image.width, height: image.height, channels: image.channels }, opts.mode, opts.display ?? false);
  const layout = pipeline.output.layout;
  const data = new Float32Array(shape.width * shape.height * shape.channels);
  const info = runPipelineInto(pipeline, image, opts, { data, offset: 0, layout });
  return { ...info, layout, data };
}
