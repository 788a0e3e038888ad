import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkImage } from '../image.js';
import { bothWays } from '../wasm/testing.js';
import { warpChain, type ChainStep } from './chain.js';
import { warpAffine, type Affine, type Border } from './geometry.js';

/** 8-bit images of odd shapes, 1, 3 or 4 channels. */
const image = fc
  .record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }), channels: fc.constantFrom(1, 3, 3, 4) })
  .chain(({ width, height, channels }) =>
    fc.uint8Array({ minLength: width * height * channels, maxLength: width * height * channels }).map((data): WorkImage => ({ width, height, channels, data: new Uint8ClampedArray(data) })),
  );

const size = fc.integer({ min: 1, max: 40 });

/** Rotation by `angle` (and a scale) about the centres of an output and an input frame, as an inverse map. */
function rotation(angle: number, scale: number, inW: number, inH: number, outW: number, outH: number): Affine {
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  return [cos, -sin, inW / 2 - cos * (outW / 2) + sin * (outH / 2), sin, cos, inH / 2 - sin * (outW / 2) - cos * (outH / 2)];
}

const coefficient = fc.oneof(
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.integer({ min: -45, max: 45 }),
  fc.constantFrom(0, -0, 1, -1, 0.5, -0.5, 1e-12, 1e6, -1e6, 1e12, 1e300, -1e300, 2 ** 31, Number.MIN_VALUE, Infinity, -Infinity, NaN),
);

/** Inverse maps: rotations by any angle, whole and half shifts, flips, shears, huge scales, near-singular and arbitrary matrices. */
const matrix = (inW: number, inH: number, outW: number, outH: number) =>
  fc.oneof(
    fc.tuple(fc.double({ min: -7, max: 7, noNaN: true }), fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 20, noNaN: true }))).map(([t, s]) => rotation(t, s, inW, inH, outW, outH)),
    fc.tuple(fc.integer({ min: -45, max: 45 }), fc.integer({ min: -45, max: 45 }), fc.constantFrom(0, 0.5, -0.5)).map(([x, y, h]): Affine => [1, 0, x + h, 0, 1, y]),
    fc.constantFrom<Affine>([-1, 0, inW, 0, 1, 0], [1, 0, 0, 0, -1, inH], [-1, 0, inW, 0, -1, inH], [0, 1, 0, 1, 0, 0]),
    fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean()).map(([k, rows]): Affine => (rows ? [1, k, -k * (outH / 2), 0, 1, 0] : [1, 0, 0, k, 1, -k * (outW / 2)])),
    // Shears as RandAugment's ShearX / ShearY draw them (whole-pixel row or column shifts).
    fc.tuple(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(0.27, -0.3, 0.01, 1e-9, 2.5)), fc.boolean()).map(([k, rows]): Affine => (rows ? [1, k, 0, 0, 1, 0] : [1, 0, 0, k, 1, 0])),
    fc.tuple(fc.double({ min: 1e-9, max: 1e-3, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })).map(([eps, k]): Affine => [1 / eps, k / eps, 3, (1 + eps) / eps, k / eps, -2]),
    fc.tuple(coefficient, coefficient, coefficient, coefficient, coefficient, coefficient),
  );

const border = fc.constantFrom<Border>('constant', 'reflect', 'edge');
const fill = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(127.5, 0.5, -3, 300));

interface AxisStep {
  a: number;
  c: number;
  e: number;
  f: number;
  w: number;
  h: number;
  border: Border;
  fill: number;
}

/** Index steps u = a·x + c, v = e·y + f, each onto its w x h frame, the first on the image. */
function axisAlignedChain(img: { width: number; height: number }, steps: readonly AxisStep[]): ChainStep[] {
  return steps.map((st, k) => ({
    matrix: [st.a, 0, st.c, 0, st.e, st.f],
    inWidth: k === 0 ? img.width : steps[k - 1]!.w,
    inHeight: k === 0 ? img.height : steps[k - 1]!.h,
    bilinear: false,
    border: st.border,
    fill: st.fill,
  }));
}

describe('WebAssembly resampling kernels = their JavaScript twins', () => {
  for (const interpolation of ['nearest', 'bilinear'] as const) {
    it(`${interpolation} warps of 8-bit images: same bytes on 3,000 images, maps, sizes, borders and fills`, () => {
      fc.assert(
        fc.property(
          image.chain((img) => fc.tuple(fc.constant(img), size, size).chain(([img, w, h]) => fc.tuple(fc.constant(img), fc.constant(w), fc.constant(h), matrix(img.width, img.height, w, h), border, fill))),
          ([img, width, height, m, border, fill]) => {
            const [js, wasm] = bothWays(() => warpAffine(img, m, width, height, { interpolation, border, fill }).data);
            expect(wasm).toEqual(js);
          },
        ),
        { numRuns: 3000 },
      );
    }, 60_000);
  }

  it('two nearest steps fused (warpIndexPair): same bytes on 3,000 images, pairs of maps, frame sizes and borders', () => {
    const pair = image.chain((img) =>
      fc.tuple(fc.constant(img), size, size, size, size).chain(([img, midW, midH, w, h]) =>
        fc.tuple(
          fc.constant(img),
          fc.record({ matrix: matrix(img.width, img.height, midW, midH), inWidth: fc.constant(img.width), inHeight: fc.constant(img.height), bilinear: fc.constant(false), border, fill }),
          fc.record({ matrix: matrix(midW, midH, w, h), inWidth: fc.constant(midW), inHeight: fc.constant(midH), bilinear: fc.constant(false), border, fill }),
          fc.constant(w),
          fc.constant(h),
        ),
      ),
    );
    fc.assert(
      fc.property(pair, ([img, first, second, width, height]) => {
        const [js, wasm] = bothWays(() => warpChain(img, [first, second], width, height).data);
        expect(wasm).toEqual(js);
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('chains of axis-aligned index steps (flips, crops, shifts, nearest resizes): same bytes on 3,000 images and chains', () => {
    const scale = fc.oneof(fc.constantFrom(1, -1, 0.5, 2, -3, 1e-9, 1e9, 1e300, Infinity, NaN), fc.double({ min: -4, max: 4, noNaN: true }));
    const offset = fc.oneof(fc.integer({ min: -45, max: 45 }), fc.double({ min: -60, max: 60, noNaN: true }), fc.constantFrom(-1e300, Infinity, NaN));
    const step = fc.record({ a: scale, c: offset, e: scale, f: offset, w: size, h: size, border, fill });
    const chained = image.chain((img) => fc.tuple(fc.constant(img), fc.array(step, { minLength: 2, maxLength: 4 })));
    fc.assert(
      fc.property(chained, ([img, steps]) => {
        const chain = axisAlignedChain(img, steps);
        const last = steps[steps.length - 1]!;
        const [js, wasm] = bothWays(() => warpChain(img, chain, last.w, last.h).data);
        expect(wasm).toEqual(js);
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('axis-aligned index steps then a bilinear step (flip or crop, then rotate): same bytes on 3,000 images and chains', () => {
    const scale = fc.oneof(fc.constantFrom(1, -1, 0.5, 2, 1e300, Infinity, NaN), fc.double({ min: -4, max: 4, noNaN: true }));
    const offset = fc.oneof(fc.integer({ min: -45, max: 45 }), fc.double({ min: -60, max: 60, noNaN: true }));
    const indexStep = fc.record({ a: scale, c: offset, e: scale, f: offset, w: size, h: size, border, fill });
    const chained = image.chain((img) =>
      fc.tuple(fc.constant(img), fc.array(indexStep, { minLength: 1, maxLength: 3 }), size, size).chain(([img, steps, w, h]) => {
        const last = steps[steps.length - 1]!;
        // Finite maps: the JavaScript twin's general loop throws on NaN positions (fillOf of an undefined tap).
        const finite = matrix(last.w, last.h, w, h).filter((m) => m.every(Number.isFinite));
        return fc.tuple(fc.constant(img), fc.constant(steps), fc.constant(w), fc.constant(h), finite, border, fill);
      }),
    );
    fc.assert(
      fc.property(chained, ([img, steps, width, height, m, lastBorder, lastFill]) => {
        const chain = axisAlignedChain(img, steps);
        const last = steps[steps.length - 1]!;
        chain.push({ matrix: m, inWidth: last.w, inHeight: last.h, bilinear: true, border: lastBorder, fill: lastFill });
        const [js, wasm] = bothWays(() => warpChain(img, chain, width, height).data);
        expect(wasm).toEqual(js);
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
});
