// Runs a series pipeline on one sample: each enabled step draws its arguments from the stream of
// (seed, epoch, index, step) and applies them, so a sample's output depends on those alone — not on
// the worker, the worker count or the order. Augment steps run in training only; they keep the
// length, so training and inference give one shape.

import type { Mode } from '../rules.js';
import { Rng, sampleSeed, stepSeed } from '../rng.js';
import type { Pipeline } from '../schema/pipeline.js';
import type { StepTrace } from '../run.js';
import { requireSeriesOp } from './registry.js';
import type { Series, SeriesShape } from './series.js';

export interface SeriesRunOptions {
  epoch: number;
  index: number;
  /** Overrides the pipeline's seed. */
  seed?: number;
  mode: Mode;
}

export interface SeriesResult extends Series {
  trace: StepTrace[];
}

function checkSeriesPipeline(pipeline: Pipeline): void {
  if (pipeline.modality !== 'series') {
    throw new Error(`this pipeline is for modality "${pipeline.modality}", not time series: switch Modality or load a series pipeline`);
  }
}

/** The output shape for an input shape: the same in training and inference. */
export function seriesOutputShape(pipeline: Pipeline, input: SeriesShape): SeriesShape {
  checkSeriesPipeline(pipeline);
  let shape: SeriesShape = { length: input.length, channels: input.channels };
  for (const step of pipeline.steps) {
    const op = requireSeriesOp(step.op);
    if (step.enabled && op.outputShape) shape = op.outputShape(step.params, shape);
  }
  return shape;
}

export function runSeriesPipeline(pipeline: Pipeline, input: Series, opts: SeriesRunOptions): SeriesResult {
  checkSeriesPipeline(pipeline);
  if (input.length < 1 || input.channels < 1 || input.data.length !== input.length * input.channels) {
    throw new Error(`series input: ${input.data.length} values is not ${input.length} steps x ${input.channels} channels`);
  }
  const base = sampleSeed(opts.seed ?? pipeline.seed, opts.epoch, opts.index);
  const trace: StepTrace[] = [];
  let s: Series = input;
  pipeline.steps.forEach((step, i) => {
    const op = requireSeriesOp(step.op);
    if (!step.enabled || (opts.mode === 'inference' && op.stage === 'augment')) {
      trace.push({ step: i, op: op.name, applied: false });
      return;
    }
    const rng = new Rng(stepSeed(base, i));
    if (op.stage === 'augment' && !rng.chance(step.p)) {
      trace.push({ step: i, op: op.name, applied: false });
      return;
    }
    const args = op.draw(rng, step.params, s);
    s = op.apply(args, s);
    trace.push({ step: i, op: op.name, applied: true, args });
  });
  // The result never shares memory with the input (a caller may transfer or reuse either).
  const data = s.data === input.data ? input.data.slice() : s.data;
  return { length: s.length, channels: s.channels, data, trace };
}
