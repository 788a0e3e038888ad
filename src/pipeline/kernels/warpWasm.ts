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
