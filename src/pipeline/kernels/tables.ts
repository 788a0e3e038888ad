// Table kernels on 8-bit images: per-channel histograms, and one 256-entry table per channel applied
// to every value (to bytes, or to float32 in either layout). The loops that per-value steps,
// autoContrast and equalize share.

import type { WorkImage } from '../image.js';
import type { PerChannelAffine } from '../op.js';

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

/**
 * The table, then an optional affine map, on 8-bit input to float32: the affine map is folded into
 * the table (each entry is fround(lut * scale + offset), the value the per-value arithmetic stores),
 * so each value costs one look-up.
 */
export function tableToFloats(s: Uint8ClampedArray, lut: Float32Array, affine: PerChannelAffine | null, channels: number, dst: Destination): void {
  let table = lut;
  if (affine) {
    table = new Float32Array(lut.length);
    for (let c = 0; c < channels; c++) {
      const scale = affine.scale[c]!;
      const offset = affine.offset[c]!;
      for (let v = c << 8; v < (c + 1) << 8; v++) table[v] = lut[v]! * scale + offset;
    }
  }
  const { out, pixelStride, channelStride } = dst;
  const pixels = s.length / channels;
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

