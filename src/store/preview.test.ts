// Preview variants: one RGBA image per index, deterministic, not all the same.
import { describe, expect, it } from 'vitest';
import { defaultPipeline } from '../pipeline/index.js';
import { makeSampleImage } from '../data/sampleImage.js';
import { describeTrace, overlayMask, previewVariants, toRgba } from './preview.js';
import { pipelineOf } from '../pipeline/testing.js';

describe('previewVariants', () => {
  const sample = makeSampleImage(7);
  const pipeline = defaultPipeline();
  const indices = [0, 1, 2, 3, 4, 5, 6, 7];

  it('gives one opaque RGBA image per index', () => {
    const variants = previewVariants(pipeline, sample, indices);
    expect(variants).toHaveLength(8);
    for (const { image: v } of variants) {
      expect(v.data.length).toBe(v.width * v.height * 4);
      for (let i = 3; i < v.data.length; i += 4) expect(v.data[i]).toBe(255);
    }
  });

  it('is deterministic, and the default pipeline does not give eight identical variants', () => {
    const a = previewVariants(pipeline, sample, indices);
    const b = previewVariants(pipeline, sample, indices);
    expect(a.map((v) => v.image.data)).toEqual(b.map((v) => v.image.data));
    expect(new Set(a.map((v) => v.image.data.join(','))).size).toBeGreaterThan(1);
  });
});

describe('masks in the preview', () => {
  it('moves the sample mask with the image: a flipped shape has a flipped mask', () => {
    const sample = makeSampleImage(3);
    const [flipped] = previewVariants(pipelineOf([{ op: 'flip', p: 1 }]), sample, [0]);
    const W = sample.width;
    for (let y = 0; y < sample.height; y++) {
      for (let x = 0; x < W; x++) expect(flipped!.mask![y * W + x]).toBe(sample.mask![y * W + (W - 1 - x)]);
    }
  });

  it('tints masked pixels only', () => {
    const image = { width: 2, height: 1, data: new Uint8ClampedArray([10, 10, 10, 255, 10, 10, 10, 255]) };
    const out = overlayMask(image, new Uint8Array([0, 1]));
    expect([...out.data.slice(0, 4)]).toEqual([10, 10, 10, 255]);
    expect(out.data[4]).toBeGreaterThan(100);
  });
});

describe('describeTrace', () => {
  it('says for each step what was drawn, or that it was skipped', () => {
    const lines = describeTrace([
      { step: 0, op: 'flip', applied: false },
      { step: 1, op: 'rotate', applied: true, args: { degrees: -7.314, interpolation: 'bilinear', border: 'reflect', fill: 0 } },
      { step: 2, op: 'gaussianNoise', applied: true, args: { std: 0.02, perChannel: true, seed: 99 } },
    ]);
    expect(lines).toEqual(['Flip: skipped (probability)', 'Rotate: degrees -7.31', 'Gaussian noise: std 0.02, perChannel true']);
  });
});

describe('toRgba', () => {
  it('copies RGB and adds opaque alpha', () => {
    const rgba = toRgba({ width: 2, height: 1, channels: 3, data: new Uint8Array([1, 2, 3, 4, 5, 6]) });
    expect([...rgba.data]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });

  it('spreads grey over the three colour channels', () => {
    const rgba = toRgba({ width: 1, height: 1, channels: 1, data: new Uint8Array([9]) });
    expect([...rgba.data]).toEqual([9, 9, 9, 255]);
  });
});
