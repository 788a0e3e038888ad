// fast-check generators for the pipeline's property tests: valid steps of every op with extreme
// parameters, valid pipelines, and images of odd shapes (1xN, Nx1, primes). Tests only.

import fc from 'fast-check';
import type { ImageU8 } from './image.js';
import type { AnyOp } from './op.js';
import type { ParamSpec } from './params.js';
import { listOps } from './registry.js';
import { stepAlwaysRuns } from './rules.js';
import { PIPELINE_FORMAT, PIPELINE_VERSION } from './schema/pipeline.js';

/** Largest output side the generators ask for, so thousands of runs stay fast. */
export const MAX_SIDE = 24;

const isSize = (name: string) => name === 'width' || name === 'height';

function numberIn(min: number, max: number, integer?: boolean): fc.Arbitrary<number> {
  if (integer) return fc.oneof(fc.constantFrom(Math.ceil(min), Math.floor(max)), fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
  // The bounds themselves, and values anywhere between.
  return fc.oneof(fc.constantFrom(min, max), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

/** A valid value of a parameter, its extremes included. */
export function validParam(spec: ParamSpec, name = ''): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'number':
      // Output sizes: 1 and small sides (a 4096 side is valid but would make each run slow).
      if (isSize(name)) return fc.oneof(fc.constant(1), fc.integer({ min: 1, max: MAX_SIDE }));
      return numberIn(spec.min, spec.max, spec.integer);
    case 'range':
      return fc.tuple(numberIn(spec.min, spec.max, spec.integer), numberIn(spec.min, spec.max, spec.integer)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
    case 'choice':
      return fc.constantFrom(...spec.options);
    case 'boolean':
      return fc.boolean();
    case 'vector': {
      const item = spec.exclusiveMin ? fc.double({ min: spec.min, max: spec.max, noNaN: true, minExcluded: true }) : numberIn(spec.min, spec.max);
      return fc.constantFrom(...spec.lengths).chain((n) => fc.array(item, { minLength: n, maxLength: n }));
    }
  }
}

/** A valid step of `op` as JSON: every parameter given (or left to its default), p where the op takes one. */
export function validStep(op: AnyOp): fc.Arbitrary<Record<string, unknown>> {
  const params = Object.fromEntries(Object.entries(op.params).map(([k, spec]) => [k, validParam(spec, k)]));
  return fc
    .record({
      params: fc.record(params, { requiredKeys: [] }),
      p: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
      enabled: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
    .map((s) => ({ op: op.name, enabled: s.enabled, ...(stepAlwaysRuns(op) ? {} : { p: s.p }), params: s.params }));
}

export const anyValidStep = (ops: readonly AnyOp[] = listOps()): fc.Arbitrary<Record<string, unknown>> => fc.constantFrom(...ops).chain(validStep);

/**
 * A valid pipeline document: steps in an order the parser accepts (pixel steps before the first
 * step that leaves the pixel range), and at most `maxLeavers` such steps so the value bound holds.
 */
export function validPipelineDoc(opts: { maxSteps?: number; ops?: readonly AnyOp[] } = {}): fc.Arbitrary<Record<string, unknown>> {
  const ops = opts.ops ?? listOps();
  return fc
    .record({
      steps: fc.array(anyValidStep(ops), { maxLength: opts.maxSteps ?? 6 }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      layout: fc.constantFrom('NHWC', 'NCHW'),
    })
    .map(({ steps, seed, layout }) => {
      const leaves = (s: Record<string, unknown>) => ops.find((o) => o.name === s.op)?.leavesPixelRange === true;
      const pixel = (s: Record<string, unknown>) => ops.find((o) => o.name === s.op)?.domain === 'pixel';
      // Stable order: pixel steps, then the rest; leavers after every pixel step.
      const ordered = [...steps.filter((s) => pixel(s)), ...steps.filter((s) => !pixel(s))];
      // Two value-changing steps at most: longer chains of extreme scales are refused by the value bound (tested apart).
      let kept = 0;
      const bounded = ordered.filter((s) => !leaves(s) || kept++ < 2);
      return { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, seed, steps: bounded, output: { layout, dtype: 'float32' } };
    });
}

/** Image shapes that break assumptions: one row, one column, one pixel, primes, squares. */
export const oddShape: fc.Arbitrary<[number, number]> = fc.oneof(
  fc.constantFrom<[number, number]>([1, 1], [1, 31], [31, 1], [2, 3], [7, 5], [13, 17], [23, 19], [16, 16]),
  fc.tuple(fc.integer({ min: 1, max: 29 }), fc.integer({ min: 1, max: 29 })),
);

/** An image of an odd shape, 1, 3 or 4 channels, with noise, flat areas and hard edges. */
export const anyImage: fc.Arbitrary<ImageU8> = fc
  .tuple(oddShape, fc.constantFrom(1, 3, 4), fc.integer({ min: 0, max: 0x7fffffff }), fc.constantFrom('noise', 'flat', 'edges'))
  .map(([[width, height], channels, seed, kind]) => {
    const data = new Uint8Array(width * height * channels);
    let state = seed;
    for (let i = 0; i < data.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      data[i] = kind === 'noise' ? state >>> 24 : kind === 'flat' ? seed & 255 : (i * 7) % 11 < 5 ? 255 : 0;
    }
    return { width, height, channels, data };
  });
