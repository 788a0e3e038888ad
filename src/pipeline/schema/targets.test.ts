// Version 2's `targets`: a pipeline says whether it was built for the image alone or the image and
// its mask; the field round-trips, is checked with a message, and is refused where it cannot apply.
import { describe, expect, it } from 'vitest';
import { parsePipeline, PIPELINE_FORMAT, withTargets } from '../index.js';

const doc = (extra: Record<string, unknown>) => ({ format: PIPELINE_FORMAT, version: 2, seed: 1, steps: [{ op: 'flip' }], ...extra });

describe('pipeline targets', () => {
  it('["image", "mask"] round-trips; ["image"] is the default and is not written back', () => {
    const p = parsePipeline(doc({ targets: ['image', 'mask'] }));
    expect(p.targets).toEqual(['image', 'mask']);
    expect(parsePipeline(JSON.parse(JSON.stringify(p))).targets).toEqual(['image', 'mask']);
    expect(parsePipeline(doc({ targets: ['image'] })).targets).toBeUndefined();
    expect(parsePipeline(doc({})).targets).toBeUndefined();
  });

  it('names the field for anything else, a version-1 file, and a series pipeline with masks', () => {
    expect(() => parsePipeline(doc({ targets: ['mask'] }))).toThrow(/targets: expected \["image"\] or \["image", "mask"\], got \["mask"\]/);
    expect(() => parsePipeline({ ...doc({ targets: ['image', 'mask'] }), version: 1 })).toThrow(/targets came in pipeline version 2/);
    expect(() => parsePipeline({ format: PIPELINE_FORMAT, version: 2, modality: 'series', steps: [], targets: ['image', 'mask'] })).toThrow(/targets: masks are for image pipelines/);
  });

  it('withTargets states the mask target for segmentation and drops it otherwise', () => {
    const p = parsePipeline(doc({}));
    expect(withTargets(p, true).targets).toEqual(['image', 'mask']);
    expect(withTargets(withTargets(p, true), false)).toEqual(p);
  });
});
