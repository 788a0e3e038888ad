// Area ("box") resampling for shrinking (OpenCV INTER_AREA); runs alone, never in a chain.

import type { WorkImage } from '../image.js';
import { allocLike } from '../image.js';
import type { Affine, Sampling } from './geometry.js';

interface Taps {
  index: Int32Array; // input index per tap, -1 for fill
  weight: Float32Array;
  start: Int32Array; // taps of output i are [start[i], start[i + 1])
}

/** Box-filter taps along one axis for the map u = scale * x + offset (area averaging). */
function areaTaps(outSize: number, inSize: number, scale: number, offset: number): Taps {
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(outSize + 1);
  for (let i = 0; i < outSize; i++) {
    start[i] = index.length;
    let lo = scale * i + offset;
    let hi = scale * (i + 1) + offset;
    if (lo > hi) [lo, hi] = [hi, lo];
    const len = hi - lo;
    if (len < 1e-12) {
      index.push(Math.min(inSize - 1, Math.max(0, Math.floor(lo))));
      weight.push(1);
      continue;
    }
    for (let k = Math.floor(lo); k < hi; k++) {
      const overlap = Math.min(hi, k + 1) - Math.max(lo, k);
      if (overlap <= 1e-12) continue;
      index.push(k >= 0 && k < inSize ? k : -1);
      weight.push(overlap / len);
    }
  }
  start[outSize] = index.length;
  return { index: Int32Array.from(index), weight: Float32Array.from(weight), start };
}

/**
 * Area ("box") resampling, the right filter for shrinking (OpenCV INTER_AREA): each output pixel
 * is the average of the input area it covers. Needs an axis-aligned map (b = d = 0).
 */
export function resizeArea(src: WorkImage, m: Affine, width: number, height: number, sampling: Sampling): WorkImage {
  const [a, b, c, d, e, f] = m;
  if (b !== 0 || d !== 0) throw new Error('area interpolation needs an axis-aligned map (resize, crop, flip)');
  const C = src.channels;
  const W = src.width;
  const s = src.data;
  const fill = sampling.fill;
  const tx = areaTaps(width, src.width, a, c);
  const ty = areaTaps(height, src.height, e, f);
  // Horizontal pass into float rows of the input height, then vertical pass.
  const tmp = new Float32Array(src.height * width * C);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * C;
      for (let t = tx.start[x]!; t < tx.start[x + 1]!; t++) {
        const ix = tx.index[t]!;
        const w = tx.weight[t]!;
        const q = (y * W + ix) * C;
        for (let k = 0; k < C; k++) tmp[o + k]! += w * (ix < 0 ? fill : s[q + k]!);
      }
    }
  }
  const out = allocLike(src, width, height, C);
  const o = out.data;
  const acc = new Float64Array(C);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      acc.fill(0);
      for (let t = ty.start[y]!; t < ty.start[y + 1]!; t++) {
        const iy = ty.index[t]!;
        const w = ty.weight[t]!;
        const q = (iy * width + x) * C;
        for (let k = 0; k < C; k++) acc[k]! += w * (iy < 0 ? fill : tmp[q + k]!);
      }
      const p = (y * width + x) * C;
      for (let k = 0; k < C; k++) o[p + k] = acc[k]!;
    }
  }
  return out;
}
