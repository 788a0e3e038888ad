// The series pipeline's promises: a sample's bytes depend on (pipeline, seed, epoch, index) only —
// not on the order, the worker or the worker count; training and inference give one shape, the one
// seriesOutputShape states; outputs are finite; bad files are refused naming the field.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../schema/errors.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION } from '../schema/pipeline.js';
import { seriesArb, seriesPipelineArb } from './arbitraries.js';
import { runSeriesPipeline, seriesOutputShape } from './run.js';
import { makeSeries } from './series.js';

const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('series pipeline: parsing', () => {
  it('reads a series pipeline, fills defaults, and refuses image ops and bad values naming the field', () => {
    const p = parsePipeline({ format: PIPELINE_FORMAT, version: PIPELINE_VERSION, modality: 'series', steps: [{ op: 'resample', params: { length: 64 } }, { op: 'jitter' }] });
    expect(p.modality).toBe('series');
    expect(p.steps[1]).toMatchObject({ op: 'jitter', stage: 'augment', p: 0.5, params: { sigma: [0.03, 0.03] } });
    expect(() => parsePipeline({ format: PIPELINE_FORMAT, version: 1, modality: 'series', steps: [{ op: 'rotate' }] })).toThrow(/steps\[0\]\.op: unknown time-series op "rotate"/);
    expect(() => parsePipeline({ format: PIPELINE_FORMAT, version: 1, modality: 'series', steps: [{ op: 'jitter', params: { sigma: [0.2, 0.1] } }] })).toThrow(PipelineError);
    expect(() => parsePipeline({ format: PIPELINE_FORMAT, version: 1, modality: 'series', steps: [{ op: 'resample', p: 0.5 }] })).toThrow(/steps\[0\]\.p: preprocess steps always run/);
    expect(() => parsePipeline({ format: PIPELINE_FORMAT, version: 1, modality: 'sound', steps: [] })).toThrow(/modality: expected "image" or "series"/);
  });

  it('survives a JSON round trip (export, import) with the same output bytes', () => {
    fc.assert(
      fc.property(seriesPipelineArb(), seriesArb(), (raw, series) => {
        const p = parsePipeline(raw);
        const back = parsePipeline(JSON.stringify(p));
        expect(JSON.stringify(back)).toBe(JSON.stringify(p));
        const a = runSeriesPipeline(p, series, { epoch: 1, index: 3, mode: 'train' });
        const b = runSeriesPipeline(back, series, { epoch: 1, index: 3, mode: 'train' });
        expect(bytes(b.data)).toEqual(bytes(a.data));
      }),
      { numRuns: 150, seed: 12 },
    );
  });
});

describe('series pipeline: determinism and shapes', () => {
  it('gives the same bytes for (seed, epoch, index) whatever the order or split into workers', () => {
    fc.assert(
      fc.property(seriesPipelineArb(), seriesArb(), fc.integer({ min: 1, max: 4 }), (raw, series, workers) => {
        const p = parsePipeline(raw);
        const indices = [0, 1, 2, 3, 4, 5];
        const inOrder = indices.map((i) => runSeriesPipeline(p, series, { epoch: 2, index: i, mode: 'train' }).data);
        // Another "worker count": indices dealt round-robin, each worker running its share backwards.
        const dealt = new Map<number, Float32Array>();
        for (let w = 0; w < workers; w++) {
          const mine = indices.filter((i) => i % workers === w).reverse();
          for (const i of mine) dealt.set(i, runSeriesPipeline(p, series, { epoch: 2, index: i, mode: 'train' }).data);
        }
        indices.forEach((i) => expect(bytes(dealt.get(i)!)).toEqual(bytes(inOrder[i]!)));
      }),
      { numRuns: 300, seed: 2026 },
    );
  });

  it('trains and infers to the one shape seriesOutputShape states, with finite values, never sharing the input', () => {
    fc.assert(
      fc.property(seriesPipelineArb(8), seriesArb(), fc.nat(1000), (raw, series, index) => {
        const p = parsePipeline(raw);
        const shape = seriesOutputShape(p, series);
        const train = runSeriesPipeline(p, series, { epoch: 0, index, mode: 'train' });
        const infer = runSeriesPipeline(p, series, { epoch: 0, index, mode: 'inference' });
        for (const out of [train, infer]) {
          expect({ length: out.length, channels: out.channels }).toEqual(shape);
          expect(out.data.length).toBe(shape.length * shape.channels);
          expect(out.data.every(Number.isFinite)).toBe(true);
          expect(out.data).not.toBe(series.data);
        }
        expect(infer.trace.every((t) => !t.applied || p.steps[t.step]!.stage === 'preprocess')).toBe(true);
      }),
      { numRuns: 1000, seed: 20261126 },
    );
  });

  it('changes with the epoch and the index when an augment step runs', () => {
    const p = parsePipeline({ format: PIPELINE_FORMAT, version: 1, modality: 'series', steps: [{ op: 'jitter', p: 1 }] });
    const x = makeSeries(32, 3);
    const a = runSeriesPipeline(p, x, { epoch: 0, index: 0, mode: 'train' });
    expect(bytes(runSeriesPipeline(p, x, { epoch: 1, index: 0, mode: 'train' }).data)).not.toEqual(bytes(a.data));
    expect(bytes(runSeriesPipeline(p, x, { epoch: 0, index: 1, mode: 'train' }).data)).not.toEqual(bytes(a.data));
    expect(a.trace[0]).toMatchObject({ op: 'jitter', applied: true, args: { sigma: 0.03 } });
  });

  it('refuses an image pipeline and a series whose values do not fit its shape', () => {
    const image = parsePipeline({ format: PIPELINE_FORMAT, version: 1, steps: [] });
    expect(() => runSeriesPipeline(image, makeSeries(4, 1), { epoch: 0, index: 0, mode: 'train' })).toThrow(/modality "image"/);
    const series = parsePipeline({ format: PIPELINE_FORMAT, version: 1, modality: 'series', steps: [] });
    expect(() => runSeriesPipeline(series, { length: 4, channels: 2, data: new Float32Array(7) }, { epoch: 0, index: 0, mode: 'train' })).toThrow(/7 values is not 4 steps x 2 channels/);
  });
});
