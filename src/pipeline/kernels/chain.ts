// A run of geometric steps resampled in one pass, with the same bytes as its steps one at a time:
// each output pixel is followed back through every step's frame (see warpChain).

import type { WorkImage } from '../image.js';
import { allocLike } from '../image.js';
import { borderIndex, columnTerms, warpAffine, type Affine, type Border } from './geometry.js';

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

function identity(n: number): Int32Array {
  const table = new Int32Array(n);
  for (let i = 0; i < n; i++) table[i] = i;
  return table;
}

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
  if (b === last && src.data instanceof Uint8ClampedArray && out.data instanceof Uint8ClampedArray && C === 3) {
    // The hot case (flip or crop, then one bilinear step, on 8-bit RGB): the inner loop of
    // warpBilinearBytes with the columns and rows read from the tables; other pixels go through
    // the general loop below, one pixel at a time.
    const edge = bilinearRgbByTables(src.data, W, out.data, width, height, m, inX, inY, st.inWidth, st.inHeight, st.border);
    if (edge.length === 0) return out;
    return finishEdges(src, out, chain, b, inX, inY, edge);
  }
  const v = new Float64Array(4 * C);
  // One array type per access in the hot path (as warpBilinearBytes): 8-bit RGB unrolled.
  const bytes = s instanceof Uint8ClampedArray ? s : null;
  const bytesOut = o instanceof Uint8ClampedArray ? o : null;
  // A tap's column (or row) in the source: the bilinear step's border rule, then the table; -1 - k
  // for "fill of step k" and NO_TAP for "fill of the bilinear step".
  const NO_TAP = -(b + 1);
  const tapX = (t: number) => (t >= 0 && t < st.inWidth ? inX[t]! : ((t = borderIndex(t, st.inWidth, st.border)), t < 0 ? NO_TAP : inX[t]!));
  const tapY = (t: number) => (t >= 0 && t < st.inHeight ? inY[t]! : ((t = borderIndex(t, st.inHeight, st.border)), t < 0 ? NO_TAP : inY[t]!));
  const [a, , , d] = m;
  for (let y = 0, p = 0; y < height; y++) {
    const oy = outY[y]!;
    // posX/posY with the row's part computed once (the same arithmetic, so the same positions).
    const rowX = m[1] * (oy + 0.5) + m[2] - 0.5;
    const rowY = m[4] * (oy + 0.5) + m[5] - 0.5;
    for (let x = 0; x < width; x++, p += C) {
      const ox = outX[x]!;
      if (ox < 0 || oy < 0) {
        const fill = fillOf(chain, ox, oy);
        for (let k = 0; k < C; k++) o[p + k] = fill;
        continue;
      }
      const sx = a * (ox + 0.5) + rowX;
      const sy = d * (ox + 0.5) + rowY;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
          // Taps inside the bilinear step's frame: straight from the tables (the usual case).
      const inside = x0 >= 0 && x0 + 1 < st.inWidth && y0 >= 0 && y0 + 1 < st.inHeight;
      const cx0 = inside ? inX[x0]! : tapX(x0);
      const cx1 = inside ? inX[x0 + 1]! : tapX(x0 + 1);
      const cy0 = inside ? inY[y0]! : tapY(y0);
      const cy1 = inside ? inY[y0 + 1]! : tapY(y0 + 1);
      if (cx0 >= 0 && cx1 >= 0 && cy0 >= 0 && cy1 >= 0) {
        const q00 = (cy0 * W + cx0) * C;
        const q01 = (cy0 * W + cx1) * C;
        const q10 = (cy1 * W + cx0) * C;
        const q11 = (cy1 * W + cx1) * C;
        if (bytes && bytesOut && C === 3) {
          bytesOut[p] = w00 * bytes[q00]! + w01 * bytes[q01]! + w10 * bytes[q10]! + w11 * bytes[q11]!;
          bytesOut[p + 1] = w00 * bytes[q00 + 1]! + w01 * bytes[q01 + 1]! + w10 * bytes[q10 + 1]! + w11 * bytes[q11 + 1]!;
          bytesOut[p + 2] = w00 * bytes[q00 + 2]! + w01 * bytes[q01 + 2]! + w10 * bytes[q10 + 2]! + w11 * bytes[q11 + 2]!;
        } else {
          for (let k = 0; k < C; k++) o[p + k] = w00 * s[q00 + k]! + w01 * s[q01 + k]! + w10 * s[q10 + k]! + w11 * s[q11 + k]!;
        }
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
 * Bilinear sampling of 8-bit RGB through tables: every output pixel whose four taps are pixels of
 * the source (after the bilinear step's border rule); returns the indices of the other pixels, those
 * with a tap on a fill value (for finishEdges).
 */
function bilinearRgbByTables(s: Uint8ClampedArray, W: number, o: Uint8ClampedArray, width: number, height: number, m: Affine, inX: Int32Array, inY: Int32Array, inW: number, inH: number, border: Border): number[] {
  const [a, b, c, d, e, f] = m;
  const colX = columnTerms(a, width);
  const colY = columnTerms(d, width);
  const edge: number[] = [];
  let p = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    for (let x = 0; x < width; x++, p += 3) {
      const sx = colX[x]! + rowX;
      const sy = colY[x]! + rowY;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      let cx0: number;
      let cx1: number;
      let cy0: number;
      let cy1: number;
      if (x0 >= 0 && x0 + 1 < inW) {
        cx0 = inX[x0]!;
        cx1 = inX[x0 + 1]!;
      } else {
        // The bilinear step's border rule (reflect, edge), then the table; constant: left to finishEdges.
        const i0 = borderIndex(x0, inW, border);
        const i1 = borderIndex(x0 + 1, inW, border);
        cx0 = i0 < 0 ? -1 : inX[i0]!;
        cx1 = i1 < 0 ? -1 : inX[i1]!;
      }
      if (y0 >= 0 && y0 + 1 < inH) {
        cy0 = inY[y0]!;
        cy1 = inY[y0 + 1]!;
      } else {
        const i0 = borderIndex(y0, inH, border);
        const i1 = borderIndex(y0 + 1, inH, border);
        cy0 = i0 < 0 ? -1 : inY[i0]!;
        cy1 = i1 < 0 ? -1 : inY[i1]!;
      }
      if ((cx0 | cx1 | cy0 | cy1) < 0) {
        edge.push(y * width + x);
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const q00 = (cy0 * W + cx0) * 3;
      const q01 = (cy0 * W + cx1) * 3;
      const q10 = (cy1 * W + cx0) * 3;
      const q11 = (cy1 * W + cx1) * 3;
      o[p] = w00 * s[q00]! + w01 * s[q01]! + w10 * s[q10]! + w11 * s[q11]!;
      o[p + 1] = w00 * s[q00 + 1]! + w01 * s[q01 + 1]! + w10 * s[q10 + 1]! + w11 * s[q11 + 1]!;
      o[p + 2] = w00 * s[q00 + 2]! + w01 * s[q01 + 2]! + w10 * s[q10 + 2]! + w11 * s[q11 + 2]!;
    }
  }
  return edge;
}

/** The pixels bilinearRgbByTables left (taps outside the frame or on a fill): one pixel at a time, as warpChain's general loop. */
function finishEdges(src: WorkImage, out: WorkImage, chain: readonly ChainStep[], b: number, inX: Int32Array, inY: Int32Array, edge: readonly number[]): WorkImage {
  const st = chain[b]!;
  const C = src.channels;
  const W = src.width;
  const s = src.data;
  const o = out.data;
  const v = new Float64Array(4 * C);
  const tap = (t: number, n: number, table: Int32Array) => {
    if (t < 0 || t >= n) t = borderIndex(t, n, st.border);
    return t < 0 ? -(b + 1) : table[t]!;
  };
  for (const i of edge) {
    const x = i % out.width;
    const y = (i - x) / out.width;
    const sx = posX(st.matrix, x, y);
    const sy = posY(st.matrix, x, y);
    const x0 = Math.floor(sx);
    const y0 = Math.floor(sy);
    const fx = sx - x0;
    const fy = sy - y0;
    const w00 = (1 - fx) * (1 - fy);
    const w01 = fx * (1 - fy);
    const w10 = (1 - fx) * fy;
    const w11 = fx * fy;
    for (let t = 0; t < 4; t++) {
      const cx = tap(x0 + (t & 1), st.inWidth, inX);
      const cy = tap(y0 + (t >> 1), st.inHeight, inY);
      if (cx >= 0 && cy >= 0) {
        const q = (cy * W + cx) * C;
        for (let k = 0; k < C; k++) v[t * C + k] = s[q + k]!;
      } else {
        const fill = fillOf(chain, cx, cy);
        for (let k = 0; k < C; k++) v[t * C + k] = fill;
      }
    }
    const p = i * C;
    for (let k = 0; k < C; k++) o[p + k] = w00 * v[k]! + w01 * v[C + k]! + w10 * v[2 * C + k]! + w11 * v[3 * C + k]!;
  }
  return out;
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
