// The alias contract of randomNoiseDistortion (see its file): one step, one p; its draws are
// jitter's then scaling's on its own stream, and its bytes are jitter then scaling applied with
// them — checked against the explicit ops, for any series, sigmas, seed, epoch and index.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION } from '../../schema/pipeline.js';
import { Rng, sampleSeed, stepSeed } from '../../rng.js';
import { seriesArb } from '../arbitraries.js';
import { requireSeriesOp } from '../registry.js';
import { runSeriesPipeline } from '../run.js';
import { makeSeries } from '../series.js';
import { jitter } from './jitter.js';
import { scaling } from './scaling.js';

const pipelineOf = (steps: unknown[], seed: number) => parsePipeline({ format: PIPELINE_FORMAT, version: PIPELINE_VERSION, modality: 'series', seed, steps });
const sigmaArb = (max: number) => fc.tuple(fc.double({ min: 0, max, noNaN: true }), fc.double({ min: 0, max, noNaN: true })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);

describe('randomNoiseDistortion (alias of jitter + scaling)', () => {
  it('is in the catalogue as an augment op with the literature defaults and a description', () => {
    const op = requireSeriesOp('randomNoiseDistortion');
    expect(op.stage).toBe('augment');
    expect(op.description).toMatch(/jitter then scaling/i);
    const step = pipelineOf([{ op: 'randomNoiseDistortion' }], 0).steps[0]!;
    expect(step.params).toEqual({ noiseSigma: [0.03, 0.03], scalingSigma: [0.1, 0.1] });
    expect(step.p).toBe(0.5);
  });

  it("gives the bytes of jitter then scaling, drawn in that order from the step's stream", () => {
    fc.assert(
      fc.property(seriesArb(), sigmaArb(2), sigmaArb(1), fc.integer({ min: 0, max: 0xffffffff }), fc.nat(50), fc.nat(1000), (series, noiseSigma, scalingSigma, seed, epoch, index) => {
        const pipeline = pipelineOf([{ op: 'randomNoiseDistortion', p: 1, params: { noiseSigma, scalingSigma } }], seed);
        const out = runSeriesPipeline(pipeline, series, { epoch, index, mode: 'train' });
        // The explicit ops on the same stream (after the step's probability draw).
        const rng = new Rng(stepSeed(sampleSeed(seed, epoch, index), 0));
        expect(rng.chance(1)).toBe(true);
        const a = jitter.draw(rng, { sigma: noiseSigma as [number, number] }, series);
        const b = scaling.draw(rng, { sigma: scalingSigma as [number, number] }, series);
        const explicit = scaling.apply(b, jitter.apply(a, series));
        expect(out.data).toEqual(explicit.data);
        expect(out.trace[0]).toEqual({ step: 0, op: 'randomNoiseDistortion', applied: true, args: { noiseSigma: a.sigma, seed: a.seed, factors: b.factors } });
        // Replaying the trace through explicit jitter and scaling steps gives the same bytes.
        const args = out.trace[0]!.args as { noiseSigma: number; seed: number; factors: number[] };
        const replay = scaling.apply({ factors: args.factors }, jitter.apply({ sigma: args.noiseSigma, seed: args.seed }, series));
        expect(replay.data).toEqual(out.data);
      }),
      { numRuns: 300 },
    );
  });

  it('runs as one step: p = 0 or inference leaves the series as it is; zero sigmas are the identity', () => {
    const series = makeSeries(16, 3, Float32Array.from({ length: 48 }, (_, i) => Math.sin(i)));
    for (const [p, mode] of [[0, 'train'], [1, 'inference']] as const) {
      const out = runSeriesPipeline(pipelineOf([{ op: 'randomNoiseDistortion', p }], 3), series, { epoch: 0, index: 0, mode });
      expect(out.data).toEqual(series.data);
      expect(out.trace[0]!.applied).toBe(false);
    }
    const zero = runSeriesPipeline(pipelineOf([{ op: 'randomNoiseDistortion', p: 1, params: { noiseSigma: [0, 0], scalingSigma: [0, 0] } }], 3), series, { epoch: 0, index: 0, mode: 'train' });
    expect(zero.data).toEqual(series.data);
  });

  it('refuses bad parameters naming the field', () => {
    expect(() => pipelineOf([{ op: 'randomNoiseDistortion', params: { noiseSigma: [0.5, 0.1] } }], 0)).toThrow(/steps\[0\]\.params\.noiseSigma/);
    expect(() => pipelineOf([{ op: 'randomNoiseDistortion', params: { sigma: [0.1, 0.1] } }], 0)).toThrow(/steps\[0\]\.params/);
  });
});
