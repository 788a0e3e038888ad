// Table kernels on 8-bit images: per-channel histograms, and one 256-entry table per channel applied
// to every value (to bytes, or to float32 in either layout). The loops that per-value steps,
// autoContrast and equalize share.

import type { WorkImage } from '../image.js';
import { LUMA_B, LUMA_G, LUMA_R, MAX_CHANNELS } from '../image.js';
import type { ChannelRanges, PerChannelAffine } from '../op.js';
import { wasmKernels } from '../wasm/kernels.js';

/** Where a run writes its values: `out[pixel * pixelStride + channel * channelStride]`. */
export interface Destination {
  out: Float32Array;
  pixelStride: number;
  channelStride: number;
}

/**
 * Sub-histograms per channel, filled in turn: neighbouring pixels often share a value, and
 * incrementing one counter back to back waits on the previous store each time.
 */
const SUB_HISTOGRAMS = 4;

/** Histogram per channel of an 8-bit image: 256 counts per channel. */
export function histogram(img: WorkImage): Uint32Array {
  const k = wasmKernels();
  if (!k || !(img.data instanceof Uint8ClampedArray)) return histogramJs(img);
  const C = img.channels;
  const n = img.data.length;
  const [src, scratch, out] = k.reserve(n, 4096 * C, 1024 * C);
  k.bytes(src!, n).set(img.data);
  k.fn.histogram(src!, n / C, C, scratch!, out!);
  return new Uint32Array(k.bytes(out!, 1024 * C).slice().buffer);
}

/** histogram in JavaScript (the WebAssembly kernel's twin). */
function histogramJs(img: WorkImage): Uint32Array {
  const C = img.channels;
  const s = img.data;
  const n = img.width * img.height;
  const sub = new Uint32Array(SUB_HISTOGRAMS * 256);
  const h = new Uint32Array(256 * C);
  for (let c = 0; c < C; c++) {
    sub.fill(0);
    let px = 0;
    for (let i = c; px + SUB_HISTOGRAMS <= n; px += SUB_HISTOGRAMS, i += SUB_HISTOGRAMS * C) {
      sub[s[i]!]!++;
      sub[256 + s[i + C]!]!++;
      sub[512 + s[i + 2 * C]!]!++;
      sub[768 + s[i + 3 * C]!]!++;
    }
    for (; px < n; px++) sub[s[px * C + c]!]!++;
    for (let v = 0; v < 256; v++) h[(c << 8) + v] = sub[v]! + sub[256 + v]! + sub[512 + v]! + sub[768 + v]!;
  }
  return h;
}

/** out[i] = table[(channel << 8) + s[i]]: one 256-entry byte table per channel, on 8-bit HWC values. */
export function mapBytes(s: Uint8ClampedArray, table: Uint8Array, channels: number, out: Uint8ClampedArray): void {
  const k = wasmKernels();
  if (!k) return mapBytesJs(s, table, channels, out);
  const n = s.length;
  const [src, tab, dst] = k.reserve(n, 256 * channels, n);
  k.bytes(src!, n).set(s);
  k.bytes(tab!, 256 * channels).set(table.subarray(0, 256 * channels));
  k.fn.mapBytes(src!, tab!, dst!, n, channels);
  out.set(k.bytes(dst!, n));
}

/** mapBytes in JavaScript (the WebAssembly kernel's twin). */
function mapBytesJs(s: Uint8ClampedArray, table: Uint8Array, channels: number, out: Uint8ClampedArray): void {
  const n = s.length;
  if (channels === 3) {
    for (let i = 0; i < n; i += 3) {
      out[i] = table[s[i]!]!;
      out[i + 1] = table[256 + s[i + 1]!]!;
      out[i + 2] = table[512 + s[i + 2]!]!;
    }
    return;
  }
  for (let i = 0, c = 0; i < n; i++) {
    out[i] = table[(c << 8) + s[i]!]!;
    if (++c === channels) c = 0;
  }
}

const AFFINE_TABLE = new Float32Array(256 * MAX_CHANNELS);

/**
 * The table, then an optional affine map, on 8-bit input to float32: the affine map is folded into
 * the table (each entry is fround(lut * scale + offset), the value the per-value arithmetic stores),
 * so each value costs one look-up.
 */
export function tableToFloats(s: Uint8ClampedArray, lut: Float32Array, affine: PerChannelAffine | null, channels: number, dst: Destination): void {
  let table = lut;
  if (affine) {
    // A module-level buffer: the table is used up before this returns.
    table = AFFINE_TABLE.subarray(0, lut.length);
    for (let c = 0; c < channels; c++) {
      const scale = affine.scale[c]!;
      const offset = affine.offset[c]!;
      for (let v = c << 8; v < (c + 1) << 8; v++) table[v] = lut[v]! * scale + offset;
    }
  }
  const k = wasmKernels();
  const { out, pixelStride, channelStride } = dst;
  const pixels = s.length / channels;
  if (k) {
    const n = s.length;
    const [src, tab, to] = k.reserve(n, 4 * table.length, 4 * n);
    k.bytes(src!, n).set(s);
    k.floats(tab!, table.length).set(table);
    k.fn.tableToFloats(src!, tab!, to!, pixels, channels, pixelStride, channelStride);
    out.set(k.floats(to!, n));
    return;
  }
  if (channels === 3 && pixelStride === 3) {
    for (let i = 0; i < s.length; i += 3) {
      out[i] = table[s[i]!]!;
      out[i + 1] = table[256 + s[i + 1]!]!;
      out[i + 2] = table[512 + s[i + 2]!]!;
    }
    return;
  }
  if (channels === 3) {
    const g = channelStride;
    const b = 2 * channelStride;
    for (let px = 0, i = 0; px < pixels; px++, i += 3) {
      out[px] = table[s[i]!]!;
      out[px + g] = table[256 + s[i + 1]!]!;
      out[px + b] = table[512 + s[i + 2]!]!;
    }
    return;
  }
  for (let px = 0, i = 0; px < pixels; px++) {
    for (let c = 0; c < channels; c++, i++) out[px * pixelStride + c * channelStride] = table[(c << 8) + s[i]!]!;
  }
}


/** Per-channel smallest and largest value of an 8-bit image, in one pass. */
export function byteRanges(s: Uint8ClampedArray, C: number): ChannelRanges {
  const k = wasmKernels();
  if (!k) return byteRangesJs(s, C);
  const [src, out] = k.reserve(s.length, 16 * C + 96);
  k.bytes(src!, s.length).set(s);
  k.fn.byteRanges(src!, s.length, C, out!);
  const both = k.doubles(out!, 2 * C);
  return { min: both.slice(0, C), max: both.slice(C, 2 * C) };
}

/** byteRanges in JavaScript (the WebAssembly kernel's twin). */
function byteRangesJs(s: Uint8ClampedArray, C: number): ChannelRanges {
  const min = new Float64Array(C).fill(255);
  const max = new Float64Array(C).fill(0);
  if (C === 3) {
    let lo0 = 255, hi0 = 0, lo1 = 255, hi1 = 0, lo2 = 255, hi2 = 0;
    for (let p = 0; p < s.length; p += 3) {
      const a = s[p]!;
      const b = s[p + 1]!;
      const d = s[p + 2]!;
      if (a < lo0) lo0 = a;
      if (a > hi0) hi0 = a;
      if (b < lo1) lo1 = b;
      if (b > hi1) hi1 = b;
      if (d < lo2) lo2 = d;
      if (d > hi2) hi2 = d;
    }
    min.set([lo0, lo1, lo2]);
    max.set([hi0, hi1, hi2]);
    return { min, max };
  }
  for (let p = 0, c = 0; p < s.length; p++) {
    const v = s[p]!;
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
    if (++c === C) c = 0;
  }
  return { min, max };
}

/** Per-channel sums of an 8-bit image (whole numbers: exact in any order). */
export function channelSums(s: Uint8ClampedArray, C: number): Float64Array {
  const k = wasmKernels();
  if (!k) return channelSumsJs(s, C);
  const [src, out, scratch] = k.reserve(s.length, 8 * C, 96);
  k.bytes(src!, s.length).set(s);
  k.fn.channelSums(src!, s.length, C, out!, scratch!);
  return k.doubles(out!, C).slice();
}

/** channelSums in JavaScript (the WebAssembly kernel's twin). */
function channelSumsJs(s: Uint8ClampedArray, C: number): Float64Array {
  const sums = new Float64Array(C);
  if (C === 3) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (let p = 0; p < s.length; p += 3) {
      r += s[p]!;
      g += s[p + 1]!;
      b += s[p + 2]!;
    }
    sums.set([r, g, b]);
    return sums;
  }
  for (let p = 0, c = 0; p < s.length; p++) {
    sums[c]! += s[p]!;
    if (++c === C) c = 0;
  }
  return sums;
}

/** The luma of the channel means (BT.601), as pointwise.ts statsThroughLut computes it from a histogram. */
export function meanOfSums(sums: Float64Array, pixels: number): number {
  const means = sums.map((v) => v / pixels);
  return means.length < 3 ? means[0]! : LUMA_R * means[0]! + LUMA_G * means[1]! + LUMA_B * means[2]!;
}
