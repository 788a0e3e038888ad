// Segmentation batches: each sample's mask goes through the pipeline with its image (same draws)
// and travels in the same payload; asking for masks changes nothing about the images.
import { describe, expect, it } from 'vitest';
import { makeSampleDataset } from '../data/sampleDataset.js';
import { runPipeline } from '../pipeline/index.js';
import { sampleImage } from '../data/dataset.js';
import { pipelineOf } from '../pipeline/testing.js';
import { createWorkerApi } from './api.js';

const identity = { transfer: <T,>(value: T) => value };

describe('batch with masks', () => {
  const ds = makeSampleDataset(24, 3, 5);
  const pipeline = pipelineOf([
    { op: 'flip', p: 0.5 },
    { op: 'rotate', p: 1, params: { degrees: [-30, 30] } },
    { op: 'randomResizedCrop', params: { width: 16, height: 12 } },
    { op: 'brightness', p: 1 },
    { op: 'rescale' },
  ]);
  const api = createWorkerApi(identity);
  api.setDataset({ generation: 1, sizePx: ds.sizePx, pixels: ds.pixels, labels: ds.labels, masks: ds.masks! });
  const sampleIndices = Int32Array.from([4, 0, 9, 2]);

  it('carries [n, height, width] masks moved exactly as a single run moves them', () => {
    const got = api.batch({ generation: 1, pipeline, mode: 'train', epoch: 3, sampleIndices, withMasks: true });
    expect(got.masks!.length).toBe(4 * 16 * 12);
    sampleIndices.forEach((index, k) => {
      const one = runPipeline(pipeline, sampleImage(ds, index), { epoch: 3, index, mode: 'train', mask: sampleImage(ds, index).mask! });
      expect(got.masks!.subarray(k * 192, (k + 1) * 192)).toEqual(one.mask);
      expect(got.x.subarray(k * 576, (k + 1) * 576)).toEqual(one.data);
    });
  });

  it('gives the same images and labels with or without masks, and no masks unless asked', () => {
    const withMasks = api.batch({ generation: 1, pipeline, mode: 'inference', epoch: 0, sampleIndices, withMasks: true });
    const without = api.batch({ generation: 1, pipeline, mode: 'inference', epoch: 0, sampleIndices });
    expect(withMasks.x).toEqual(without.x);
    expect(withMasks.y).toEqual(without.y);
    expect(without.masks).toBeUndefined();
  });

  it('refuses a mask batch from a dataset without masks, saying so', () => {
    const plain = createWorkerApi(identity);
    plain.setDataset({ generation: 2, sizePx: ds.sizePx, pixels: ds.pixels, labels: ds.labels });
    expect(() => plain.batch({ generation: 2, pipeline, mode: 'train', epoch: 0, sampleIndices, withMasks: true })).toThrow(/has no masks/);
  });
});
