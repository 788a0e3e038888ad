// The "Show mask" overlay: each class in its own colour (the dataset's, else a default tint),
// background and ignored pixels untouched, and the opacity the user picked.
import { describe, expect, it } from 'vitest';
import { IGNORE_INDEX } from '../pipeline/index.js';
import { classTint, MASK_ALPHA, overlayMask } from './display.js';

const grey = (n: number) => ({ width: n, height: 1, data: new Uint8ClampedArray(n * 4).fill(100) });

describe('mask overlay', () => {
  it('tints each class in its colour, leaves background and ignored pixels, at the chosen opacity', () => {
    const out = overlayMask(grey(4), Uint8Array.from([0, 1, 2, IGNORE_INDEX]), { colours: [null, [200, 0, 0], null], opacity: 0.5 });
    expect(Array.from(out.data.subarray(0, 3))).toEqual([100, 100, 100]);
    expect(Array.from(out.data.subarray(4, 7))).toEqual([150, 50, 50]);
    const second = classTint(2);
    expect(Array.from(out.data.subarray(8, 11))).toEqual(second.map((c) => Math.round(100 * 0.5 + c * 0.5)));
    expect(Array.from(out.data.subarray(12, 15))).toEqual([100, 100, 100]);
  });

  it('gives distinct default colours to the first classes and keeps the default opacity', () => {
    const tints = [1, 2, 3, 4, 5].map((k) => classTint(k).join(','));
    expect(new Set(tints).size).toBe(5);
    const out = overlayMask(grey(1), Uint8Array.from([1]));
    expect(out.data[0]).toBe(Math.round(100 * (1 - MASK_ALPHA) + classTint(1)[0] * MASK_ALPHA));
  });
});
