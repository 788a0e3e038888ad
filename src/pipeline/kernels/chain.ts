// A run of geometric steps resampled in one pass, with the same bytes as its steps one at a time:
// each output pixel is followed back through every step's frame (see warpChain).

import type { WorkImage } from '../image.js';
import { allocLike } from '../image.js';
import { borderIndex, warpAffine, type Affine, type Border } from './geometry.js';

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
  const last = chain.length - 1;
  if (axisAligned(chain, b < 0 ? last : b - 1, 0) && (b < 0 || axisAligned(chain, last, b + 1))) return warpChainByTables(src, chain, b, width, height);
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

/** True when steps to..from are axis-aligned (no rotation or shear): x then depends on x alone, y on y alone. */
function axisAligned(chain: readonly ChainStep[], from: number, to: number): boolean {
  for (let k = to; k <= from; k++) if (chain[k]!.matrix[1] !== 0 || chain[k]!.matrix[3] !== 0) return false;
  return true;
}

/**
 * Along one axis, for each coordinate of step `from`'s output frame: the coordinate that the
 * axis-aligned index steps from..to lead to in step `to`'s input frame, or -(k + 1) when it falls
 * out of step k's frame with a constant border. The arithmetic is walk()'s (the other axis' term
 * of posX/posY is exactly 0), so the tables give the same pixels.
 */
function axisTable(chain: readonly ChainStep[], from: number, to: number, size: number, axis: 0 | 1): Int32Array {
  const table = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    let c = i;
    let k = from;
    for (; k >= to; k--) {
      const st = chain[k]!;
      const n = axis === 0 ? st.inWidth : st.inHeight;
      let next = Math.floor((axis === 0 ? posX(st.matrix, c, 0) : posY(st.matrix, 0, c)) + 0.5);
      if (next < 0 || next >= n) {
        next = borderIndex(next, n, st.border);
        if (next < 0) break;
      }
      c = next;
    }
    table[i] = k >= to ? -(k + 1) : c;
  }
  return table;
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** The fill of the first frame (from the output back) that a pixel with table entries tx, ty falls out of. */
function fillOf(chain: readonly ChainStep[], tx: number, ty: number): number {
  return chain[Math.max(tx < 0 ? -tx - 1 : -1, ty < 0 ? -ty - 1 : -1)]!.fill;
}

/**
 * warpChain when every index step is axis-aligned (flips, crops, nearest resizes), which is the
 * common case: per-axis tables replace the per-pixel walks, and a pixel costs what one bilinear
 * pass costs. Same positions, weights and sums as warpChain's general loop, so the same bytes.
 */
function warpChainByTables(src: WorkImage, chain: readonly ChainStep[], b: number, width: number, height: number): WorkImage {
  const out = allocLike(src, width, height, src.channels);
  const o = out.data;
  const s = src.data;
  const C = src.channels;
  const W = src.width;
  const last = chain.length - 1;
  if (b < 0) {
    const tx = axisTable(chain, last, 0, width, 0);
    const ty = axisTable(chain, last, 0, height, 1);
    for (let y = 0, p = 0; y < height; y++) {
      const cy = ty[y]!;
      for (let x = 0; x < width; x++, p += C) {
        const cx = tx[x]!;
        if (cx >= 0 && cy >= 0) {
          const q = (cy * W + cx) * C;
          for (let k = 0; k < C; k++) o[p + k] = s[q + k]!;
        } else {
          const fill = fillOf(chain, cx, cy);
          for (let k = 0; k < C; k++) o[p + k] = fill;
        }
      }
    }
    return out;
  }
  const st = chain[b]!;
  const m = st.matrix;
  const outX = b < last ? axisTable(chain, last, b + 1, width, 0) : identity(width);
  const outY = b < last ? axisTable(chain, last, b + 1, height, 1) : identity(height);
  const inX = b > 0 ? axisTable(chain, b - 1, 0, st.inWidth, 0) : identity(st.inWidth);
  const inY = b > 0 ? axisTable(chain, b - 1, 0, st.inHeight, 1) : identity(st.inHeight);
  const v = new Float64Array(4 * C);
  // A tap's column (or row) in the source: the bilinear step's border rule, then the table; -1 - k
  // for "fill of step k" and NO_TAP for "fill of the bilinear step".
  const NO_TAP = -(b + 1);
  const tapX = (t: number) => (t >= 0 && t < st.inWidth ? inX[t]! : ((t = borderIndex(t, st.inWidth, st.border)), t < 0 ? NO_TAP : inX[t]!));
  const tapY = (t: number) => (t >= 0 && t < st.inHeight ? inY[t]! : ((t = borderIndex(t, st.inHeight, st.border)), t < 0 ? NO_TAP : inY[t]!));
  for (let y = 0, p = 0; y < height; y++) {
    const oy = outY[y]!;
    for (let x = 0; x < width; x++, p += C) {
      const ox = outX[x]!;
      if (ox < 0 || oy < 0) {
        const fill = fillOf(chain, ox, oy);
        for (let k = 0; k < C; k++) o[p + k] = fill;
        continue;
      }
      const sx = posX(m, ox, oy);
      const sy = posY(m, ox, oy);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const cx0 = tapX(x0);
      const cx1 = tapX(x0 + 1);
      const cy0 = tapY(y0);
      const cy1 = tapY(y0 + 1);
      if (cx0 >= 0 && cx1 >= 0 && cy0 >= 0 && cy1 >= 0) {
        const q00 = (cy0 * W + cx0) * C;
        const q01 = (cy0 * W + cx1) * C;
        const q10 = (cy1 * W + cx0) * C;
        const q11 = (cy1 * W + cx1) * C;
        for (let k = 0; k < C; k++) o[p + k] = w00 * s[q00 + k]! + w01 * s[q01 + k]! + w10 * s[q10 + k]! + w11 * s[q11 + k]!;
        continue;
      }
      for (let t = 0; t < 4; t++) {
        const cx = t & 1 ? cx1 : cx0;
        const cy = t >> 1 ? cy1 : cy0;
        if (cx >= 0 && cy >= 0) {
          const q = (cy * W + cx) * C;
          for (let k = 0; k < C; k++) v[t * C + k] = s[q + k]!;
        } else {
          // The bilinear step's own border comes first (NO_TAP is its index), as in walk order.
          const fill = cx === NO_TAP || cy === NO_TAP ? st.fill : fillOf(chain, cx, cy);
          for (let k = 0; k < C; k++) v[t * C + k] = fill;
        }
      }
      for (let k = 0; k < C; k++) o[p + k] = w00 * v[k]! + w01 * v[C + k]! + w10 * v[2 * C + k]! + w11 * v[3 * C + k]!;
    }
  }
  return out;
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
