// Per-value kernels. A run of per-value steps on an 8-bit image becomes one lookup table per
// channel (its input has only 256 possible values), so brightness, contrast, gamma and normalise
// together cost one table look-up per value. Noise steps are applied in the same pass after it.

import type { WorkImage } from '../image.js';
import { LUMA_B, LUMA_G, LUMA_R } from '../image.js';
import type { ImageStats } from '../op.js';
import { Rng, getNormalTable } from '../rng.js';

export interface MapStage {
  kind: 'map';
  /** Builds the per-value function; stats are those of this stage's input, when it needs them. */
  build(stats: ImageStats | null): (value: number, channel: number) => number;
  needsStats: boolean;
  /** Pixel stages clamp to [0, 255] (and round while the image is 8-bit). */
  pixel: boolean;
}

export interface NoiseStage {
  kind: 'noise';
  sigma: number;
  seed: number;
  perChannel: boolean;
}

export type PointStage = MapStage | NoiseStage;

/** Luma mean of an image, read directly. */
export function imageStats(img: WorkImage): ImageStats {
  const C = img.channels;
  const n = img.width * img.height;
  const s = img.data;
  let sum = 0;
  if (C === 1) {
    for (let i = 0; i < n; i++) sum += s[i]!;
  } else {
    for (let i = 0, p = 0; i < n; i++, p += C) sum += LUMA_R * s[p]! + LUMA_G * s[p + 1]! + LUMA_B * s[p + 2]!;
  }
  return { lumaMean: sum / n };
}

/** Histogram per channel of an 8-bit image: 256 counts per channel. */
function histogram(img: WorkImage): Float64Array {
  const C = img.channels;
  const h = new Float64Array(256 * C);
  const s = img.data;
  for (let i = 0; i < s.length; i += C) {
    for (let c = 0; c < C; c++) h[c * 256 + s[i + c]!]!++;
  }
  return h;
}

/** Luma mean of the image after the tables, from the input histogram (exact, no pass over pixels). */
function statsThroughLut(hist: Float64Array, lut: Float32Array, channels: number, pixels: number): ImageStats {
  const means = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let v = 0; v < 256; v++) sum += hist[c * 256 + v]! * lut[c * 256 + v]!;
    means[c] = sum / pixels;
  }
  if (channels < 3) return { lumaMean: means[0]! };
  return { lumaMean: LUMA_R * means[0]! + LUMA_G * means[1]! + LUMA_B * means[2]! };
}

const roundU8 = new Uint8ClampedArray(1);

/** Rounds and clamps exactly as a store into a Uint8ClampedArray does (half to even). */
function toU8(v: number): number {
  roundU8[0] = v;
  return roundU8[0];
}

/** Clamps pixel values to [0, 255]; NaN becomes 0. */
function clampPixel(v: number): number {
  return v > 255 ? 255 : v >= 0 ? v : 0;
}

/**
 * Whether `stage` can join a run that so far holds `stages`, on an input of the given type.
 * Stages that need statistics join only while the run is still one table on 8-bit input.
 */
export function canJoin(stages: readonly PointStage[], stage: PointStage, inputIsFloat: boolean): boolean {
  if (stage.kind !== 'map' || !stage.needsStats || stages.length === 0) return true;
  return !inputIsFloat && stages.every((s) => s.kind === 'map');
}

/** Applies a run of per-value stages: one table pass, then one pass for any noise. */
export function runPointwise(src: WorkImage, stages: readonly PointStage[]): WorkImage {
  const C = src.channels;
  const n = src.data.length;
  let first = 0;
  let lut: Float32Array | null = null;
  let eightBit = !(src.data instanceof Float32Array);
  if (eightBit) {
    // Fold the leading map stages into one table per channel.
    lut = new Float32Array(256 * C);
    for (let c = 0; c < C; c++) for (let v = 0; v < 256; v++) lut[c * 256 + v] = v;
    let hist: Float64Array | null = null;
    while (first < stages.length && stages[first]!.kind === 'map') {
      const stage = stages[first] as MapStage;
      let stats: ImageStats | null = null;
      if (stage.needsStats) {
        hist ??= histogram(src);
        stats = statsThroughLut(hist, lut, C, src.width * src.height);
      }
      const fn = stage.build(stats);
      for (let c = 0; c < C; c++) {
        for (let v = 0; v < 256; v++) {
          const i = c * 256 + v;
          const y = fn(lut[i]!, c);
          lut[i] = stage.pixel ? (eightBit ? toU8(y) : clampPixel(y)) : y;
        }
      }
      if (!stage.pixel) eightBit = false;
      first++;
    }
  }
  const rest = stages.slice(first);
  const outIsEightBit = eightBit && rest.length === 0;
  const out = outIsEightBit ? new Uint8ClampedArray(n) : new Float32Array(n);
  const s = src.data;
  if (lut) {
    for (let i = 0, c = 0; i < n; i++) {
      out[i] = lut[c * 256 + s[i]!]!;
      if (++c === C) c = 0;
    }
  } else {
    out.set(s);
  }
  if (rest.length === 0) return { width: src.width, height: src.height, channels: C, data: out };
  // The rest starts with noise (or the input was float): evaluate stage by stage per value.
  let stats: ImageStats | null = null;
  const fns = rest.map((stage) => {
    if (stage.kind === 'noise') return null;
    if (stage.needsStats) stats ??= imageStats({ ...src, data: out });
    return stage.build(stats);
  });
  const normals = getNormalTable();
  const rngs = rest.map((stage) => (stage.kind === 'noise' ? new Rng(stage.seed) : null));
  const lastNormal = new Float64Array(rest.length);
  const pixels = src.width * src.height;
  for (let px = 0, i = 0; px < pixels; px++) {
    for (let c = 0; c < C; c++, i++) {
      let v = out[i]!;
      for (let k = 0; k < rest.length; k++) {
        const stage = rest[k]!;
        if (stage.kind === 'noise') {
          const rng = rngs[k]!;
          // Shared grain: one draw per pixel, reused for its channels.
          if (stage.perChannel || c === 0) lastNormal[k] = normals[rng.nextUint32() >>> 16]!;
          v = clampPixel(v + stage.sigma * lastNormal[k]!);
        } else {
          const y = fns[k]!(v, c);
          v = stage.pixel ? clampPixel(y) : y;
        }
      }
      out[i] = v;
    }
  }
  return { width: src.width, height: src.height, channels: C, data: out };
}
