import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkImage } from '../image.js';
import { bothWays } from '../wasm/testing.js';
import { byteRanges, channelSums, histogram, mapBytes, tableToFloats } from './tables.js';

/** 8-bit images of odd shapes, 1 to 4 channels; values often repeat (flat areas) or sit at 0/255. */
const image = fc
  .record({ width: fc.integer({ min: 1, max: 37 }), height: fc.integer({ min: 1, max: 23 }), channels: fc.integer({ min: 1, max: 4 }) })
  .chain(({ width, height, channels }) =>
    fc
      .oneof(fc.uint8Array({ minLength: width * height * channels, maxLength: width * height * channels }), fc.constantFrom(0, 1, 254, 255).map((v) => new Uint8Array(width * height * channels).fill(v)))
      .map((data): WorkImage & { data: Uint8ClampedArray } => ({ width, height, channels, data: new Uint8ClampedArray(data) })),
  );

const bytesTable = (channels: number) => fc.uint8Array({ minLength: 256 * channels, maxLength: 256 * channels });
const floatTable = (channels: number) => fc.float32Array({ minLength: 256 * channels, maxLength: 256 * channels });

describe('WebAssembly table kernels = their JavaScript twins', () => {
  it('mapBytes: same bytes on 2,000 images and tables', () => {
    fc.assert(
      fc.property(image.chain((img) => fc.tuple(fc.constant(img), bytesTable(img.channels))), ([img, table]) => {
        const [js, wasm] = bothWays(() => {
          const out = new Uint8ClampedArray(img.data.length);
          mapBytes(img.data, table, img.channels, out);
          return out;
        });
        expect(wasm).toEqual(js);
      }),
      { numRuns: 2000 },
    );
  });

  it('tableToFloats: same float32 values (NaN, -0 and infinities included) in HWC and CHW, with and without an affine map', () => {
    fc.assert(
      fc.property(
        image.chain((img) => fc.tuple(fc.constant(img), floatTable(img.channels), fc.boolean(), fc.option(fc.tuple(fc.float32Array({ minLength: img.channels, maxLength: img.channels }), fc.float32Array({ minLength: img.channels, maxLength: img.channels }))))),
        ([img, lut, channelsFirst, affine]) => {
          const pixels = img.width * img.height;
          const [js, wasm] = bothWays(() => {
            const out = new Float32Array(img.data.length);
            const dst = channelsFirst ? { out, pixelStride: 1, channelStride: pixels } : { out, pixelStride: img.channels, channelStride: 1 };
            tableToFloats(img.data, lut, affine ? { scale: Float64Array.from(affine[0]), offset: Float64Array.from(affine[1]) } : null, img.channels, dst);
            return out;
          });
          // Bit patterns, so NaN = NaN and -0 != 0.
          expect(new Uint32Array(wasm.buffer)).toEqual(new Uint32Array(js.buffer));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('histogram, byteRanges and channelSums: same statistics on 2,000 images', () => {
    fc.assert(
      fc.property(image, (img) => {
        const [js, wasm] = bothWays(() => ({ hist: histogram(img), ranges: byteRanges(img.data, img.channels), sums: channelSums(img.data, img.channels) }));
        expect(wasm).toEqual(js);
      }),
      { numRuns: 2000 },
    );
  });

  it('channelSums stays exact on large bright images (16-bit lanes flushed before they overflow)', () => {
    for (const [width, height, channels] of [[401, 299, 3], [640, 480, 1], [333, 257, 4]] as const) {
      const data = new Uint8ClampedArray(width * height * channels).fill(255);
      data[7] = 3;
      const [js, wasm] = bothWays(() => channelSums(data, channels));
      expect(wasm).toEqual(js);
      expect(wasm[0]! + wasm[1 % channels]!).toBeGreaterThan(0);
      const total = Array.from(wasm).reduce((a, b) => a + b, 0);
      expect(total).toBe(255 * data.length - 252);
    }
  });
});
