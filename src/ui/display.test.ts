// Preview helpers: pixels for canvases, the mask overlay, drawn values as text.
import { describe, expect, it } from 'vitest';
import { describeTrace, overlayMask, toRgba } from './display.js';

describe('masks in the preview', () => {
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

  it('names the ops a policy step drew, with their values, however many', () => {
    const ops = [{ name: 'Rotate', magnitude: -2.7 }, { name: 'Posterize', magnitude: 7 }, { name: 'Equalize', magnitude: 0 }, { name: 'Identity', magnitude: 0 }, { name: 'ShearX', magnitude: 0.09 }];
    expect(describeTrace([{ step: 0, op: 'randAugment', applied: true, args: { ops, interpolation: 'nearest', fill: 0 } }])).toEqual(['RandAugment: Rotate -2.70, Posterize 7, Equalize, Identity, ShearX 0.09']);
    expect(describeTrace([{ step: 0, op: 'autoAugment', applied: true, args: { subPolicy: 3, ops: [], interpolation: 'nearest', fill: 0 } }])).toEqual(['AutoAugment: none']);
  });

  it("shows AugMix's draw: the image's weight, then each chain's weight and ops", () => {
    const chains = [{ weight: 0.3, ops: [{ name: 'Rotate', magnitude: -6.667 }, { name: 'Equalize', magnitude: 0 }] }, { weight: 0.25, ops: [{ name: 'Posterize', magnitude: 3 }] }];
    expect(describeTrace([{ step: 0, op: 'augMix', applied: true, args: { original: 0.45, chains, interpolation: 'bilinear', fill: 0 } }])).toEqual(['AugMix: image 0.45 + 0.30 × (Rotate -6.67, Equalize) + 0.25 × (Posterize 3)']);
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
