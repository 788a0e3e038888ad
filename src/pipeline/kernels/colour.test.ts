import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bothWays } from '../wasm/testing.js';
import { saturate, toGrey } from './colour.js';
import { anyFactor, byteImage, firstDifference } from './testing.js';

/** Every colour of a 64-level cube (each level 0 .. 255 with all four remainders mod 4), as a 512 x 512 image. */
const cube = (() => {
  const levels = Array.from({ length: 64 }, (_, i) => Math.min(255, i * 4 + (i % 4)));
  const data = new Uint8ClampedArray(64 ** 3 * 3);
  let p = 0;
  for (const r of levels) for (const g of levels) for (const b of levels) data.set([r, g, b], (p++) * 3);
  return { width: 512, height: 512, channels: 3, data };
})();

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
    for (const factor of [0, 0.1, 0.5, 1.5, 1.9, 2, 0.19, 1.81]) {
      const [js, wasm] = bothWays(() => saturate(cube, factor).data);
      expect(firstDifference(wasm, js)).toBe('same');
    }
  });

  it('toGrey: same bytes on 3,000 images of 1, 3 and 4 channels, to 1, 3 or 4 channels', () => {
    fc.assert(
      fc.property(byteImage([1, 3, 4]), fc.constantFrom(1, 3, 4), (img, outChannels) => {
        const [js, wasm] = bothWays(() => toGrey(img, outChannels));
        expect(wasm.channels).toBe(outChannels);
        expect(firstDifference(wasm.data, js.data)).toBe('same');
      }),
      { numRuns: 3000 },
    );
  });

  it('toGrey: same bytes on every colour of a 64-level cube (half-way points included)', () => {
    const [js, wasm] = bothWays(() => [toGrey(cube, 1).data, toGrey(cube, 3).data]);
    expect(firstDifference(wasm[0]!, js[0]!)).toBe('same');
    expect(firstDifference(wasm[1]!, js[1]!)).toBe('same');
  });

  it('saturate leaves 1-channel images as they are', () => {
    const img = { width: 3, height: 2, channels: 1, data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6]) };
    expect(bothWays(() => saturate(img, 0.3))).toEqual([img, img]);
  });
});
