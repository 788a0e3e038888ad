// Colour kernels on 8-bit images (src/pipeline/kernels/colour.ts is the JavaScript twin, and the
// reference these are tested against byte for byte). Pointers are byte offsets into this memory.

import { clampedByte, farthest, packBytes, roundLanes } from './bytes';

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/** Largest |factor| of the float32 fast path (|y| stays far below 2^22). */
const FAST_MAX_FACTOR = 100;

/**
 * Bound on |y - x|, y the float32 factor * v + fround(1 - factor) * grey32, x the double result
 * (u = 2^-24 per rounding): grey32 is within 4u * 255 of the exact grey (three products and two
 * sums, with rounded constants), times (1 - factor) within 6u * 255 |1 - factor|; factor * v
 * within 2u * 255 |factor|; the last sum adds u * 255 (|factor| + |1 - factor|). Plus 10% and a
 * millionth for the doubles' own error and rounding the threshold to float32 (4.1e-5 (1 + |factor|)
 * measured at most, against 1.5e-4 (1 + |factor|) here).
 */
function fastError(factor: f64): f64 {
  return 1.1 * (1785 * abs(1 - factor) + 765 * abs(factor)) * 5.960464477539063e-8 + 1e-6;
}

/**
 * out = grey + factor * (v - grey) per colour channel, grey = 0.299 r + 0.587 g + 0.114 b, stored
 * as a Uint8ClampedArray would; a fourth channel is written 0, as the twin leaves it. Three
 * channels run 16 pixels at a time in float32 with a bound on its error: a block with a value
 * near a rounding's half-way point is redone in doubles, so every byte is the doubles' byte.
 */
export function saturate(src: usize, dst: usize, pixels: i32, channels: i32, factor: f64): void {
  let px = 0;
  if (channels == 3 && abs(factor) <= FAST_MAX_FACTOR) {
    // y = factor * v + (1 - factor) * grey: the same value, within the bound, in two steps a value.
    const f = f32x4.splat(<f32>factor);
    const keep = f32x4.splat(<f32>(1 - factor));
    const far = f32x4.splat(<f32>(0.5 - fastError(factor)));
    for (; px + 16 <= pixels; px += 16) {
      const p = src + <usize>px * 3;
      // Twelve vectors of four values each, in memory order: pixel i's channel c is value 3i + c.
      const lo0 = v128.load8x8_u(p);
      const lo1 = v128.load8x8_u(p, 8);
      const lo2 = v128.load8x8_u(p, 16);
      const lo3 = v128.load8x8_u(p, 24);
      const lo4 = v128.load8x8_u(p, 32);
      const lo5 = v128.load8x8_u(p, 40);
      const v0 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo0));
      const v1 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo0));
      const v2 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo1));
      const v3 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo1));
      const v4 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo2));
      const v5 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo2));
      const v6 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo3));
      const v7 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo3));
      const v8 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo4));
      const v9 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo4));
      const v10 = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo5));
      const v11 = f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo5));
      // Pixels 0, 0, 0, 1 of a group of four, then 1, 1, 2, 2, then 2, 3, 3, 3.
      const k0 = greyOf(v0, v1, v2, keep);
      const k1 = greyOf(v3, v4, v5, keep);
      const k2 = greyOf(v6, v7, v8, keep);
      const k3 = greyOf(v9, v10, v11, keep);
      const y0 = f32x4.add(f32x4.mul(f, v0), v128.shuffle<f32>(k0, k0, 0, 0, 0, 1));
      const y1 = f32x4.add(f32x4.mul(f, v1), v128.shuffle<f32>(k0, k0, 1, 1, 2, 2));
      const y2 = f32x4.add(f32x4.mul(f, v2), v128.shuffle<f32>(k0, k0, 2, 3, 3, 3));
      const y3 = f32x4.add(f32x4.mul(f, v3), v128.shuffle<f32>(k1, k1, 0, 0, 0, 1));
      const y4 = f32x4.add(f32x4.mul(f, v4), v128.shuffle<f32>(k1, k1, 1, 1, 2, 2));
      const y5 = f32x4.add(f32x4.mul(f, v5), v128.shuffle<f32>(k1, k1, 2, 3, 3, 3));
      const y6 = f32x4.add(f32x4.mul(f, v6), v128.shuffle<f32>(k2, k2, 0, 0, 0, 1));
      const y7 = f32x4.add(f32x4.mul(f, v7), v128.shuffle<f32>(k2, k2, 1, 1, 2, 2));
      const y8 = f32x4.add(f32x4.mul(f, v8), v128.shuffle<f32>(k2, k2, 2, 3, 3, 3));
      const y9 = f32x4.add(f32x4.mul(f, v9), v128.shuffle<f32>(k3, k3, 0, 0, 0, 1));
      const y10 = f32x4.add(f32x4.mul(f, v10), v128.shuffle<f32>(k3, k3, 1, 1, 2, 2));
      const y11 = f32x4.add(f32x4.mul(f, v11), v128.shuffle<f32>(k3, k3, 2, 3, 3, 3));
      let dev = farthest(y0, f32x4.splat(0));
      dev = farthest(y1, dev);
      dev = farthest(y2, dev);
      dev = farthest(y3, dev);
      dev = farthest(y4, dev);
      dev = farthest(y5, dev);
      dev = farthest(y6, dev);
      dev = farthest(y7, dev);
      dev = farthest(y8, dev);
      dev = farthest(y9, dev);
      dev = farthest(y10, dev);
      dev = farthest(y11, dev);
      const q = dst + <usize>px * 3;
      if (v128.any_true(f32x4.gt(dev, far))) {
        saturateExact(p, q, 16, 3, factor);
        continue;
      }
      v128.store(q, packBytes(roundLanes(y0), roundLanes(y1), roundLanes(y2), roundLanes(y3)));
      v128.store(q, packBytes(roundLanes(y4), roundLanes(y5), roundLanes(y6), roundLanes(y7)), 16);
      v128.store(q, packBytes(roundLanes(y8), roundLanes(y9), roundLanes(y10), roundLanes(y11)), 32);
    }
  }
  const at = <usize>px * channels;
  saturateExact(src + at, dst + at, pixels - px, channels, factor);
}

/**
 * Bound on |y - x| for grey levels, y the float32 luma sum, x the double one: 4u * 255 (three
 * products with rounded constants and two sums), plus 10% and a millionth (see fastError).
 */
const GREY_ERROR: f64 = 1.1 * 1020 * 5.960464477539063e-8 + 1e-6;

/**
 * Grey level of every pixel (0.299 r + 0.587 g + 0.114 b, or the value of a 1-channel image),
 * written `outChannels` times per pixel as a Uint8ClampedArray stores it. Three channels run 16
 * pixels at a time in float32 with a bound on its error, as saturate does.
 */
export function toGrey(src: usize, dst: usize, pixels: i32, channels: i32, outChannels: i32): void {
  let px = 0;
  if (channels == 3 && (outChannels == 1 || outChannels == 3)) {
    const one = f32x4.splat(1);
    const far = f32x4.splat(<f32>(0.5 - GREY_ERROR));
    for (; px + 16 <= pixels; px += 16) {
      const p = src + <usize>px * 3;
      const lo0 = v128.load8x8_u(p);
      const lo1 = v128.load8x8_u(p, 8);
      const lo2 = v128.load8x8_u(p, 16);
      const lo3 = v128.load8x8_u(p, 24);
      const lo4 = v128.load8x8_u(p, 32);
      const lo5 = v128.load8x8_u(p, 40);
      const g0 = greyOf(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo0)), f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo0)), f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo1)), one);
      const g1 = greyOf(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo1)), f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo2)), f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo2)), one);
      const g2 = greyOf(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo3)), f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo3)), f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo4)), one);
      const g3 = greyOf(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo4)), f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(lo5)), f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(lo5)), one);
      let dev = farthest(g0, f32x4.splat(0));
      dev = farthest(g1, dev);
      dev = farthest(g2, dev);
      dev = farthest(g3, dev);
      const q = dst + <usize>(px * outChannels);
      if (v128.any_true(f32x4.gt(dev, far))) {
        greyExact(p, q, 16, 3, outChannels);
        continue;
      }
      const g = packBytes(roundLanes(g0), roundLanes(g1), roundLanes(g2), roundLanes(g3));
      if (outChannels == 1) {
        v128.store(q, g);
        continue;
      }
      v128.store(q, i8x16.shuffle(g, g, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5));
      v128.store(q, i8x16.shuffle(g, g, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10), 16);
      v128.store(q, i8x16.shuffle(g, g, 10, 11, 11, 11, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15), 32);
    }
  }
  greyExact(src + <usize>(px * channels), dst + <usize>(px * outChannels), pixels - px, channels, outChannels);
}

/** toGrey in doubles, as the twin computes it, over `pixels` pixels from src and dst (1, 3 or 4 channels). */
function greyExact(src: usize, dst: usize, pixels: i32, channels: i32, outChannels: i32): void {
  const C = <usize>channels;
  const K = <usize>outChannels;
  const end = src + <usize>pixels * C;
  for (let p = src, q = dst; p < end; p += C, q += K) {
    const g = C == 1 ? load<u8>(p) : clampedByte(LUMA_R * <f64>load<u8>(p) + LUMA_G * <f64>load<u8>(p, 1) + LUMA_B * <f64>load<u8>(p, 2));
    for (let k: usize = 0; k < K; k++) store<u8>(q + k, g);
  }
}

/**
 * (1 - factor) * grey of four pixels whose twelve values are a = [r0 g0 b0 r1], b = [g1 b1 r2 g2],
 * c = [b2 r3 g3 b3]: the reds, greens and blues gathered, weighted and summed in that order.
 */
@inline function greyOf(a: v128, b: v128, c: v128, keep: v128): v128 {
  const r = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 0, 3, 6, 6), c, 0, 1, 2, 5);
  const g = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 1, 4, 7, 7), c, 0, 1, 2, 6);
  const bl = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 2, 5, 5, 5), c, 0, 1, 4, 7);
  const grey = f32x4.add(f32x4.add(f32x4.mul(r, f32x4.splat(<f32>LUMA_R)), f32x4.mul(g, f32x4.splat(<f32>LUMA_G))), f32x4.mul(bl, f32x4.splat(<f32>LUMA_B)));
  return f32x4.mul(grey, keep);
}

/** saturate in doubles, as the twin computes it, over `pixels` pixels from src and dst. */
function saturateExact(src: usize, dst: usize, pixels: i32, channels: i32, factor: f64): void {
  const C = <usize>channels;
  const end = src + <usize>pixels * C;
  for (let p = src, q = dst; p < end; p += C, q += C) {
    const r = <f64>load<u8>(p);
    const g = <f64>load<u8>(p, 1);
    const b = <f64>load<u8>(p, 2);
    const grey = LUMA_R * r + LUMA_G * g + LUMA_B * b;
    store<u8>(q, clampedByte(grey + factor * (r - grey)));
    store<u8>(q, clampedByte(grey + factor * (g - grey)), 1);
    store<u8>(q, clampedByte(grey + factor * (b - grey)), 2);
    if (C == 4) store<u8>(q, 0, 3);
  }
}
