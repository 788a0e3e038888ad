import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bothWays } from '../wasm/testing.js';
import { saturate } from './colour.js';
import { anyFactor, byteImage, firstDifference } from './testing.js';

describe('WebAssembly colour kernels = their JavaScript twins', () => {
  it('saturate: same bytes on 3,000 RGB and RGBA images, over factors from -1e9 to 1e6, 0, 1, tiny, infinite and NaN', () => {
    fc.assert(
      fc.property(byteImage([3, 4]), anyFactor, (img, factor) => {
        const [js, wasm] = bothWays(() => saturate(img, factor).data);
        expect(firstDifference(wasm, js)).toBe('same');
      }),
      { numRuns: 3000 },
    );
  });

  it('saturate: same bytes on every colour of a 64-level cube (half-way points included), at the factors RandAugment draws', () => {
    const levels = Array.from({ length: 64 }, (_, i) => Math.min(255, i * 4 + (i % 4)));
    const data = new Uint8ClampedArray(64 ** 3 * 3);
    let p = 0;
    for (const r of levels) for (const g of levels) for (const b of levels) data.set([r, g, b], (p++) * 3);
    const img = { width: 512, height: 512, channels: 3, data };
    for (const factor of [0, 0.1, 0.5, 1.5, 1.9, 2, 0.19, 1.81]) {
      const [js, wasm] = bothWays(() => saturate(img, factor).data);
      expect(firstDifference(wasm, js)).toBe('same');
    }
  });

  it('saturate leaves 1-channel images as they are', () => {
    const img = { width: 3, height: 2, channels: 1, data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6]) };
    expect(bothWays(() => saturate(img, 0.3))).toEqual([img, img]);
  });
});
