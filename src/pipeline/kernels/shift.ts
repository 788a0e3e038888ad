// Nearest resampling of 8-bit images by maps whose rows (or columns) are whole-pixel shifts of the
// source (translations, ShearX, ShearY): rows are copied with TypedArray.set instead of pixel by
// pixel. Positions are those of warpAffine's nearest branch (posX/posY, then floor(t + 0.5)); a row
// whose shift could round differently from that arithmetic goes through the per-pixel loop.

import type { Affine } from './geometry.js';
import { wasmKernels } from '../wasm/kernels.js';
import { shiftColumnsWasm } from './warpWasm.js';

/**
 * Distance from an integer below which a shift is not trusted: the two roundings of
 * (x + 0.5 + rowTerm) + 0.5 are each within 2^-53 of coordinates below 2^20, far below this.
 */
const SHIFT_MARGIN = 1e-7;
/** Coordinates up to which SHIFT_MARGIN holds. */
const SHIFT_LIMIT = 2 ** 20;

/** floor(t + x) for every whole x when t is not within SHIFT_MARGIN of an integer: floor(t); else null. */
function wholeShift(t: number): number | null {
  if (!(Math.abs(t) < SHIFT_LIMIT)) return null;
  const k = Math.floor(t);
  return t - k > SHIFT_MARGIN && k + 1 - t > SHIFT_MARGIN ? k : null;
}

/**
 * Rows that are shifted copies: m = [1, b, c, ±0, e, f] (translations, ShearX). Writes what it can
 * and returns the rows it left (-1 ends the list) for the caller's per-pixel loop.
 */
export function shiftRowsBytes(s: Uint8ClampedArray, W: number, H: number, C: number, m: Affine, o: Uint8ClampedArray, width: number, height: number, fill: number, left: Int32Array): number {
  const [, b, c, , e, f] = m;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    // posX = (x + 0.5) + rowX exactly as warpAffine sums it; posY is rowY (the column term is 0).
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    const ty = rowY + 0.5;
    const k = wholeShift(rowX + 1);
    if (k === null || !(Math.abs(ty) < SHIFT_LIMIT)) {
      left[count++] = y;
      continue;
    }
    const start = y * width * C;
    const iy = Math.floor(ty);
    if (iy < 0 || iy >= H) {
      o.fill(fill, start, start + width * C);
      continue;
    }
    // Output column x reads source column x + k.
    const x0 = Math.min(width, Math.max(0, -k));
    const x1 = Math.max(x0, Math.min(width, W - k));
    if (x0 > 0) o.fill(fill, start, start + x0 * C);
    if (x1 > x0) o.set(s.subarray((iy * W + x0 + k) * C, (iy * W + x1 + k) * C), start + x0 * C);
    if (x1 < width) o.fill(fill, start + x1 * C, start + width * C);
  }
  return count;
}

let scratch = new Uint8ClampedArray(0);

/**
 * Columns that are shifted copies: m = [1, ±0, 0, d, 1, 0]
 * (ShearY): output (x, y) reads source (x, y + k[x]). Returns false (nothing written) when a
 * column's shift is not trusted; the caller then runs its per-pixel loop.
 */
export function shiftColumnsBytes(s: Uint8ClampedArray, W: number, H: number, C: number, colY: Float64Array, o: Uint8ClampedArray, width: number, height: number, fill: number): boolean {
  // posY = colY[x] + (y + 0.5 - 0.5) = colY[x] + y; posX = (x + 0.5) - 0.5 = x.
  // Runs of neighbouring columns with one shift are contiguous bytes in both images: copied in a
  // tight loop per run (shifts change every 1 / |factor| columns).
  const inColumns = Math.min(width, W);
  const runStart: number[] = [];
  const runShift: number[] = [];
  for (let x = 0; x < width; x++) {
    const k = wholeShift(colY[x]! + 0.5);
    if (k === null) return false;
    if (x === 0 || x === inColumns || k !== runShift[runShift.length - 1]) {
      runStart.push(x);
      runShift.push(k);
    }
  }
  runStart.push(width);
  const runs = runShift.length;
  const k = wasmKernels();
  if (k) {
    shiftColumnsWasm(k, s, W, H, C, runStart, runShift, inColumns, o, width, height, fill);
    return true;
  }
  // Runs are copied by copyWithin inside one scratch buffer (source in its second half, result in its
  // first): a built-in copy per run costs less than a script loop over its bytes.
  const n = width * height * C;
  const m = s.length;
  if (scratch.length < n + m) scratch = new Uint8ClampedArray(n + m);
  const work = scratch;
  work.set(s, n);
  for (let y = 0; y < height; y++) {
    const rowOut = y * width * C;
    for (let r = 0; r < runs; r++) {
      const x0 = runStart[r]!;
      const x1 = runStart[r + 1]!;
      const iy = y + runShift[r]!;
      const start = rowOut + x0 * C;
      const end = rowOut + x1 * C;
      if (x0 >= inColumns || iy < 0 || iy >= H) {
        work.fill(fill, start, end);
        continue;
      }
      const q = n + (iy * W + x0) * C;
      work.copyWithin(start, q, q + end - start);
    }
  }
  o.set(work.subarray(0, n));
  return true;
}
