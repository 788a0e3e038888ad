// The sample generator: deterministic bytes, a visible shape of the asked-for kind.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLE_SIZE_PX,
  SAMPLE_CLASSES,
  type ShapeKind,
  type ShapeParams,
  drawShapeParams,
  makeSampleImage,
  makeShapeImage,
  mulberry32,
  sampleKind,
} from './sampleImage.js';

function pixel(data: Uint8Array, size: number, x: number, y: number): [number, number, number] {
  const o = (y * size + x) * 3;
  return [data[o]!, data[o + 1]!, data[o + 2]!];
}

function countColour(data: Uint8Array, rgb: readonly number[]): number {
  let n = 0;
  for (let o = 0; o < data.length; o += 3) {
    if (data[o] === rgb[0] && data[o + 1] === rgb[1] && data[o + 2] === rgb[2]) n++;
  }
  return n;
}

/** Fixed, readable parameters: a shape centred in a 64 px image, no noise, no rotation. */
function centred(kind: ShapeKind, overrides: Partial<ShapeParams> = {}): ShapeParams {
  return {
    kind,
    sizePx: 64,
    centerX: 0.5,
    centerY: 0.5,
    radius: 0.3,
    rotationDegrees: 0,
    colour: [250, 200, 20],
    backgroundFrom: [10, 20, 40],
    backgroundTo: [30, 40, 60],
    gradientDegrees: 0,
    noiseLevels: 0,
    noiseSeed: 1,
    ...overrides,
  };
}

describe('makeSampleImage', () => {
  it('has the documented shape and size', () => {
    const img = makeSampleImage(1);
    expect(img.width).toBe(DEFAULT_SAMPLE_SIZE_PX);
    expect(img.height).toBe(DEFAULT_SAMPLE_SIZE_PX);
    expect(img.channels).toBe(3);
    expect(img.data).toBeInstanceOf(Uint8Array);
    expect(img.data.length).toBe(64 * 64 * 3);
    expect(makeSampleImage(1, 17).data.length).toBe(17 * 17 * 3);
  });

  it('gives the same bytes for the same seed', () => {
    for (const seed of [0, 1, 42, 2 ** 32 - 1]) {
      expect(makeSampleImage(seed).data).toEqual(makeSampleImage(seed).data);
    }
  });

  it('gives different bytes for different seeds', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 16; seed++) seen.add(makeSampleImage(seed).data.join(','));
    expect(seen.size).toBe(16);
  });

  it('draws every kind for some seed, and sampleKind says which', () => {
    const kinds = new Set<ShapeKind>();
    for (let seed = 0; seed < 64; seed++) kinds.add(sampleKind(seed));
    expect([...kinds].sort()).toEqual([...SAMPLE_CLASSES].sort());
  });

  it('has a shape whose colour is not in the background, covering a fair part of the image', () => {
    for (let seed = 0; seed < 32; seed++) {
      const rng = mulberry32(seed);
      const params = drawShapeParams(SAMPLE_CLASSES[seed % SAMPLE_CLASSES.length]!, rng);
      const img = makeShapeImage(params);
      const shapePixels = countColour(img.data, params.colour);
      const total = img.width * img.height;
      // The smallest shape (a triangle at the minimum radius) still covers a few percent.
      expect(shapePixels / total).toBeGreaterThan(0.03);
      expect(shapePixels / total).toBeLessThan(0.5);
      // Background pixels are dark, the shape bright: they never share a colour.
      const [r, g, b] = params.colour;
      expect(Math.max(r, g, b)).toBeGreaterThan(Math.max(...params.backgroundFrom, ...params.backgroundTo) + 40);
    }
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => makeSampleImage(1, 0)).toThrow(/sizePx/);
    expect(() => makeSampleImage(1, 2.5)).toThrow(/sizePx/);
  });
});

describe('makeShapeImage', () => {
  it('fills the centre and leaves the corners as background', () => {
    for (const kind of SAMPLE_CLASSES) {
      const params = centred(kind);
      const img = makeShapeImage(params);
      expect(pixel(img.data, 64, 32, 32), kind).toEqual([250, 200, 20]);
      for (const [x, y] of [[0, 0], [63, 0], [0, 63], [63, 63]] as const) {
        expect(pixel(img.data, 64, x, y), `${kind} at ${x},${y}`).not.toEqual([250, 200, 20]);
      }
    }
  });

  it('tells the kinds apart by area: square > circle > star, triangle smaller than circle', () => {
    const area = (kind: ShapeKind) => countColour(makeShapeImage(centred(kind)).data, [250, 200, 20]);
    const r = 0.3 * 64;
    // Continuous areas: circle pi r^2, square (inscribed) 2 r^2, triangle (3 sqrt 3 / 4) r^2.
    expect(area('circle')).toBeCloseTo(Math.PI * r * r, -2);
    expect(area('square')).toBeCloseTo(2 * r * r, -2);
    expect(area('triangle')).toBeCloseTo(((3 * Math.sqrt(3)) / 4) * r * r, -2);
    expect(area('star')).toBeLessThan(area('triangle'));
    expect(area('star')).toBeGreaterThan(0);
  });

  it('is a pure function of its parameters, noise included', () => {
    const params = centred('star', { noiseLevels: 20, noiseSeed: 7 });
    expect(makeShapeImage(params).data).toEqual(makeShapeImage({ ...params }).data);
    expect(makeShapeImage(params).data).not.toEqual(makeShapeImage({ ...params, noiseSeed: 8 }).data);
  });

  it('leaves the shape itself untouched by background noise', () => {
    const clean = makeShapeImage(centred('circle'));
    const noisy = makeShapeImage(centred('circle', { noiseLevels: 24, noiseSeed: 3 }));
    expect(countColour(noisy.data, [250, 200, 20])).toBe(countColour(clean.data, [250, 200, 20]));
  });

  it('draws the background as a gradient between its two colours', () => {
    const img = makeShapeImage(centred('circle', { radius: 0.01, centerX: 0.5, centerY: 0.5 }));
    // Gradient along +x: the left edge is near backgroundFrom, the right edge near backgroundTo.
    const left = pixel(img.data, 64, 0, 10);
    const right = pixel(img.data, 64, 63, 10);
    expect(left[0]).toBeLessThanOrEqual(11);
    expect(right[0]).toBeGreaterThanOrEqual(29);
  });
});
