// Resampling kernels. A geometric step is an inverse map from output to input coordinates, so a
// run of geometric steps composes into one matrix and one resampling pass.
//
// Coordinates are continuous with pixel edges at integers: the centre of pixel (i, j) is
// (i + 0.5, j + 0.5). This is the convention under which flips and crops are exact.

import type { WorkImage } from '../image.js';
import { allocLike, newBytes } from '../image.js';
import { resizeArea } from './area.js';
import { shiftColumnsBytes, shiftRowsBytes } from './shift.js';
import { wasmKernels } from '../wasm/kernels.js';
import { warpBilinearWasm, warpNearestWasm } from './warpWasm.js';

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
export function borderIndex(i: number, n: number, border: Border): number {
  if (i >= 0 && i < n) return i;
  if (border === 'reflect') return reflectIndex(i, n);
  if (border === 'edge') return edgeIndex(i, n);
  return -1;
}

/**
 * k * (x + 0.5) for every output column x: the column's part of a sample position (posX/posY in
 * chain.ts), computed once per pass; the same values as computing it per pixel, at a load's cost.
 */
export function columnTerms(k: number, width: number): Float64Array {
  const terms = new Float64Array(width);
  for (let x = 0; x < width; x++) terms[x] = k * (x + 0.5);
  return terms;
}

/** Resamples `src` through the inverse map `m` into a width x height image (nearest, bilinear or area). */
export function warpAffine(src: WorkImage, m: Affine, width: number, height: number, sampling: Sampling): WorkImage {
  if (sampling.interpolation === 'area') return resizeArea(src, m, width, height, sampling);
  if (sampling.interpolation === 'bilinear' && src.data instanceof Uint8ClampedArray) {
    const data = newBytes(width * height * src.channels);
    warpBilinearBytes(src.data, src.width, src.height, src.channels, m, data, width, height, sampling);
    return { width, height, channels: src.channels, data };
  }
  if (sampling.interpolation === 'nearest' && src.data instanceof Uint8ClampedArray) {
    const data = newBytes(width * height * src.channels);
    warpNearestBytes(src.data, src.width, src.height, src.channels, m, data, width, height, sampling);
    return { width, height, channels: src.channels, data };
  }
  const out = allocLike(src, width, height, src.channels);
  const C = src.channels;
  const W = src.width;
  const H = src.height;
  const s = src.data;
  const o = out.data;
  const [a, b, c, d, e, f] = m;
  const colX = columnTerms(a, width);
  const colY = columnTerms(d, width);
  const { border, fill } = sampling;
  const bilinear = sampling.interpolation === 'bilinear';
  let p = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    // The arithmetic of posX/posY (chain.ts), with the row's part computed once.
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    for (let x = 0; x < width; x++, p += C) {
      const sx = colX[x]! + rowX;
      const sy = colY[x]! + rowY;
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
 * Nearest resampling of 8-bit images: warpAffine's nearest branch with the same positions (so the
 * same bytes). Maps whose rows or columns are whole-pixel shifts (translations, shears along one
 * axis) with a constant border copy rows (kernels/shift.ts); the rest go pixel by pixel, where
 * floor(t) lies in [0, n) exactly when 0 <= t < n, and floor is then truncation, so the inside test
 * and the index need no Math.floor.
 */
export function warpNearestBytes(s: Uint8ClampedArray, W: number, H: number, C: number, m: Affine, o: Uint8ClampedArray, width: number, height: number, sampling: Sampling): void {
  const [a, b, c, d, e, f] = m;
  const colY = columnTerms(d, width);
  const { border, fill } = sampling;
  const constant = border === 'constant';
  let rows: Int32Array | null = null;
  let rowCount = height;
  if (border === 'constant' && a === 1 && d === 0) {
    rows = new Int32Array(height);
    rowCount = shiftRowsBytes(s, W, H, C, m, o, width, height, fill, rows);
  } else if (border === 'constant' && a === 1 && b === 0 && c === 0 && e === 1 && f === 0) {
    if (shiftColumnsBytes(s, W, H, C, colY, o, width, height, fill)) return;
  }
  const k = rows ? null : wasmKernels();
  if (k) return warpNearestWasm(k, s, W, H, C, m, o, width, height, border, fill);
  const colX = columnTerms(a, width);
  for (let r = 0; r < rowCount; r++) {
    const y = rows ? rows[r]! : r;
    const yc = y + 0.5;
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    for (let x = 0, p = y * width * C; x < width; x++, p += C) {
      const tx = colX[x]! + rowX + 0.5;
      const ty = colY[x]! + rowY + 0.5;
      let q: number;
      if (tx >= 0 && tx < W && ty >= 0 && ty < H) {
        q = ((ty | 0) * W + (tx | 0)) * C;
      } else {
        const ix = constant ? -1 : borderIndex(Math.floor(tx), W, border);
        const iy = constant ? -1 : borderIndex(Math.floor(ty), H, border);
        if (ix < 0 || iy < 0) {
          for (let k = 0; k < C; k++) o[p + k] = fill;
          continue;
        }
        q = (iy * W + ix) * C;
      }
      if (C === 3) {
        o[p] = s[q]!;
        o[p + 1] = s[q + 1]!;
        o[p + 2] = s[q + 2]!;
      } else {
        for (let k = 0; k < C; k++) o[p + k] = s[q + k]!;
      }
    }
  }
}

/**
 * Bilinear resampling of 8-bit images: warpAffine's bilinear branch with the same arithmetic (so
 * the same bytes), specialised so that every array access has one type and RGB pixels are read
 * without a channel loop. Samples whose four neighbours are inside the image take the fast path;
 * the rest go through the border rule.
 */
export function warpBilinearBytes(s: Uint8ClampedArray, W: number, H: number, C: number, m: Affine, o: Uint8ClampedArray, width: number, height: number, sampling: Sampling): void {
  const k = wasmKernels();
  if (k) return warpBilinearWasm(k, s, W, H, C, m, o, width, height, sampling.border, sampling.fill);
  const [a, b, c, d, e, f] = m;
  const colX = columnTerms(a, width);
  const colY = columnTerms(d, width);
  const { border, fill } = sampling;
  const rowStride = W * C;
  let p = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    for (let x = 0; x < width; x++, p += C) {
      const sx = colX[x]! + rowX;
      const sy = colY[x]! + rowY;
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
