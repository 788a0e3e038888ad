// A run of geometric steps resampled in one pass, with the same bytes as its steps one at a time:
// each output pixel is followed back through every step's frame (see warpChain).

import type { WorkImage } from '../image.js';
import { allocLike, recycle } from '../image.js';
import { posX, posY, type ChainStep } from './chainStep.js';
import { axisAligned, warpChainByTables } from './chainTables.js';
import { borderIndex, columnTerms, warpAffine } from './geometry.js';
import { wasmKernels } from '../wasm/kernels.js';
import { warpPairWasm } from './warpWasm.js';

export type { ChainStep } from './chainStep.js';

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
  const last = chain.length - 1;
  if (axisAligned(chain, b < 0 ? last : b - 1, 0) && (b < 0 || axisAligned(chain, last, b + 1))) return warpChainByTables(src, chain, b, width, height);
  if (b < 0 && chain.length === 2) {
    // A whole-pixel shift of rows or columns (translate, ShearX, ShearY) costs a row copy on its own:
    // then two passes beat one pass of per-pixel walks (both give these bytes).
    if (src.data instanceof Uint8ClampedArray && (rowShift(chain[0]!) || rowShift(chain[1]!))) {
      const [a, c] = [chain[0]!, chain[1]!];
      const mid = warpAffine(src, a.matrix, c.inWidth, c.inHeight, { interpolation: 'nearest', border: a.border, fill: a.fill });
      const out = warpAffine(mid, c.matrix, width, height, { interpolation: 'nearest', border: c.border, fill: c.fill });
      recycle(mid.data);
      return out;
    }
    return warpIndexPair(src, chain[0]!, chain[1]!, width, height);
  }
  const out = allocLike(src, width, height, src.channels);
  const o = out.data;
  const s = src.data;
  const C = src.channels;
  const W = src.width;
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

/** True for index steps that warpAffine runs as row or column copies on 8-bit input (kernels/shift.ts). */
function rowShift(st: ChainStep): boolean {
  const [a, b, c, d, e, f] = st.matrix;
  return st.border === 'constant' && a === 1 && (d === 0 || (b === 0 && c === 0 && e === 1 && f === 0));
}

/**
 * warpChain for two index steps (two nearest warps, as RandAugment's geometric picks): walk()'s
 * positions and border rules inlined, the second step's position from per-column and per-row terms
 * (posX = m0 * (x + 0.5) + (m1 * (y + 0.5) + m2 - 0.5), each part a table), so the same pixels.
 */
function warpIndexPair(src: WorkImage, first: ChainStep, second: ChainStep, width: number, height: number): WorkImage {
  const out = allocLike(src, width, height, src.channels);
  const k = src.data instanceof Uint8ClampedArray ? wasmKernels() : null;
  if (k) {
    warpPairWasm(k, src.data as Uint8ClampedArray, src.channels, first, second, out.data as Uint8ClampedArray, width, height);
    return out;
  }
  const m = second.matrix;
  const colX = columnTerms(m[0], width);
  const colY = columnTerms(m[3], width);
  // The first step's terms over its output frame (the second step's input frame).
  const f = first.matrix;
  const midW = second.inWidth;
  const midH = second.inHeight;
  const colA = columnTerms(f[0], midW);
  const colB = columnTerms(f[3], midW);
  const rowA = new Float64Array(midH);
  const rowB = new Float64Array(midH);
  for (let r = 0; r < midH; r++) {
    rowA[r] = f[1] * (r + 0.5) + f[2] - 0.5;
    rowB[r] = f[4] * (r + 0.5) + f[5] - 0.5;
  }
  const inW = first.inWidth;
  const inH = first.inHeight;
  const secondConstant = second.border === 'constant';
  const firstConstant = first.border === 'constant';
  // Source offset of each output pixel, or -1 - k for the fill of step k (0: first, 1: second).
  const at = new Int32Array(width * height);
  for (let y = 0, p = 0; y < height; y++) {
    const rowX = m[1] * (y + 0.5) + m[2] - 0.5;
    const rowY = m[4] * (y + 0.5) + m[5] - 0.5;
    for (let x = 0; x < width; x++, p++) {
      const tx = colX[x]! + rowX + 0.5;
      const ty = colY[x]! + rowY + 0.5;
      let mx = 0;
      let my = 0;
      if (tx >= 0 && tx < midW && ty >= 0 && ty < midH) {
        mx = tx | 0;
        my = ty | 0;
      } else {
        mx = secondConstant ? -1 : borderIndex(Math.floor(tx), midW, second.border);
        my = secondConstant ? -1 : borderIndex(Math.floor(ty), midH, second.border);
        if (mx < 0 || my < 0) {
          at[p] = -2;
          continue;
        }
      }
      const ux = colA[mx]! + rowA[my]! + 0.5;
      const uy = colB[mx]! + rowB[my]! + 0.5;
      let ix = 0;
      let iy = 0;
      if (ux >= 0 && ux < inW && uy >= 0 && uy < inH) {
        ix = ux | 0;
        iy = uy | 0;
      } else {
        ix = firstConstant ? -1 : borderIndex(Math.floor(ux), inW, first.border);
        iy = firstConstant ? -1 : borderIndex(Math.floor(uy), inH, first.border);
        if (ix < 0 || iy < 0) {
          at[p] = -1;
          continue;
        }
      }
      at[p] = iy * src.width + ix;
    }
  }
  gather(src, at, [first.fill, second.fill], out);
  return out;
}

/** out pixel p = src pixel at[p], or the fill fills[-1 - at[p]] where at[p] < 0. */
function gather(src: WorkImage, at: Int32Array, fills: readonly number[], out: WorkImage): void {
  const C = src.channels;
  const s = src.data;
  const o = out.data;
  if (s instanceof Uint8ClampedArray && o instanceof Uint8ClampedArray && C === 3) {
    for (let p = 0, j = 0; p < at.length; p++, j += 3) {
      const q = at[p]!;
      if (q >= 0) {
        const k = q * 3;
        o[j] = s[k]!;
        o[j + 1] = s[k + 1]!;
        o[j + 2] = s[k + 2]!;
      } else {
        const v = fills[-1 - q]!;
        o[j] = v;
        o[j + 1] = v;
        o[j + 2] = v;
      }
    }
    return;
  }
  for (let p = 0, j = 0; p < at.length; p++, j += C) {
    const q = at[p]!;
    if (q >= 0) {
      for (let k = 0; k < C; k++) o[j + k] = s[q * C + k]!;
    } else {
      const v = fills[-1 - q]!;
      for (let k = 0; k < C; k++) o[j + k] = v;
    }
  }
}

/**
 * Moves a mask (one byte per pixel) through the same chain: every step as an index step (nearest
 * sampling), 0 outside every frame.
 */
export function warpMask(mask: Uint8Array, srcWidth: number, chain: readonly ChainStep[], width: number, height: number, out = new Uint8Array(width * height)): Uint8Array {
  const K = chain.length;
  if (K === 0) throw new Error('warpMask: empty chain');
  if (out.length !== width * height) throw new Error(`warpMask: output has ${out.length} values, expected ${width * height}`);
  // The walk of walk() with constant borders and fill 0, inlined (the mask rides along with every
  // training sample: no call or object lookup per pixel). Same arithmetic as posX/posY; the last
  // step's column terms computed once per pass (the same values as per pixel).
  const last = chain[K - 1]!.matrix;
  const colX = new Float64Array(width);
  const colY = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    colX[x] = last[0] * (x + 0.5);
    colY[x] = last[3] * (x + 0.5);
  }
  const lastW = chain[K - 1]!.inWidth;
  const lastH = chain[K - 1]!.inHeight;
  // The step before the last, in locals (chains of one or two steps are the common case: flip or crop, then a warp).
  const prev = K >= 2 ? chain[K - 2]!.matrix : last;
  const [p0, p1, p2, p3, p4, p5] = prev;
  const prevW = K >= 2 ? chain[K - 2]!.inWidth : 0;
  const prevH = K >= 2 ? chain[K - 2]!.inHeight : 0;
  // An axis-aligned step before the last (flip, crop, resize: no rotation terms) maps x and y
  // apart: its positions, with the same arithmetic, in two tables (-1: outside its frame).
  const separable = K >= 2 && p1 === 0 && p3 === 0;
  const tx = new Int32Array(separable ? lastW : 0);
  const ty = new Int32Array(separable ? lastH : 0);
  if (separable) {
    for (let c = 0; c < lastW; c++) {
      const n = Math.floor(p0 * (c + 0.5) + (p1 * 0.5 + p2 - 0.5) + 0.5);
      tx[c] = n >= 0 && n < prevW ? n : -1;
    }
    for (let c = 0; c < lastH; c++) {
      const n = Math.floor(p3 * 0.5 + (p4 * (c + 0.5) + p5 - 0.5) + 0.5);
      ty[c] = n >= 0 && n < prevH ? n : -1;
    }
  }
  // Steps before those two, walked with the mask's border rule: 0 outside every frame.
  const early = K > 2 ? chain.slice(0, K - 2).map((st) => ({ ...st, border: 'constant' as const, fill: 0 })) : [];
  let p = 0;
  for (let y = 0; y < height; y++) {
    const rowX = last[1] * (y + 0.5) + last[2] - 0.5;
    const rowY = last[4] * (y + 0.5) + last[5] - 0.5;
    for (let x = 0; x < width; x++, p++) {
      let cx = Math.floor(colX[x]! + rowX + 0.5);
      let cy = Math.floor(colY[x]! + rowY + 0.5);
      if (cx < 0 || cx >= lastW || cy < 0 || cy >= lastH) {
        out[p] = 0;
        continue;
      }
      if (separable) {
        cx = tx[cx]!;
        cy = ty[cy]!;
        if (cx < 0 || cy < 0) {
          out[p] = 0;
          continue;
        }
        if (K > 2 && !walk(early, K - 3, 0, cx, cy)) {
          out[p] = 0;
          continue;
        }
        if (K > 2) {
          cx = walkX;
          cy = walkY;
        }
      } else if (K >= 2) {
        const xc = cx + 0.5;
        const yc = cy + 0.5;
        cx = Math.floor(p0 * xc + (p1 * yc + p2 - 0.5) + 0.5);
        cy = Math.floor(p3 * xc + (p4 * yc + p5 - 0.5) + 0.5);
        if (cx < 0 || cx >= prevW || cy < 0 || cy >= prevH) {
          out[p] = 0;
          continue;
        }
        if (K > 2 && !walk(early, K - 3, 0, cx, cy)) {
          out[p] = 0;
          continue;
        }
        if (K > 2) {
          cx = walkX;
          cy = walkY;
        }
      }
      out[p] = mask[cy * srcWidth + cx]!;
    }
  }
  return out;
}
