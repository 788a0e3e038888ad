// Resampling kernels. A geometric step is an inverse map from output to input coordinates, so a
// run of geometric steps composes into one matrix and one resampling pass.
//
// Coordinates are continuous with pixel edges at integers: the centre of pixel (i, j) is
// (i + 0.5, j + 0.5). This is the convention under which flips and crops are exact.

import type { WorkImage } from '../image.js';
import { allocLike } from '../image.js';

/** u = a*x + b*y + c, v = d*x + e*y + f: maps an output point (x, y) to the input point (u, v). */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

export const IDENTITY: Affine = [1, 0, 0, 0, 1, 0];

export type Interpolation = 'nearest' | 'bilinear' | 'area';
export type Border = 'constant' | 'reflect' | 'edge';

export interface Sampling {
  interpolation: Interpolation;
  border: Border;
  /** Value of pixels that come from outside the input when border is 'constant' (all channels). */
  fill: number;
}

/** The map of `outer` after `inner`: first inner (output -> middle), then outer (middle -> input). */
export function compose(outer: Affine, inner: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [
    a1 * a2 + b1 * d2,
    a1 * b2 + b1 * e2,
    a1 * c2 + b1 * f2 + c1,
    d1 * a2 + e1 * d2,
    d1 * b2 + e1 * e2,
    d1 * c2 + e1 * f2 + f1,
  ];
}

/** Inverse of an invertible affine map. */
export function invert(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (det === 0) throw new Error('affine map is not invertible');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/** numpy's 'reflect' (OpenCV BORDER_REFLECT_101): ...2 1 | 0 1 2 ... n-1 | n-2 ... */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  // One reflection (all that rotations and small shifts need) without the division below.
  if (i < 0 && i > -n) return -i;
  if (i >= n && i < 2 * n - 1) return 2 * n - 2 - i;
  const period = 2 * n - 2;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}

function edgeIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** Index after the border rule, or -1 for "use the fill value". */
function borderIndex(i: number, n: number, border: Border): number {
  if (i >= 0 && i < n) return i;
  if (border === 'reflect') return reflectIndex(i, n);
  if (border === 'edge') return edgeIndex(i, n);
  return -1;
}

/**
 * One step of a chain of geometric steps: its inverse map, the size of its input frame, how it
 * samples and what it does outside that frame. Index steps pick one input pixel (nearest
 * sampling, flips, crops); a bilinear step blends four.
 */
export interface ChainStep {
  matrix: Affine;
  inWidth: number;
  inHeight: number;
  bilinear: boolean;
  border: Border;
  fill: number;
}

/**
 * Position in index space (pixel centres at integers) of output pixel (x, y) under `m`. Every
 * kernel here computes sample positions with exactly this arithmetic, so a chain evaluated in
 * one pass gives the same positions, hence the same bytes, as its steps run one at a time.
 */
function posX(m: Affine, x: number, y: number): number {
  return m[0] * (x + 0.5) + (m[1] * (y + 0.5) + m[2] - 0.5);
}
function posY(m: Affine, x: number, y: number): number {
  return m[3] * (x + 0.5) + (m[4] * (y + 0.5) + m[5] - 0.5);
}

/** Set by walk() when it returns -1: the fill value of the frame the pixel fell out of. */
let walkFill = 0;
/** Set by walk(): the pixel's coordinates in the frame where the walk stopped. */
let walkX = 0;
let walkY = 0;

/**
 * Follows output pixel (x, y) of chain step `from` back through the index steps from..to (down
 * to step `to`'s input frame), applying each frame's border rule: false when it falls out of a
 * frame with a constant border (walkFill holds the value), else true with walkX/walkY set.
 */
function walk(chain: readonly ChainStep[], from: number, to: number, x: number, y: number): boolean {
  for (let k = from; k >= to; k--) {
    const st = chain[k]!;
    let nx = Math.floor(posX(st.matrix, x, y) + 0.5);
    let ny = Math.floor(posY(st.matrix, x, y) + 0.5);
    if (nx < 0 || nx >= st.inWidth || ny < 0 || ny >= st.inHeight) {
      nx = borderIndex(nx, st.inWidth, st.border);
      ny = borderIndex(ny, st.inHeight, st.border);
      if (nx < 0 || ny < 0) {
        walkFill = st.fill;
        return false;
      }
    }
    x = nx;
    y = ny;
  }
  walkX = x;
  walkY = y;
  return true;
}

/**
 * Resamples `src` through a chain of geometric steps in one pass (chain[0] is applied first to the
 * image). Each output pixel is followed back frame by frame, with each step's own border rule at
 * its own frame (a crop's fill stays fill, whatever comes after), and the one bilinear step (at
 * most one per chain) blends four pixels of its input frame, each followed back in turn. So the
 * result is byte for byte the result of the steps one at a time.
 */
export function warpChain(src: WorkImage, chain: readonly ChainStep[], width: number, height: number): WorkImage {
  if (chain.length === 0) throw new Error('warpChain: empty chain');
  if (chain.length === 1) {
    const st = chain[0]!;
    return warpAffine(src, st.matrix, width, height, { interpolation: st.bilinear ? 'bilinear' : 'nearest', border: st.border, fill: st.fill });
  }
  const b = chain.findIndex((st) => st.bilinear);
  if (b >= 0 && chain.findIndex((st, i) => st.bilinear && i > b) >= 0) throw new Error('warpChain: at most one bilinear step');
  const out = allocLike(src, width, height, src.channels);
  const o = out.data;
  const s = src.data;
  const C = src.channels;
  const W = src.width;
  const last = chain.length - 1;
  const v = new Float64Array(4 * C);
  let p = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p += C) {
      if (b < 0) {
        if (walk(chain, last, 0, x, y)) {
          const q = (walkY * W + walkX) * C;
          for (let k = 0; k < C; k++) o[p + k] = s[q + k]!;
        } else {
          for (let k = 0; k < C; k++) o[p + k] = walkFill;
        }
        continue;
      }
      // Index steps after the bilinear one pick which of its output pixels this is.
      if (!walk(chain, last, b + 1, x, y)) {
        for (let k = 0; k < C; k++) o[p + k] = walkFill;
        continue;
      }
      const st = chain[b]!;
      const sx = posX(st.matrix, walkX, walkY);
      const sy = posY(st.matrix, walkX, walkY);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      for (let t = 0; t < 4; t++) {
        let tx = x0 + (t & 1);
        let ty = y0 + (t >> 1);
        let value = -1;
        if (tx < 0 || tx >= st.inWidth || ty < 0 || ty >= st.inHeight) {
          tx = borderIndex(tx, st.inWidth, st.border);
          ty = borderIndex(ty, st.inHeight, st.border);
          if (tx < 0 || ty < 0) value = st.fill;
        }
        if (value < 0 && !walk(chain, b - 1, 0, tx, ty)) value = walkFill;
        if (value >= 0) {
          for (let k = 0; k < C; k++) v[t * C + k] = value;
        } else {
          const q = (walkY * W + walkX) * C;
          for (let k = 0; k < C; k++) v[t * C + k] = s[q + k]!;
        }
      }
      for (let k = 0; k < C; k++) o[p + k] = w00 * v[k]! + w01 * v[C + k]! + w10 * v[2 * C + k]! + w11 * v[3 * C + k]!;
    }
  }
  return out;
}

/** Resamples `src` through the inverse map `m` into a width x height image (nearest, bilinear or area). */
export function warpAffine(src: WorkImage, m: Affine, width: number, height: number, sampling: Sampling): WorkImage {
  if (sampling.interpolation === 'area') return resizeArea(src, m, width, height, sampling);
  if (sampling.interpolation === 'bilinear' && src.data instanceof Uint8ClampedArray) {
    const data = new Uint8ClampedArray(width * height * src.channels);
    warpBilinearBytes(src.data, src.width, src.height, src.channels, m, data, width, height, sampling);
    return { width, height, channels: src.channels, data };
  }
  const out = allocLike(src, width, height, src.channels);
  const C = src.channels;
  const W = src.width;
  const H = src.height;
  const s = src.data;
  const o = out.data;
  const [a, b, c, d, e, f] = m;
  const { border, fill } = sampling;
  const bilinear = sampling.interpolation === 'bilinear';
  let p = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    // The arithmetic of posX/posY, with the row's part computed once.
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    for (let x = 0; x < width; x++, p += C) {
      const sx = a * (x + 0.5) + rowX;
      const sy = d * (x + 0.5) + rowY;
      if (!bilinear) {
        let ix = Math.floor(sx + 0.5);
        let iy = Math.floor(sy + 0.5);
        if (ix < 0 || ix >= W || iy < 0 || iy >= H) {
          ix = borderIndex(ix, W, border);
          iy = borderIndex(iy, H, border);
          if (ix < 0 || iy < 0) {
            for (let k = 0; k < C; k++) o[p + k] = fill;
            continue;
          }
        }
        const q = (iy * W + ix) * C;
        for (let k = 0; k < C; k++) o[p + k] = s[q + k]!;
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < W && y0 + 1 < H) {
        const q00 = (y0 * W + x0) * C;
        const q10 = q00 + W * C;
        for (let k = 0; k < C; k++) {
          o[p + k] = w00 * s[q00 + k]! + w01 * s[q00 + C + k]! + w10 * s[q10 + k]! + w11 * s[q10 + C + k]!;
        }
        continue;
      }
      const ix0 = borderIndex(x0, W, border);
      const ix1 = borderIndex(x0 + 1, W, border);
      const iy0 = borderIndex(y0, H, border);
      const iy1 = borderIndex(y0 + 1, H, border);
      for (let k = 0; k < C; k++) {
        const v00 = ix0 < 0 || iy0 < 0 ? fill : s[(iy0 * W + ix0) * C + k]!;
        const v01 = ix1 < 0 || iy0 < 0 ? fill : s[(iy0 * W + ix1) * C + k]!;
        const v10 = ix0 < 0 || iy1 < 0 ? fill : s[(iy1 * W + ix0) * C + k]!;
        const v11 = ix1 < 0 || iy1 < 0 ? fill : s[(iy1 * W + ix1) * C + k]!;
        o[p + k] = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11;
      }
    }
  }
  return out;
}

/**
 * Bilinear resampling of 8-bit images: warpAffine's bilinear branch with the same arithmetic (so
 * the same bytes), specialised so that every array access has one type and RGB pixels are read
 * without a channel loop. Samples whose four neighbours are inside the image take the fast path;
 * the rest go through the border rule.
 */
function warpBilinearBytes(s: Uint8ClampedArray, W: number, H: number, C: number, m: Affine, o: Uint8ClampedArray, width: number, height: number, sampling: Sampling): void {
  const [a, b, c, d, e, f] = m;
  const { border, fill } = sampling;
  const rowStride = W * C;
  let p = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    for (let x = 0; x < width; x++, p += C) {
      const sx = a * (x + 0.5) + rowX;
      const sy = d * (x + 0.5) + rowY;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < W && y0 + 1 < H) {
        const q00 = y0 * rowStride + x0 * C;
        const q10 = q00 + rowStride;
        if (C === 3) {
          o[p] = w00 * s[q00]! + w01 * s[q00 + 3]! + w10 * s[q10]! + w11 * s[q10 + 3]!;
          o[p + 1] = w00 * s[q00 + 1]! + w01 * s[q00 + 4]! + w10 * s[q10 + 1]! + w11 * s[q10 + 4]!;
          o[p + 2] = w00 * s[q00 + 2]! + w01 * s[q00 + 5]! + w10 * s[q10 + 2]! + w11 * s[q10 + 5]!;
        } else {
          for (let k = 0; k < C; k++) o[p + k] = w00 * s[q00 + k]! + w01 * s[q00 + C + k]! + w10 * s[q10 + k]! + w11 * s[q10 + C + k]!;
        }
        continue;
      }
      const ix0 = borderIndex(x0, W, border);
      const ix1 = borderIndex(x0 + 1, W, border);
      const iy0 = borderIndex(y0, H, border);
      const iy1 = borderIndex(y0 + 1, H, border);
      if (ix0 >= 0 && ix1 >= 0 && iy0 >= 0 && iy1 >= 0) {
        // Reflect and edge borders: four pixels of the image, as in the fast path.
        const q00 = iy0 * rowStride + ix0 * C;
        const q01 = iy0 * rowStride + ix1 * C;
        const q10 = iy1 * rowStride + ix0 * C;
        const q11 = iy1 * rowStride + ix1 * C;
        for (let k = 0; k < C; k++) o[p + k] = w00 * s[q00 + k]! + w01 * s[q01 + k]! + w10 * s[q10 + k]! + w11 * s[q11 + k]!;
        continue;
      }
      for (let k = 0; k < C; k++) {
        const v00 = ix0 < 0 || iy0 < 0 ? fill : s[(iy0 * W + ix0) * C + k]!;
        const v01 = ix1 < 0 || iy0 < 0 ? fill : s[(iy0 * W + ix1) * C + k]!;
        const v10 = ix0 < 0 || iy1 < 0 ? fill : s[(iy1 * W + ix0) * C + k]!;
        const v11 = ix1 < 0 || iy1 < 0 ? fill : s[(iy1 * W + ix1) * C + k]!;
        o[p + k] = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11;
      }
    }
  }
}

/**
 * Moves a mask (one byte per pixel) through the same chain: every step as an index step (nearest
 * sampling), 0 outside every frame.
 */
export function warpMask(mask: Uint8Array, srcWidth: number, chain: readonly ChainStep[], width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const steps = chain.map((st) => ({ ...st, bilinear: false, border: 'constant' as const, fill: 0 }));
  let p = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      if (walk(steps, steps.length - 1, 0, x, y)) out[p] = mask[walkY * srcWidth + walkX]!;
    }
  }
  return out;
}

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
