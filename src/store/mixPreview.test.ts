import { describe, expect, it } from 'vitest';
import { makeSampleDataset } from '../data/sampleDataset.js';
import { pipelineOf } from '../pipeline/testing.js';
import { mixedPairPreview } from './mixPreview.js';

describe('mixed pair preview', () => {
  const ds = makeSampleDataset(12, 3, 5);
  const dataset = { ...ds, source: 'sample' as const, hashes: ds.names.map(() => '') };
  const sample = { width: 1, height: 1, channels: 3, data: new Uint8Array(3) };
  it('mixes the selected sample with one of another class; the label weights are λ and 1 − λ', () => {
    const pipeline = pipelineOf([{ op: 'flip' }], { batch: [{ op: 'mixUp', alpha: 1, p: 0 }] });
    const pair = mixedPairPreview({ pipeline, dataset: dataset as never, previewSample: 2, sample: sample as never })!;
    expect(pair.op).toBe('mixUp');
    expect(pair.labels).toHaveLength(2);
    expect(pair.labels[0]!.weight + pair.labels[1]!.weight).toBeCloseTo(1, 6);
    expect(pair.labels.map((l) => l.weight).sort()).toEqual([Math.min(pair.lambda, 1 - pair.lambda), Math.max(pair.lambda, 1 - pair.lambda)].map((v) => Math.fround(v)).sort());
    expect(pair.labels.find((l) => l.name === dataset.classes[dataset.labels[2]!])!.weight).toBeCloseTo(pair.lambda, 6);
    expect(pair.rgba.length).toBe(dataset.sizePx * dataset.sizePx * 4);
  });
  it('shows nothing without batch steps', () => {
    expect(mixedPairPreview({ pipeline: pipelineOf([]), dataset: dataset as never, previewSample: 0, sample: sample as never })).toBeNull();
  });
});
