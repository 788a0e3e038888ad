// fast-check generators for the series property tests: valid steps of every series op with extreme
// parameters, valid series pipelines, and series of odd shapes (1 step, 1 channel, primes). Tests only.

import fc from 'fast-check';
import { validParam } from '../arbitraries.js';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type Pipeline } from '../schema/pipeline.js';
import type { AnySeriesOp } from './op.js';
import { listSeriesOps } from './registry.js';
import type { Series } from './series.js';

/** Longest series the generators make or ask for, so thousands of runs stay fast. */
export const MAX_STEPS_ARB = 67;

function paramsOf(op: AnySeriesOp): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(op.params).map(([name, spec]) => {
    const value = name === 'length' ? fc.integer({ min: spec.kind === 'number' ? spec.min : 1, max: MAX_STEPS_ARB }) : validParam(spec, name);
    return [name, value] as const;
  });
  return fc.record(Object.fromEntries(entries));
}

export function seriesStepArb(op: AnySeriesOp): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    op: fc.constant(op.name),
    p: op.stage === 'preprocess' ? fc.constant(1) : fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    enabled: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
    params: paramsOf(op),
  });
}

/** A valid series pipeline as JSON (before parsing), up to `maxSteps` steps of any op. */
export function seriesPipelineArb(maxSteps = 6): fc.Arbitrary<unknown> {
  const step = fc.constantFrom(...listSeriesOps()).chain(seriesStepArb);
  return fc.record({
    format: fc.constant(PIPELINE_FORMAT),
    version: fc.constant(PIPELINE_VERSION),
    modality: fc.constant('series' as Pipeline['modality']),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    steps: fc.array(step, { maxLength: maxSteps }),
  });
}

/** A series with 1 to MAX_STEPS_ARB steps and 1 to 7 channels, finite values of any sign. */
export function seriesArb(): fc.Arbitrary<Series> {
  return fc
    .record({ length: fc.oneof(fc.constantFrom(1, 2, 3, 61), fc.integer({ min: 1, max: MAX_STEPS_ARB })), channels: fc.oneof(fc.constantFrom(1, 3, 6), fc.integer({ min: 1, max: 7 })) })
    .chain(({ length, channels }) =>
      fc.float32Array({ minLength: length * channels, maxLength: length * channels, noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000 }).map((data) => ({ length, channels, data })),
    );
}
