// S1, the standard benchmark pipeline (issue #5), and the images it runs on. Shared by the Node
// harness and the bench page so both measure the same steps on the same pixels.

import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION, type Pipeline } from '../src/pipeline/index.js';
// The sample generator's seeded PRNG, so the bench images are the same bytes on every machine.
import { mulberry32 } from '../src/data/sampleImage.js';

/** Image sizes of workload 1, in pixels per side. */
export const S1_SIZES = [224, 64, 32] as const;

/** Gaussian noise of S1, in [0, 1] units of the pixel range. */
export const S1_NOISE_STD = 0.03;
export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

/**
 * S1 exactly as the issue defines it: flip p=0.5; rotate, brightness, contrast and noise always
 * (p=1); normalise with ImageNet statistics; float32 NHWC out.
 */
export function s1Pipeline(seed = 1): Pipeline {
  return parsePipeline({
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    name: 'S1',
    seed,
    steps: [
      { op: 'flip', p: 0.5, params: { direction: 'horizontal' } },
      { op: 'rotate', p: 1, params: { degrees: [-15, 15], interpolation: 'bilinear', border: 'reflect' } },
      { op: 'brightness', p: 1, params: { factor: [0.8, 1.2] } },
      { op: 'contrast', p: 1, params: { factor: [0.8, 1.2] } },
      { op: 'gaussianNoise', p: 1, params: { std: [S1_NOISE_STD, S1_NOISE_STD], perChannel: true } },
      { op: 'normalize', params: { mean: IMAGENET_MEAN, std: IMAGENET_STD, maxPixelValue: 255 } },
    ],
    output: { layout: 'NHWC', dtype: 'float32' },
  });
}

/** How many distinct images each size cycles through (enough to defeat any per-image caching). */
export const BENCH_IMAGE_COUNT = 8;

export interface BenchImage {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
}

/** Octaves of value noise: coarse blobs to fine texture, like foliage or fabric. */
const NOISE_OCTAVES = 5;
/** Per-pixel sensor grain, in 8-bit levels either side of zero. */
const GRAIN_LEVELS = 6;

/**
 * A natural-looking test picture: a lit gradient, multi-octave value noise per channel (texture at
 * every scale), a few soft-edged discs (objects with edges), and per-pixel grain. Never flat, so
 * interpolation, histograms and lookup tables see realistic value spreads.
 */
export function benchImage(size: number, seed: number): BenchImage {
  const rand = mulberry32(seed * 7919 + size);
  const n = size * size;
  const field = new Float32Array(n * 3);
  for (let c = 0; c < 3; c++) {
    let amplitude = 60;
    for (let o = 0; o < NOISE_OCTAVES; o++) {
      const cells = 2 << o;
      const grid = new Float32Array((cells + 1) * (cells + 1)).map(() => rand() * 2 - 1);
      for (let y = 0; y < size; y++) {
        const gy = (y / size) * cells;
        const y0 = Math.floor(gy);
        const ty = gy - y0;
        const sy = ty * ty * (3 - 2 * ty);
        for (let x = 0; x < size; x++) {
          const gx = (x / size) * cells;
          const x0 = Math.floor(gx);
          const tx = gx - x0;
          const sx = tx * tx * (3 - 2 * tx);
          const g = (yy: number, xx: number) => grid[yy * (cells + 1) + xx]!;
          const top = g(y0, x0) + (g(y0, x0 + 1) - g(y0, x0)) * sx;
          const bottom = g(y0 + 1, x0) + (g(y0 + 1, x0 + 1) - g(y0 + 1, x0)) * sx;
          field[(y * size + x) * 3 + c]! += amplitude * (top + (bottom - top) * sy);
        }
      }
      amplitude *= 0.55;
    }
  }
  const base = [60 + rand() * 120, 60 + rand() * 120, 60 + rand() * 120];
  const light = rand() * Math.PI * 2;
  const discs = Array.from({ length: 4 }, () => ({
    x: rand() * size,
    y: rand() * size,
    r: size * (0.08 + rand() * 0.15),
    colour: [rand() * 255, rand() * 255, rand() * 255],
  }));
  const data = new Uint8Array(n * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      const shade = 40 * (Math.cos(light) * (x / size - 0.5) + Math.sin(light) * (y / size - 0.5));
      for (let c = 0; c < 3; c++) {
        let v = base[c]! + shade + field[p * 3 + c]!;
        for (const d of discs) {
          const edge = Math.min(1, Math.max(0, d.r - Math.hypot(x - d.x, y - d.y)));
          v += (d.colour[c]! - v) * edge * 0.8;
        }
        v += (rand() * 2 - 1) * GRAIN_LEVELS;
        data[p * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { width: size, height: size, channels: 3, data };
}

export function benchImages(size: number, count = BENCH_IMAGE_COUNT): BenchImage[] {
  return Array.from({ length: count }, (_, i) => benchImage(size, i + 1));
}
