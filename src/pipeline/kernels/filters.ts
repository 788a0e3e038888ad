// Convolution kernels: Gaussian blur (exact separable kernel for small sigma, three box passes
// above, so the cost does not grow with sigma) and the 3x3 smoothing behind sharpen.

import type { WorkImage } from '../image.js';
import { allocLike } from '../image.js';
import { wasmKernels } from '../wasm/kernels.js';

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

/**
 * Largest sigma blurred with the exact (sampled, separable) Gaussian kernel: 2 * 3 + 1 = 13 taps
 * per value and axis at most. Above it, three box filters (box3Widths): a cost per value that does
 * not grow with sigma. The difference from the exact blur is bounded in filters.test.ts.
 */
export const EXACT_BLUR_MAX_SIGMA = 2;

/** Box passes that approximate a Gaussian: more passes, closer to it (Gwosdek et al. 2011, Table 1). */
export const BOX_PASSES = 4;

/** One pass of an extended box: integer radius r, and weight alpha on the two taps at r + 1. */
export interface ExtendedBox {
  r: number;
  alpha: number;
}

/**
 * The extended box of Gwosdek, Grewenig, Bruhn and Weickert ("Theoretical foundations of Gaussian
 * convolution by extended box filtering", 2011) whose variance is exactly sigma^2 / BOX_PASSES,
 * so BOX_PASSES of them have the Gaussian's variance exactly.
 */
export function extendedBox(sigma: number): ExtendedBox {
  const v = (sigma * sigma) / BOX_PASSES;
  const r = Math.floor(0.5 * Math.sqrt(12 * v + 1) - 0.5);
  const alpha = ((2 * r + 1) * (r * (r + 1) - 3 * v)) / (6 * (v - (r + 1) * (r + 1)));
  return { r, alpha };
}

/** Separable Gaussian blur with mirrored borders (OpenCV's default BORDER_REFLECT_101). */
export function gaussianBlur(src: WorkImage, sigma: number): WorkImage {
  // A sigma whose variance underflows to 0 (below ~1e-162) blurs nothing (and would divide 0 by 0).
  if (sigma <= 0 || 2 * sigma * sigma === 0) return src;
  if (sigma > EXACT_BLUR_MAX_SIGMA) return boxBlur(src, extendedBox(sigma));
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
 * BOX_PASSES extended boxes along x, then along y, with mirrored borders: a running sum per line,
 * so each pass costs a few operations per value whatever the width.
 */
function boxBlur(src: WorkImage, box: ExtendedBox): WorkImage {
  const { width: W, height: H, channels: C } = src;
  // Float32 storage between passes (sums run in float64): half the memory at 4096 x 4096.
  const values = Float32Array.from(src.data);
  const { r, alpha } = box;
  const norm = 1 / (2 * r + 1 + 2 * alpha);
  const line = new Float64Array(Math.max(W, H));
  const ext = new Float64Array(Math.max(W, H) + 2 * r + 2);
  const pass = (n: number, start: number, stride: number) => {
    for (let i = 0; i < n; i++) line[i] = values[start + i * stride]!;
    for (let k = 0; k < BOX_PASSES; k++) {
      // ext[j] = line[j - r - 1], mirrored outside the line.
      for (let j = 0; j < n + 2 * r + 2; j++) ext[j] = line[reflect101(j - r - 1, n)]!;
      let sum = 0;
      for (let j = 1; j <= 2 * r; j++) sum += ext[j]!;
      for (let i = 0; i < n; i++) {
        // Taps i - r .. i + r are ext[i + 1 .. i + 2r + 1]; the outer two are ext[i] and ext[i + 2r + 2].
        sum += ext[i + 2 * r + 1]!;
        line[i] = (sum + alpha * (ext[i]! + ext[i + 2 * r + 2]!)) * norm;
        sum -= ext[i + 1]!;
      }
    }
    for (let i = 0; i < n; i++) values[start + i * stride] = line[i]!;
  };
  for (let y = 0; y < H; y++) for (let c = 0; c < C; c++) pass(W, y * W * C + c, C);
  for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) pass(H, x * C + c, W * C);
  const out = allocLike(src, W, H, C);
  out.data.set(values);
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
  if (s instanceof Uint8ClampedArray && o instanceof Uint8ClampedArray) {
    const k = wasmKernels();
    if (!k) {
      o.set(s);
      sharpenBytes(s, W, H, C, amount, o);
      return out;
    }
    const [from, to, scratch] = k.reserve(s.length, s.length, 2 * W * C);
    k.bytes(from!, s.length).set(s);
    k.fn.sharpen(from!, to!, W, H, C, amount, scratch!);
    o.set(k.bytes(to!, s.length));
    return out;
  }
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

/**
 * sharpen on 8-bit values: the ring plus 5 centres is the 3x3 sum plus 4 centres, an integer, so it
 * is summed in any order from per-column sums of three rows (exact); the store rounds and clamps as
 * Math.min/max then the store would. Same values as the general loop (and the WebAssembly
 * kernel's twin).
 */
function sharpenBytes(s: Uint8ClampedArray, W: number, H: number, C: number, amount: number, o: Uint8ClampedArray): void {
  const smoothOf = smoothTable();
  const row = W * C;
  if (C === 3) {
    // Column sums of the three rows, slid along the row in locals: one new column per pixel.
    for (let y = 1; y < H - 1; y++) {
      const mid = y * row;
      const up = mid - row;
      const down = mid + row;
      let ar = s[up]! + s[mid]! + s[down]!;
      let ag = s[up + 1]! + s[mid + 1]! + s[down + 1]!;
      let ab = s[up + 2]! + s[mid + 2]! + s[down + 2]!;
      let br = s[up + 3]! + s[mid + 3]! + s[down + 3]!;
      let bg = s[up + 4]! + s[mid + 4]! + s[down + 4]!;
      let bb = s[up + 5]! + s[mid + 5]! + s[down + 5]!;
      for (let i = 3; i < row - 3; i += 3) {
        const cr = s[up + i + 3]! + s[mid + i + 3]! + s[down + i + 3]!;
        const cg = s[up + i + 4]! + s[mid + i + 4]! + s[down + i + 4]!;
        const cb = s[up + i + 5]! + s[mid + i + 5]! + s[down + i + 5]!;
        const r = s[mid + i]!;
        const g = s[mid + i + 1]!;
        const b = s[mid + i + 2]!;
        o[mid + i] = r + amount * (r - smoothOf[ar + br + cr + 4 * r]!);
        o[mid + i + 1] = g + amount * (g - smoothOf[ag + bg + cg + 4 * g]!);
        o[mid + i + 2] = b + amount * (b - smoothOf[ab + bb + cb + 4 * b]!);
        ar = br;
        ag = bg;
        ab = bb;
        br = cr;
        bg = cg;
        bb = cb;
      }
    }
    return;
  }
  const cols = new Int32Array(row);
  for (let y = 1; y < H - 1; y++) {
    const mid = y * row;
    for (let i = 0; i < row; i++) cols[i] = s[mid - row + i]! + s[mid + i]! + s[mid + row + i]!;
    for (let i = C; i < row - C; i++) {
      const v = s[mid + i]!;
      o[mid + i] = v + amount * (v - smoothOf[cols[i - C]! + cols[i]! + cols[i + C]! + 4 * v]!);
    }
  }
}

let smoothValues: Float64Array | null = null;

/** k / 13 for every numerator k of the 8-bit smoothing sum (0 .. 13 * 255): the same doubles, without a division per value. */
function smoothTable(): Float64Array {
  if (!smoothValues) {
    smoothValues = new Float64Array(13 * 255 + 1);
    for (let k = 0; k < smoothValues.length; k++) smoothValues[k] = k / 13;
  }
  return smoothValues;
}
