// Convolution kernels: separable Gaussian blur and the 3x3 smoothing behind sharpen.

import type { WorkImage } from '../image.js';
import { allocLike } from '../image.js';

/** Kernel half-width in sigmas: 3 sigma holds 99.7% of the Gaussian's mass (OpenCV uses 3-4). */
export const GAUSSIAN_RADIUS_SIGMAS = 3;

function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}

export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(GAUSSIAN_RADIUS_SIGMAS * sigma));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/** Separable Gaussian blur with mirrored borders (OpenCV's default BORDER_REFLECT_101). */
export function gaussianBlur(src: WorkImage, sigma: number): WorkImage {
  if (sigma <= 0) return src;
  const kernel = gaussianKernel(sigma);
  const r = (kernel.length - 1) / 2;
  const { width: W, height: H, channels: C } = src;
  const s = src.data;
  const tmp = new Float32Array(W * H * C);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < C; c++) {
        let acc = 0;
        for (let t = -r; t <= r; t++) acc += kernel[t + r]! * s[(y * W + reflect101(x + t, W)) * C + c]!;
        tmp[(y * W + x) * C + c] = acc;
      }
    }
  }
  const out = allocLike(src, W, H, C);
  const o = out.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < C; c++) {
        let acc = 0;
        for (let t = -r; t <= r; t++) acc += kernel[t + r]! * tmp[(reflect101(y + t, H) * W + x) * C + c]!;
        o[(y * W + x) * C + c] = acc;
      }
    }
  }
  return out;
}

/**
 * out = v + amount * (v - smooth(v)), with PIL's SMOOTH kernel [[1,1,1],[1,5,1],[1,1,1]] / 13 as
 * torchvision's adjust_sharpness uses; border pixels are kept, as there.
 */
export function sharpen(src: WorkImage, amount: number): WorkImage {
  if (amount === 0) return src;
  const { width: W, height: H, channels: C } = src;
  const s = src.data;
  const out = allocLike(src, W, H, C);
  const o = out.data;
  o.set(s);
  const hi = src.data instanceof Float32Array ? Infinity : 255;
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      for (let c = 0; c < C; c++) {
        const p = (y * W + x) * C + c;
        const row = W * C;
        const ring =
          s[p - row - C]! + s[p - row]! + s[p - row + C]! + s[p - C]! + s[p + C]! + s[p + row - C]! + s[p + row]! + s[p + row + C]!;
        const smooth = (ring + 5 * s[p]!) / 13;
        o[p] = Math.min(hi, Math.max(0, s[p]! + amount * (s[p]! - smooth)));
      }
    }
  }
  return out;
}
