// Per-value kernels. A run of per-value steps on an 8-bit image becomes one lookup table per
// channel (its input has only 256 possible values), so brightness, contrast, gamma and normalise
// together cost one table look-up per value. Noise steps are applied in the same pass after it.

import type { WorkImage } from '../image.js';
import { MAX_CHANNELS, newBytes, newFloats } from '../image.js';
import type { ImageStats, PerChannelAffine } from '../op.js';
import { Rng, getNormalTable } from '../rng.js';
import { histogram, mapBytes, tableToFloats, type Destination } from './tables.js';
import { identityStats, imageStats, statsThroughLut } from './stats.js';
import { wasmKernels, type Kernels } from '../wasm/kernels.js';


export interface MapStage {
  kind: 'map';
  /** Builds the per-value function; stats are those of this stage's input, when it needs them. */
  build(stats: ImageStats | null): (value: number, channel: number) => number;
  needsStats: boolean;
  /** Pixel stages clamp to [0, 255] (and round while the image is 8-bit). */
  pixel: boolean;
  /** The same map as per-channel coefficients, when the op gives them (rescale, normalise). */
  affine: PerChannelAffine | null;
}

export interface NoiseStage {
  kind: 'noise';
  sigma: number;
  seed: number;
  perChannel: boolean;
}

export type PointStage = MapStage | NoiseStage;

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

/** A run of per-value stages, prepared: a table for the leading maps (8-bit input), then the rest. */
interface PointProgram {
  /** One table per channel (256 entries each) for the leading map stages; null on float input. */
  lut: Float32Array | null;
  /** Stages evaluated per value after the table. */
  rest: PointStage[];
  /** True when the result is still pixels with 8-bit precision (every stage went into the table). */
  eightBitOut: boolean;
}

const IDENTITY = Float32Array.from({ length: 256 * MAX_CHANNELS }, (_, i) => i & 255);
/**
 * The table a run builds and the byte tables behind it, reused from run to run: a run's table lives
 * only until its pass is done (runs never overlap), and typed arrays of this size are allocated
 * outside V8's heap, at a cost close to a small image's whole per-value pass.
 */
const TABLE = new Float32Array(256 * MAX_CHANNELS);
const ONCE = new Uint8ClampedArray(256);
const BYTES = new Uint8ClampedArray(256 * MAX_CHANNELS);
const TABLE_BYTES = new Uint8Array(256 * MAX_CHANNELS);

/** The shared table, set to map every value to itself, for `channels` channels. */
function identityTable(channels: number): Float32Array {
  const lut = TABLE.subarray(0, 256 * channels);
  lut.set(IDENTITY.subarray(0, 256 * channels));
  return lut;
}

function compile(src: WorkImage, stages: readonly PointStage[]): PointProgram {
  const C = src.channels;
  let first = 0;
  let lut: Float32Array | null = null;
  let eightBit = !(src.data instanceof Float32Array);
  if (eightBit) {
    // Fold the leading map stages into one table per channel.
    lut = identityTable(C);
    let hist: Uint32Array | null = null;
    let bytes: Uint8ClampedArray | null = null;
    let once: Uint8ClampedArray | null = null;
    while (first < stages.length && stages[first]!.kind === 'map') {
      const stage = stages[first] as MapStage;
      let stats: ImageStats | null = null;
      if (stage.needsStats && first === 0 && src.data instanceof Uint8ClampedArray) {
        // The table is still the identity: the channel means are plain sums (whole numbers, exact in
        // any order, so the same as through the histogram).
        stats = identityStats(src, src.data);
      } else if (stage.needsStats) {
        hist ??= histogram(src);
        stats = statsThroughLut(hist, lut, C, src.width * src.height);
      }
      const fn = stage.build(stats);
      const n = 256 * C;
      if (stage.pixel && eightBit && fn.length === 1) {
        // A map of one parameter cannot read the channel, and the table holds whole values 0..255
        // here: 256 calls give every entry (fn(lut[i]) = once[lut[i]]), not 256 per channel.
        once ??= ONCE;
        for (let v = 0; v < 256; v++) once[v] = fn(v, 0);
        if (first === 0) {
          // The table is still the identity: every channel's table is `once`.
          for (let c = 0; c < C; c++) lut.set(once, c << 8);
        } else {
          // (The entries are whole numbers: `| 0` keeps the index an integer, a much faster look-up.)
          for (let i = 0; i < n; i++) lut[i] = once[lut[i]! | 0]!;
        }
      } else if (stage.pixel && eightBit) {
        // The store into 8-bit storage rounds (half to even) and clamps, as the image's own storage does.
        bytes ??= BYTES.subarray(0, n);
        for (let i = 0; i < n; i++) bytes[i] = fn(lut[i]!, i >> 8);
        lut.set(bytes);
      } else if (stage.pixel) {
        for (let i = 0; i < n; i++) lut[i] = clampPixel(fn(lut[i]!, i >> 8));
      } else {
        for (let i = 0; i < n; i++) lut[i] = fn(lut[i]!, i >> 8);
      }
      if (!stage.pixel) eightBit = false;
      first++;
    }
  }
  const rest = stages.slice(first);
  return { lut, rest, eightBitOut: eightBit && rest.length === 0 };
}

/**
 * The common tail, in one pass and without a function call per value: table, then at most one
 * noise stage, then at most one affine map (normalise, rescale). Null when `rest` is anything else.
 */
function simpleTail(rest: readonly PointStage[]): { noise: NoiseStage | null; affine: PerChannelAffine | null } | null {
  let k = 0;
  let noise: NoiseStage | null = null;
  let affine: PerChannelAffine | null = null;
  if (k < rest.length && rest[k]!.kind === 'noise') noise = rest[k++] as NoiseStage;
  const next = rest[k];
  if (next && next.kind === 'map' && next.affine && !next.pixel) {
    affine = next.affine;
    k++;
  }
  return k === rest.length ? { noise, affine } : null;
}

/** Pixel-major (HWC) destination, or channel-major (CHW) when `channelsFirst`. */
function destination(out: Float32Array, channels: number, pixels: number, channelsFirst: boolean): Destination {
  return channelsFirst ? { out, pixelStride: 1, channelStride: pixels } : { out, pixelStride: channels, channelStride: 1 };
}

/** A run that is only the table, on 8-bit input and output. */
function tableToBytes(s: Uint8ClampedArray, lut: Float32Array, channels: number, out: Uint8ClampedArray): void {
  // The table as bytes (its values are 8-bit already): byte loads in the loop, no conversions.
  const table = TABLE_BYTES.subarray(0, lut.length);
  table.set(lut);
  mapBytes(s, table, channels, out);
}

/**
 * The table (or the float input), one optional noise stage and one optional affine map, in one
 * pass over the image, a row at a time. Noise draws come from Rng.fillInt32 (the same stream as
 * one nextUint32() per value, without a call per value). Within a row the loop runs channel by
 * channel, so each channel's table and constants stay put; the loop body appears twice, for
 * 8-bit and for float input, so that each copy reads one array type.
 */
function runSimpleTail(src: WorkImage, lut: Float32Array | null, noise: NoiseStage | null, affine: PerChannelAffine | null, dst: Destination): void {
  const C = src.channels;
  const W = src.width;
  const H = src.height;
  const { out, pixelStride, channelStride } = dst;
  const normals = getNormalTable();
  const kernels = noise && lut && src.data instanceof Uint8ClampedArray ? wasmKernels() : null;
  if (kernels && noise && lut) {
    noiseTailWasm(kernels, src.data as Uint8ClampedArray, lut, normals, noise, affine, W, H, C, dst);
    return;
  }
  const rng = noise ? new Rng(noise.seed) : null;
  const sigma = noise ? noise.sigma : 0;
  // Shared grain: one draw per pixel, reused for its channels.
  const drawsPerPixel = noise && !noise.perChannel ? 1 : C;
  const draws = new Int32Array(rng ? W * drawsPerPixel : 0);
  const bytes = src.data instanceof Uint8ClampedArray ? src.data : null;
  const floats = src.data instanceof Float32Array ? src.data : null;
  if (bytes && !lut) throw new Error('pointwise: 8-bit input needs a table');
  for (let y = 0; y < H; y++) {
    if (rng) rng.fillInt32(draws);
    for (let c = 0; c < C; c++) {
      const scale = affine ? affine.scale[c]! : 1;
      const offset = affine ? affine.offset[c]! : 0;
      const table = c << 8;
      let j = y * W * C + c;
      let k = drawsPerPixel === 1 ? 0 : c;
      let o = y * W * pixelStride + c * channelStride;
      if (bytes && lut) {
        for (let x = 0; x < W; x++, j += C, k += drawsPerPixel, o += pixelStride) {
          let v = lut[table + bytes[j]!]!;
          if (rng) v = clampPixel(v + sigma * normals[draws[k]! >>> 16]!);
          if (affine) v = v * scale + offset;
          out[o] = v;
        }
      } else if (floats) {
        for (let x = 0; x < W; x++, j += C, k += drawsPerPixel, o += pixelStride) {
          let v = floats[j]!;
          if (rng) v = clampPixel(v + sigma * normals[draws[k]! >>> 16]!);
          if (affine) v = v * scale + offset;
          out[o] = v;
        }
      }
    }
  }
}

/** runSimpleTail's 8-bit path with noise, in WebAssembly (wasm/pointwise.ts; the same float32 values). */
function noiseTailWasm(k: Kernels, s: Uint8ClampedArray, lut: Float32Array, normals: Float32Array, noise: NoiseStage, affine: PerChannelAffine | null, W: number, H: number, C: number, dst: Destination): void {
  const n = s.length;
  const drawsPerPixel = noise.perChannel ? C : 1;
  const table = k.constant(normals);
  const [src, tab, aff, to, draws] = k.reserve(n, 4 * lut.length, affine ? 16 * C : 0, 4 * n, 4 * W * drawsPerPixel);
  k.bytes(src!, n).set(s);
  k.floats(tab!, lut.length).set(lut);
  if (affine) {
    const coefficients = k.doubles(aff!, 2 * C);
    coefficients.set(affine.scale.subarray(0, C));
    coefficients.set(affine.offset.subarray(0, C), C);
  }
  const [a, b, c, d] = new Rng(noise.seed).state();
  k.fn.noiseTail(src!, tab!, table, affine ? aff! : 0, to!, W, H, C, dst.pixelStride, dst.channelStride, noise.sigma, drawsPerPixel, a, b, c, d, draws!);
  dst.out.set(k.floats(to!, n));
}

/** Any other tail: the table, then stage by stage per value (function calls per value; rare). */
function runGeneralTail(src: WorkImage, program: PointProgram, dst: Destination): void {
  const C = src.channels;
  const n = src.data.length;
  const { lut, rest } = program;
  // The values after the table, pixel-major, so that stats can be taken from them.
  const values = new Float32Array(n);
  const s = src.data;
  if (lut) {
    for (let i = 0, c = 0; i < n; i++) {
      values[i] = lut[c * 256 + s[i]!]!;
      if (++c === C) c = 0;
    }
  } else {
    values.set(s);
  }
  let stats: ImageStats | null = null;
  const fns = rest.map((stage) => {
    if (stage.kind === 'noise') return null;
    if (stage.needsStats) stats ??= imageStats({ ...src, data: values });
    return stage.build(stats);
  });
  const normals = getNormalTable();
  const rngs = rest.map((stage) => (stage.kind === 'noise' ? new Rng(stage.seed) : null));
  const lastNormal = new Float64Array(rest.length);
  const pixels = src.width * src.height;
  const { out, pixelStride, channelStride } = dst;
  for (let px = 0, i = 0; px < pixels; px++) {
    for (let c = 0; c < C; c++, i++) {
      let v = values[i]!;
      for (let k = 0; k < rest.length; k++) {
        const stage = rest[k]!;
        if (stage.kind === 'noise') {
          const rng = rngs[k]!;
          if (stage.perChannel || c === 0) lastNormal[k] = normals[rng.nextUint32() >>> 16]!;
          v = clampPixel(v + stage.sigma * lastNormal[k]!);
        } else {
          const y = fns[k]!(v, c);
          v = stage.pixel ? clampPixel(y) : y;
        }
      }
      out[px * pixelStride + c * channelStride] = v;
    }
  }
}

function execute(src: WorkImage, program: PointProgram, dst: Destination): void {
  const simple = simpleTail(program.rest);
  if (simple && !simple.noise && program.lut && src.data instanceof Uint8ClampedArray) tableToFloats(src.data, program.lut, simple.affine, src.channels, dst);
  else if (simple) runSimpleTail(src, program.lut, simple.noise, simple.affine, dst);
  else runGeneralTail(src, program, dst);
}

/** Applies a run of per-value stages in one pass over the image. */
export function runPointwise(src: WorkImage, stages: readonly PointStage[]): WorkImage {
  const program = compile(src, stages);
  const n = src.data.length;
  const { width, height, channels } = src;
  if (program.eightBitOut && program.lut && src.data instanceof Uint8ClampedArray) {
    const bytes = newBytes(n);
    tableToBytes(src.data, program.lut, channels, bytes);
    return { width, height, channels, data: bytes };
  }
  const out = newFloats(n);
  execute(src, program, destination(out, channels, width * height, false));
  return { width, height, channels, data: out };
}

/**
 * Applies a run of per-value stages and writes the result as float32 straight into `out` (the
 * pipeline's output), pixel-major or, when `channelsFirst`, channel-major: no extra copy pass.
 */
export function runPointwiseInto(src: WorkImage, stages: readonly PointStage[], out: Float32Array, channelsFirst: boolean): void {
  execute(src, compile(src, stages), destination(out, src.channels, src.width * src.height, channelsFirst));
}
