// Batch steps in the worker that builds the batch: a training batch comes mixed with its soft
// targets in the same payload; validation batches and pipelines without batch steps are untouched.
import { describe, expect, it } from 'vitest';
import { makeSampleDataset } from '../data/sampleDataset.js';
import { applyBatchMix, drawBatchMix } from '../pipeline/batchMix.js';
import { pipelineOf } from '../pipeline/testing.js';
import { createWorkerApi } from './api.js';

const identity = { transfer: <T,>(value: T) => value };

describe('batch steps in the worker', () => {
  const ds = makeSampleDataset(24, 3, 5);
  const steps = [{ op: 'flip', p: 0.5 }, { op: 'resize', params: { width: 12, height: 12 } }, { op: 'rescale' }];
  const plain = pipelineOf(steps);
  const mixed = pipelineOf(steps, { batch: [{ op: 'mixUp', alpha: 0.4 }, { op: 'cutMix' }] });
  const api = createWorkerApi(identity);
  api.setDataset({ generation: 1, sizePx: ds.sizePx, pixels: ds.pixels, labels: ds.labels });
  const sampleIndices = Int32Array.from([4, 0, 9, 2, 7]);

  it('a training batch is the plain batch mixed as drawn, with soft targets', () => {
    const base = api.batch({ generation: 1, pipeline: plain, mode: 'train', epoch: 2, sampleIndices, numClasses: 3 });
    expect(base.yProb).toBeUndefined();
    const got = api.batch({ generation: 1, pipeline: mixed, mode: 'train', epoch: 2, sampleIndices, numClasses: 3 });
    const draw = drawBatchMix(mixed.batch!, mixed.seed, 2, 4, 12, 12);
    const want = applyBatchMix({ x: base.x, labels: base.y, numClasses: 3, width: 12, height: 12, channels: 3, layout: 'NHWC' }, draw);
    expect(got.x).toEqual(base.x);
    expect(got.yProb).toEqual(want);
    expect(got.y).toEqual(base.y);
  });

  it('validation batches are not mixed', () => {
    const a = api.batch({ generation: 1, pipeline: plain, mode: 'inference', epoch: 0, sampleIndices, numClasses: 3 });
    const b = api.batch({ generation: 1, pipeline: mixed, mode: 'inference', epoch: 0, sampleIndices, numClasses: 3 });
    expect(b.x).toEqual(a.x);
    expect(b.yProb).toBeUndefined();
  });
});
