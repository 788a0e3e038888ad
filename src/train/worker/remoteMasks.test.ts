// A segmentation run in the trainer's worker reads the page's batches with their masks, and its
// source says it is a segmentation source (so validation computes IoU, not classification).
import { describe, expect, it } from 'vitest';
import { presetPipeline } from '../../pipeline/index.js';
import { MaskSource, rectangles } from '../segmentationTesting.js';
import { dataHost, remoteData } from './remoteSource.js';

describe('remote data with masks', () => {
  it('carries masks and the segmentation flag across the seam', async () => {
    const source = new MaskSource(rectangles(6), [0, 1, 2, 3], [4, 5]);
    const host = dataHost(() => Promise.resolve({ source, classes: ['background', 'box'], inputSize: { width: 8, height: 8 }, description: 'boxes', key: 'boxes' }));
    const remote = await remoteData(host, presetPipeline('none', 3));
    expect(remote.source.segmentation).toBe(true);
    const batches = [];
    for await (const batch of remote.source.validation(4)) batches.push(batch);
    expect(batches[0]!.masks).toHaveLength(2 * 64);
  });
});
