// Test inputs for the 8-bit kernels and their WebAssembly twins (colour.test.ts, filters.test.ts).

import fc from 'fast-check';
import type { WorkImage } from '../image.js';

/**
 * 8-bit images of odd shapes (1 to 40 px a side) with the given channel counts: noise, one value
 * (0, 1, 127, 128, 254 or 255), grey pixels (equal channels) or a ramp, so values repeat, sit at the
 * ends, and blends land on and near half-way points.
 */
export function byteImage(channels: number[]): fc.Arbitrary<WorkImage & { data: Uint8ClampedArray }> {
  return fc
    .record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }), channels: fc.constantFrom(...channels) })
    .chain(({ width, height, channels: C }) => {
      const n = width * height * C;
      const noise = fc.uint8Array({ minLength: n, maxLength: n });
      const flat = fc.constantFrom(0, 1, 127, 128, 254, 255).map((v) => new Uint8Array(n).fill(v));
      const grey = fc.uint8Array({ minLength: width * height, maxLength: width * height }).map((g) => Uint8Array.from({ length: n }, (_, i) => g[Math.floor(i / C)]!));
      const ramp = fc.integer({ min: 1, max: 97 }).map((step) => Uint8Array.from({ length: n }, (_, i) => (i * step) % 256));
      return fc.oneof(noise, flat, grey, ramp).map((data) => ({ width, height, channels: C, data: new Uint8ClampedArray(data) }));
    });
}

/**
 * Blend factors over every double the kernels may get: 0, 1, -1, halves, tiny and huge values, the
 * edges of the float32 fast path (|factor| <= 100), infinities and NaN, and doubles in [-3, 3].
 */
export const anyFactor: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, 2, -0.5, 1e-300, -1e-300, 5e-324, 1e-9, 100, -100, 100.00000000000001, 1e6, -1e9, Infinity, -Infinity, NaN),
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.double({ min: -120, max: 120, noNaN: true }),
  fc.double(),
);

/** Where two byte arrays first differ, as text ("same" when they do not): a fast check whose failure names the value. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `value ${i}: ${a[i]} and ${b[i]}`;
  return 'same';
}
