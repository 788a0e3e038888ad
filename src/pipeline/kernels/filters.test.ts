import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkImage } from '../image.js';
import { bothWays } from '../wasm/testing.js';
import { BOX_PASSES, EXACT_BLUR_MAX_SIGMA, extendedBox, gaussianBlur, gaussianKernel, sharpen } from './filters.js';
import { anyFactor, byteImage, firstDifference } from './testing.js';

/** The exact separable Gaussian (3-sigma kernel, mirrored borders) in float64: what the box passes approximate. */
function exactBlur(img: WorkImage, sigma: number): Float64Array {
  const { width: W, height: H, channels: C, data } = img;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const refl = (i: number, n: number) => {
    if (n === 1) return 0;
    const p = 2 * n - 2;
    let q = i % p;
    if (q < 0) q += p;
    return q < n ? q : p - q;
  };
  const tmp = new Float64Array(W * H * C);
  const out = new Float64Array(W * H * C);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
    let acc = 0;
    for (let t = -r; t <= r; t++) acc += k[t + r]! * data[(y * W + refl(x + t, W)) * C + c]!;
    tmp[(y * W + x) * C + c] = acc;
  }
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
    let acc = 0;
    for (let t = -r; t <= r; t++) acc += k[t + r]! * tmp[(refl(y + t, H) * W + x) * C + c]!;
    out[(y * W + x) * C + c] = acc;
  }
  return out;
}

/** Stated in README ("What is guaranteed"): the box approximation is this close to the exact blur, in pixel levels. */
const BOX_BLUR_BOUND_LEVELS = 4;

describe('gaussian blur above EXACT_BLUR_MAX_SIGMA (extended boxes, cost independent of sigma)', () => {
  it('has the exact variance sigma^2 over its passes', () => {
    for (const sigma of [2.01, 3, 4.5, 7, 10]) {
      const { r, alpha } = extendedBox(sigma);
      expect(alpha).toBeGreaterThanOrEqual(0);
      expect(alpha).toBeLessThan(1);
      // Variance of one extended box: (r(r+1)(2r+1)/3 + 2 alpha (r+1)^2) / (2r + 1 + 2 alpha).
      const variance = ((r * (r + 1) * (2 * r + 1)) / 3 + 2 * alpha * (r + 1) ** 2) / (2 * r + 1 + 2 * alpha);
      expect(variance * BOX_PASSES).toBeCloseTo(sigma * sigma, 9);
    }
  });

  it(`property: within ${BOX_BLUR_BOUND_LEVELS} levels of the exact Gaussian, on odd shapes and any pixels`, () => {
    const shape = fc.constantFrom([1, 23], [23, 1], [1, 1], [2, 2], [7, 13], [17, 5], [31, 29]);
    fc.assert(
      fc.property(shape, fc.double({ min: EXACT_BLUR_MAX_SIGMA + 1e-6, max: 10, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), ([w, h], sigma, seed) => {
        const data = new Uint8ClampedArray(w! * h! * 3);
        let state = seed;
        for (let i = 0; i < data.length; i++) {
          state = (Math.imul(state, 1103515245) + 12345) >>> 0;
          // Half noise, half hard edges: the hardest input for a box approximation.
          data[i] = seed % 2 ? state >>> 24 : (i % 7 < 3 ? 255 : 0);
        }
        const img = { width: w!, height: h!, channels: 3, data };
        const box = gaussianBlur(img, sigma);
        const exact = exactBlur(img, sigma);
        let worst = 0;
        for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(box.data[i]! - exact[i]!));
        expect(worst).toBeLessThanOrEqual(BOX_BLUR_BOUND_LEVELS);
      }),
      { numRuns: 120, seed: 11 },
    );
  });

  it('at and below EXACT_BLUR_MAX_SIGMA is the exact kernel (13 taps at most per axis)', () => {
    expect(gaussianKernel(EXACT_BLUR_MAX_SIGMA).length).toBeLessThanOrEqual(13);
    const img = { width: 9, height: 4, channels: 1, data: Uint8ClampedArray.from({ length: 36 }, (_, i) => (i * 37) % 256) };
    const blurred = gaussianBlur(img, EXACT_BLUR_MAX_SIGMA);
    const exact = exactBlur(img, EXACT_BLUR_MAX_SIGMA);
    for (let i = 0; i < exact.length; i++) expect(Math.abs(blurred.data[i]! - exact[i]!)).toBeLessThanOrEqual(0.5 + 1e-4);
  });
});

describe('WebAssembly sharpen = its JavaScript twin', () => {
  it('same bytes on 3,000 images of 1 to 4 channels, over amounts from -1e9 to 1e6, 0, tiny, infinite and NaN', () => {
    fc.assert(
      fc.property(byteImage([1, 2, 3, 4]), anyFactor, (img, amount) => {
        const [js, wasm] = bothWays(() => sharpen(img, amount).data);
        expect(firstDifference(wasm, js)).toBe('same');
      }),
      { numRuns: 3000 },
    );
  });

  it('same bytes for every (value, 3x3 sum) pair, at the amounts RandAugment draws', () => {
    // A 3-row image of 3-column blocks: block centre v (row 1), its eight neighbours holding
    // `ring` (0 .. 8 * 255) filled greedily, so the centres meet every pair.
    const rows: number[][] = [[], [], []];
    for (let v = 0; v < 256; v++) {
      for (let ring = 0; ring <= 8 * 255; ring++) {
        const cells = Array.from({ length: 8 }, (_, k) => Math.max(0, Math.min(255, ring - 255 * k)));
        rows[0]!.push(cells[0]!, cells[1]!, cells[2]!);
        rows[1]!.push(cells[3]!, v, cells[4]!);
        rows[2]!.push(cells[5]!, cells[6]!, cells[7]!);
      }
    }
    const width = rows[0]!.length;
    const data = new Uint8ClampedArray([...rows[0]!, ...rows[1]!, ...rows[2]!]);
    const img = { width, height: 3, channels: 1, data };
    for (const amount of [-0.9, -0.5, -0.1, 0.1, 0.5, 0.9, 1, 2]) {
      const [js, wasm] = bothWays(() => sharpen(img, amount).data);
      expect(firstDifference(wasm, js)).toBe('same');
    }
  });
});
