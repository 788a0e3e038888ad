// Each rule of the pipeline contract stated once. The parser (schema/pipeline.ts), the JSON Schema
// (schema/jsonSchema.ts), the runner and the editor all ask these functions; none restates a rule.

import type { AnyOp } from './op.js';
import { getOp } from './registry.js';
import type { Issue } from './schema/errors.js';

/** Most steps in one pipeline (the JSON Schema's maxItems says the same). */
export const MAX_STEPS = 256;

/**
 * A step that must run for every sample, so its p is 1: preprocess steps (inference must see what
 * training saw) and steps that set the output size (a batch has one shape).
 */
export function stepAlwaysRuns(op: AnyOp): boolean {
  return op.stage === 'preprocess' || op.outputShape !== undefined;
}

export type Mode = 'train' | 'inference';

/**
 * How a step runs in a mode: 'draw' (random arguments, training), 'inference' (the op's fixed
 * inference arguments: a size-setting augment step crops the centre, so that inference gives the
 * training shape), or 'skip'. Display mode stops before steps that leave the pixel range.
 */
export function stepRunIn(op: AnyOp, mode: Mode, display: boolean): 'draw' | 'inference' | 'skip' {
  if (display && op.leavesPixelRange) return 'skip';
  if (mode === 'train' || op.stage === 'preprocess') return 'draw';
  return op.outputShape ? 'inference' : 'skip';
}

interface StepLike {
  op: string;
  enabled: boolean;
  params: unknown;
}

/** Steps that need pixel values (domain 'pixel') come before the first enabled step that leaves the pixel range. */
export function orderIssues(steps: readonly StepLike[]): Issue[] {
  const issues: Issue[] = [];
  let leftAt = -1;
  steps.forEach((step, i) => {
    if (!step.enabled) return;
    const op = getOp(step.op);
    if (!op) return;
    if (op.domain === 'pixel' && leftAt >= 0) {
      issues.push({
        path: `steps[${i}]`,
        message: `${step.op} works on pixel values 0-255, so it must come before ${steps[leftAt]!.op} (steps[${leftAt}]), which changes the value range`,
      });
    }
    if (op.leavesPixelRange && leftAt < 0) leftAt = i;
  });
  return issues;
}

/**
 * Largest |value| a pipeline may produce anywhere. Float32 holds up to 3.4e38; staying 8 orders of
 * magnitude below leaves room for the sums inside blur and resampling, so output is always finite.
 */
export const VALUE_LIMIT = 1e30;

/**
 * A pipeline whose values could pass VALUE_LIMIT (e.g. a chain of rescale steps of scale 1000) is
 * refused rather than clamped: the bound is worked out from the parameters, step by step, from
 * pixel values 0..255, taking the worst case of every random draw.
 */
export function valueIssues(steps: readonly StepLike[]): Issue[] {
  let bound = 255;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const op = getOp(step.op);
    if (!step.enabled || !op) continue;
    // Steps that keep the range still bring in pixel values (fill of the border, 0..255).
    bound = op.valueBound ? op.valueBound(step.params as never, bound) : Math.max(bound, 255);
    if (!(bound <= VALUE_LIMIT)) {
      return [{ path: `steps[${i}]`, message: `${step.op}: values could reach ${bound.toExponential(1)} here, beyond the limit of ${VALUE_LIMIT.toExponential(0)} that keeps the output finite: use a smaller scale` }];
    }
  }
  return [];
}

/** Rules the parser checks that JSON Schema cannot state; the schema's description lists them. */
export const RULES_BEYOND_JSON_SCHEMA: readonly string[] = [
  'a range [min, max] needs min <= max',
  'a step that works on pixel values (domain "pixel") must come before the first enabled step that leaves the pixel range (rescale, normalize, standardize)',
  `the largest value a pipeline can produce, worked out from its parameters, must stay within ${VALUE_LIMIT.toExponential(0)} (so that output is finite)`,
  'a group covers steps that exist, nests inside another group or stays apart from it (no partial overlap, no two on the same steps), holds no step that must run for every sample (preprocess or size-setting), has one weight per child and an n of at most its children, with min <= max',
  'the batch steps list each op (mixUp, cutMix) at most once',
  'checks that depend on the image (a crop larger than the padded image, a mean or std list longer than the channels) are made when the pipeline runs',
];
