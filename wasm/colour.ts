// Colour kernels on 8-bit images (src/pipeline/kernels/colour.ts is the JavaScript twin, and the
// reference these are tested against byte for byte). Pointers are byte offsets into this memory.

import { byteFloats0, byteFloats1, byteFloats2, byteFloats3, clampedByte, nearHalf, packLowBytes, wholeBytes } from './bytes';

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/**
 * Largest |factor| of the float32 fast path, and its error bound per unit of (1 + |factor|):
 * float32 grey + factor * (v - grey) is within 1.4e-4 * (1 + |factor|) of the double result
 * (five roundings of values up to 255 (1 + 2 |factor|), and the constants' own; 4.3e-5 measured).
 */
const FAST_MAX_FACTOR = 100;
const FAST_ERROR = 2.5e-4;

/**
 * out = grey + factor * (v - grey) per colour channel, grey = 0.299 r + 0.587 g + 0.114 b, stored
 * as a Uint8ClampedArray would; a fourth channel is written 0, as the twin leaves it. Three
 * channels run 16 pixels at a time in float32 with a bound on its error: a block with a value
 * near a rounding's half-way point is redone in doubles, so every byte is the doubles' byte.
 */
export function saturate(src: usize, dst: usize, pixels: i32, channels: i32, factor: f64): void {
  let px = 0;
  if (channels == 3 && abs(factor) <= FAST_MAX_FACTOR) {
    const f = f32x4.splat(<f32>factor);
    const far = f32x4.splat(<f32>(0.5 - FAST_ERROR * (1 + abs(factor))));
    const lr = f32x4.splat(<f32>LUMA_R);
    const lg = f32x4.splat(<f32>LUMA_G);
    const lb = f32x4.splat(<f32>LUMA_B);
    for (; px + 16 <= pixels; px += 16) {
      const p = src + <usize>px * 3;
      const a = v128.load(p);
      const b = v128.load(p, 16);
      const c = v128.load(p, 32);
      const R = i8x16.shuffle(i8x16.shuffle(a, b, 0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 0, 0, 0, 0, 0), c, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 20, 23, 26, 29);
      const G = i8x16.shuffle(i8x16.shuffle(a, b, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 0, 0, 0, 0, 0), c, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 18, 21, 24, 27, 30);
      const B = i8x16.shuffle(i8x16.shuffle(a, b, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 0, 0, 0, 0, 0, 0), c, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 19, 22, 25, 28, 31);
      let near = i32x4.splat(0);
      // Quarter q of the block: pixels 4q .. 4q + 3 of each channel.
      let r0 = byteFloats0(R), g0 = byteFloats0(G), b0 = byteFloats0(B);
      let r1 = byteFloats1(R), g1 = byteFloats1(G), b1 = byteFloats1(B);
      let r2 = byteFloats2(R), g2 = byteFloats2(G), b2 = byteFloats2(B);
      let r3 = byteFloats3(R), g3 = byteFloats3(G), b3 = byteFloats3(B);
      const grey0 = f32x4.add(f32x4.add(f32x4.mul(lr, r0), f32x4.mul(lg, g0)), f32x4.mul(lb, b0));
      const grey1 = f32x4.add(f32x4.add(f32x4.mul(lr, r1), f32x4.mul(lg, g1)), f32x4.mul(lb, b1));
      const grey2 = f32x4.add(f32x4.add(f32x4.mul(lr, r2), f32x4.mul(lg, g2)), f32x4.mul(lb, b2));
      const grey3 = f32x4.add(f32x4.add(f32x4.mul(lr, r3), f32x4.mul(lg, g3)), f32x4.mul(lb, b3));
      r0 = f32x4.add(grey0, f32x4.mul(f, f32x4.sub(r0, grey0)));
      g0 = f32x4.add(grey0, f32x4.mul(f, f32x4.sub(g0, grey0)));
      b0 = f32x4.add(grey0, f32x4.mul(f, f32x4.sub(b0, grey0)));
      r1 = f32x4.add(grey1, f32x4.mul(f, f32x4.sub(r1, grey1)));
      g1 = f32x4.add(grey1, f32x4.mul(f, f32x4.sub(g1, grey1)));
      b1 = f32x4.add(grey1, f32x4.mul(f, f32x4.sub(b1, grey1)));
      r2 = f32x4.add(grey2, f32x4.mul(f, f32x4.sub(r2, grey2)));
      g2 = f32x4.add(grey2, f32x4.mul(f, f32x4.sub(g2, grey2)));
      b2 = f32x4.add(grey2, f32x4.mul(f, f32x4.sub(b2, grey2)));
      r3 = f32x4.add(grey3, f32x4.mul(f, f32x4.sub(r3, grey3)));
      g3 = f32x4.add(grey3, f32x4.mul(f, f32x4.sub(g3, grey3)));
      b3 = f32x4.add(grey3, f32x4.mul(f, f32x4.sub(b3, grey3)));
      const kr0 = f32x4.nearest(r0), kg0 = f32x4.nearest(g0), kb0 = f32x4.nearest(b0);
      const kr1 = f32x4.nearest(r1), kg1 = f32x4.nearest(g1), kb1 = f32x4.nearest(b1);
      const kr2 = f32x4.nearest(r2), kg2 = f32x4.nearest(g2), kb2 = f32x4.nearest(b2);
      const kr3 = f32x4.nearest(r3), kg3 = f32x4.nearest(g3), kb3 = f32x4.nearest(b3);
      near = nearHalf(r0, kr0, far, near);
      near = nearHalf(g0, kg0, far, near);
      near = nearHalf(b0, kb0, far, near);
      near = nearHalf(r1, kr1, far, near);
      near = nearHalf(g1, kg1, far, near);
      near = nearHalf(b1, kb1, far, near);
      near = nearHalf(r2, kr2, far, near);
      near = nearHalf(g2, kg2, far, near);
      near = nearHalf(b2, kb2, far, near);
      near = nearHalf(r3, kr3, far, near);
      near = nearHalf(g3, kg3, far, near);
      near = nearHalf(b3, kb3, far, near);
      const q = dst + <usize>px * 3;
      if (v128.any_true(near)) {
        saturateExact(p, q, 16, 3, factor);
        continue;
      }
      const oR = packLowBytes(wholeBytes(kr0), wholeBytes(kr1), wholeBytes(kr2), wholeBytes(kr3));
      const oG = packLowBytes(wholeBytes(kg0), wholeBytes(kg1), wholeBytes(kg2), wholeBytes(kg3));
      const oB = packLowBytes(wholeBytes(kb0), wholeBytes(kb1), wholeBytes(kb2), wholeBytes(kb3));
      // Interleave back: byte 3i + ch of the block is channel ch of pixel i.
      v128.store(q, i8x16.shuffle(i8x16.shuffle(oR, oG, 0, 16, 0, 1, 17, 0, 2, 18, 0, 3, 19, 0, 4, 20, 0, 5), oB, 0, 1, 16, 3, 4, 17, 6, 7, 18, 9, 10, 19, 12, 13, 20, 15));
      v128.store(q, i8x16.shuffle(i8x16.shuffle(oR, oG, 21, 0, 6, 22, 0, 7, 23, 0, 8, 24, 0, 9, 25, 0, 10, 26), oB, 0, 21, 2, 3, 22, 5, 6, 23, 8, 9, 24, 11, 12, 25, 14, 15), 16);
      v128.store(q, i8x16.shuffle(i8x16.shuffle(oR, oG, 0, 11, 27, 0, 12, 28, 0, 13, 29, 0, 14, 30, 0, 15, 31, 0), oB, 26, 1, 2, 27, 4, 5, 28, 7, 8, 29, 10, 11, 30, 13, 14, 31), 32);
    }
  }
  const at = <usize>px * channels;
  saturateExact(src + at, dst + at, pixels - px, channels, factor);
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
