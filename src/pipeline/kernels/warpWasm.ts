// The WebAssembly side of the resampling kernels (wasm/warp.ts): copies in, one call, copies out.
// The JavaScript twins (geometry.ts, chain.ts) call these when wasmKernels() is on and give the
// same bytes when it is off (property-tested in warp.test.ts).

import type { Kernels } from '../wasm/kernels.js';
import type { Affine, Border } from './geometry.js';

/** Border codes of wasm/warp.ts. */
export function borderCode(border: Border): number {
  return border === 'constant' ? 0 : border === 'reflect' ? 1 : 2;
}

const fillByte = new Uint8ClampedArray(1);

/** The byte a Uint8ClampedArray stores for `fill` (the twins assign the number itself). */
export function clampedByte(fill: number): number {
  fillByte[0] = fill;
  return fillByte[0];
}

/** warpNearestBytes' per-pixel path over every row, in WebAssembly. */
export function warpNearestWasm(k: Kernels, s: Uint8ClampedArray, W: number, H: number, C: number, m: Affine, o: Uint8ClampedArray, width: number, height: number, border: Border, fill: number): void {
  const n = width * height * C;
  // 4 spare bytes after the source: the kernel's 4-byte loads may read one byte past its end.
  const [src, cols, dst] = k.reserve(s.length + 4, 16 * width, n);
  k.bytes(src!, s.length).set(s);
  k.fn.warpNearest(src!, W, H, C, m[0], m[1], m[2], m[3], m[4], m[5], dst!, width, height, borderCode(border), clampedByte(fill), cols!);
  o.set(k.bytes(dst!, n));
}

/** warpChainByTables without a bilinear step (out pixel (x, y) = source (tx[x], ty[y]) or a step's fill), in WebAssembly. */
export function gatherByTablesWasm(k: Kernels, s: Uint8ClampedArray, W: number, C: number, tx: Int32Array, ty: Int32Array, fills: readonly number[], o: Uint8ClampedArray, width: number, height: number): void {
  const n = width * height * C;
  // 4 spare bytes after the source and the output: RGB pixels are copied 4 bytes at a time.
  const [src, cols, rows, fill, dst] = k.reserve(s.length + 4, 4 * width, 4 * height, fills.length, n + 4);
  k.bytes(src!, s.length).set(s);
  k.ints(cols!, width).set(tx);
  k.ints(rows!, height).set(ty);
  const f = k.bytes(fill!, fills.length);
  for (let i = 0; i < fills.length; i++) f[i] = clampedByte(fills[i]!);
  k.fn.gatherByTables(src!, W, C, cols!, rows!, width, height, fill!, dst!);
  o.set(k.bytes(dst!, n));
}

/** The two steps of warpIndexPair (chain.ts), in WebAssembly. */
export interface PairStep {
  matrix: Affine;
  inWidth: number;
  inHeight: number;
  border: Border;
  fill: number;
}

/** warpIndexPair in WebAssembly: `first` then `second`, onto width x height. */
export function warpPairWasm(k: Kernels, s: Uint8ClampedArray, C: number, first: PairStep, second: PairStep, o: Uint8ClampedArray, width: number, height: number): void {
  const n = width * height * C;
  const f = first.matrix;
  const m = second.matrix;
  const [src, scratch, dst] = k.reserve(s.length + 4, 16 * (width + second.inWidth + second.inHeight), n + 4);
  k.bytes(src!, s.length).set(s);
  k.fn.warpPair(src!, first.inWidth, first.inHeight, C, f[0], f[1], f[2], f[3], f[4], f[5], borderCode(first.border), clampedByte(first.fill), second.inWidth, second.inHeight, m[0], m[1], m[2], m[3], m[4], m[5], borderCode(second.border), clampedByte(second.fill), dst!, width, height, scratch!);
  o.set(k.bytes(dst!, n));
}

/** shiftColumnsBytes' copy in WebAssembly: runs of columns (runStart, width last) and their row shifts. */
export function shiftColumnsWasm(k: Kernels, s: Uint8ClampedArray, W: number, H: number, C: number, runStart: readonly number[], runShift: readonly number[], inColumns: number, o: Uint8ClampedArray, width: number, height: number, fill: number): void {
  const n = width * height * C;
  const count = runShift.length;
  // 16 spare bytes after the source and the output: runs are copied 16 bytes at a time.
  const [src, runs, dst] = k.reserve(s.length + 16, 4 * (2 * count + 1), n + 16);
  k.bytes(src!, s.length).set(s);
  const table = k.ints(runs!, 2 * count + 1);
  table.set(runStart);
  table.set(runShift, count + 1);
  k.fn.shiftColumns(src!, W, H, C, runs!, count, inColumns, dst!, width, height, clampedByte(fill));
  o.set(k.bytes(dst!, n));
}

/** warpBilinearBytes in WebAssembly (fill: the number blended in, as the twin does). */
export function warpBilinearWasm(k: Kernels, s: Uint8ClampedArray, W: number, H: number, C: number, m: Affine, o: Uint8ClampedArray, width: number, height: number, border: Border, fill: number): void {
  const n = width * height * C;
  // 4 spare bytes after the source: the kernel's 4-byte loads may read past its end.
  const [src, cols, dst] = k.reserve(s.length + 4, 16 * width, n);
  k.bytes(src!, s.length).set(s);
  k.fn.warpBilinear(src!, W, H, C, m[0], m[1], m[2], m[3], m[4], m[5], dst!, width, height, borderCode(border), fill, cols!);
  o.set(k.bytes(dst!, n));
}

/**
 * chainTables.ts bilinearRgbByTables in WebAssembly: writes the pixels whose taps are all in the
 * source and returns the indices of the rest (for finishEdges).
 */
export function bilinearByTablesWasm(k: Kernels, s: Uint8ClampedArray, W: number, o: Uint8ClampedArray, width: number, height: number, m: Affine, inX: Int32Array, inY: Int32Array, border: Border): Int32Array {
  const n = width * height * 3;
  const [src, cols, tx, ty, edges, dst] = k.reserve(s.length + 4, 16 * width, 4 * inX.length, 4 * inY.length, 4 * width * height, n);
  k.bytes(src!, s.length).set(s);
  k.ints(tx!, inX.length).set(inX);
  k.ints(ty!, inY.length).set(inY);
  const count = k.fn.bilinearByTables(src!, W, dst!, width, height, m[0], m[1], m[2], m[3], m[4], m[5], tx!, ty!, inX.length, inY.length, borderCode(border), cols!, edges!);
  o.set(k.bytes(dst!, n));
  return k.ints(edges!, count).slice();
}
