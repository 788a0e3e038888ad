import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkImage } from '../image.js';
import { bothWays } from '../wasm/testing.js';
import { runPointwiseInto, type PointStage } from './pointwise.js';

/** 8-bit images of odd shapes, 1, 3 or 4 channels. */
const image = fc
  .record({ width: fc.integer({ min: 1, max: 41 }), height: fc.integer({ min: 1, max: 17 }), channels: fc.constantFrom(1, 3, 4) })
  .chain(({ width, height, channels }) =>
    fc.uint8Array({ minLength: width * height * channels, maxLength: width * height * channels }).map((data): WorkImage => ({ width, height, channels, data: new Uint8ClampedArray(data) })),
  );

const finite = (max: number) => fc.double({ min: -max, max, noNaN: true });

/** A table stage (any per-value map, including ones leaving [0, 255]), noise, and maybe an affine map. */
const stages = fc.record({
  gain: fc.oneof(finite(4), fc.constantFrom(0, 1, -1, 1e6)),
  shift: fc.oneof(finite(300), fc.constantFrom(0, 0.5, -0.5)),
  pixel: fc.boolean(),
  sigma: fc.oneof(fc.double({ min: 0, max: 300, noNaN: true }), fc.constantFrom(0, 1e-9, 7.65, 1e9)),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  perChannel: fc.boolean(),
  affine: fc.option(fc.record({ scale: finite(100), offset: finite(100) })),
});

describe('WebAssembly noise tail = its JavaScript twin', () => {
  it('table, Gaussian noise and normalise give the same float32 bits on 2,000 images, HWC and CHW', () => {
    fc.assert(
      fc.property(image, stages, fc.boolean(), (img, st, channelsFirst) => {
        const run: PointStage[] = [
          { kind: 'map', needsStats: false, pixel: st.pixel, affine: null, build: () => (v: number, c: number) => v * st.gain + st.shift + c },
          { kind: 'noise', sigma: st.sigma, seed: st.seed, perChannel: st.perChannel },
        ];
        if (st.affine) {
          const scale = Float64Array.from({ length: img.channels }, (_, c) => st.affine!.scale * (c + 1));
          const offset = Float64Array.from({ length: img.channels }, (_, c) => st.affine!.offset - c);
          run.push({ kind: 'map', needsStats: false, pixel: false, affine: { scale, offset }, build: () => (v: number, c: number) => v * scale[c]! + offset[c]! });
        }
        const [js, wasm] = bothWays(() => {
          const out = new Float32Array(img.data.length);
          runPointwiseInto(img, run, out, channelsFirst);
          return out;
        });
        expect(new Uint32Array(wasm.buffer)).toEqual(new Uint32Array(js.buffer));
      }),
      { numRuns: 2000 },
    );
  });
});
