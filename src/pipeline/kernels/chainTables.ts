// The fast path of warpChain when every index step is axis-aligned (flips, crops, nearest resizes):
// per-axis tables instead of per-pixel walks, with the same positions and sums, so the same bytes.

import type { WorkImage } from '../image.js';
import { allocLike } from '../image.js';
import { posX, posY, type ChainStep } from './chainStep.js';
import { borderIndex, columnTerms, type Affine, type Border } from './geometry.js';
import { wasmKernels } from '../wasm/kernels.js';
import { bilinearByTablesWasm, gatherByTablesWasm } from './warpWasm.js';
/** True when steps to..from are axis-aligned (no rotation or shear): x then depends on x alone, y on y alone. */
export function axisAligned(chain: readonly ChainStep[], from: number, to: number): boolean {
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
export function warpChainByTables(src: WorkImage, chain: readonly ChainStep[], b: number, width: number, height: number): WorkImage {
  const out = allocLike(src, width, height, src.channels);
  const o = out.data;
  const s = src.data;
  const C = src.channels;
  const W = src.width;
  const last = chain.length - 1;
  if (b < 0) {
    const tx = axisTable(chain, last, 0, width, 0);
    const ty = axisTable(chain, last, 0, height, 1);
    const k = s instanceof Uint8ClampedArray ? wasmKernels() : null;
    if (k) {
      gatherByTablesWasm(k, s as Uint8ClampedArray, W, C, tx, ty, chain.map((st) => st.fill), o as Uint8ClampedArray, width, height);
      return out;
    }
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
    const k = wasmKernels();
    const edge = k
      ? bilinearByTablesWasm(k, src.data, W, out.data, width, height, m, inX, inY, st.border)
      : bilinearRgbByTables(src.data, W, out.data, width, height, m, inX, inY, st.inWidth, st.inHeight, st.border);
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
function finishEdges(src: WorkImage, out: WorkImage, chain: readonly ChainStep[], b: number, inX: Int32Array, inY: Int32Array, edge: Iterable<number>): WorkImage {
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
