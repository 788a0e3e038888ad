// Shared steps of the 8-bit kernels in wasm/colour.ts and wasm/filters.ts: the store into a
// Uint8ClampedArray (exact, from a double), and the fast path's float32 rounding with its check.

/** What storing x into a Uint8ClampedArray stores: NaN 0, clamped to [0, 255], round half to even. */
@inline export function clampedByte(x: f64): u8 {
  const k = nearest(x);
  // Clamping after rounding equals rounding after clamping here: 0 and 255 are whole numbers.
  return k > 0 ? (k < 255 ? <u8>k : 255) : 0;
}

/** 1.5 * 2^23: added to a whole float32 in [0, 255], leaves it in the low byte of the sum's bits. */
const MAGIC: f32 = 12582912;

/**
 * Float32 approximations y of the exact double results, and k = nearest(y): `near` gains the lanes
 * where y lies more than `far` (0.5 less the bound on y's error) from k, so near a half-way point
 * where y's error could change the rounding. Elsewhere k is the exact result's rounding.
 */
@inline export function nearHalf(y: v128, k: v128, far: v128, near: v128): v128 {
  return v128.or(near, f32x4.gt(f32x4.abs(f32x4.sub(y, k)), far));
}

/** Whole numbers k clamped to [0, 255], as bytes in each lane's low byte. */
@inline export function wholeBytes(k: v128): v128 {
  return f32x4.add(f32x4.pmin(f32x4.pmax(k, f32x4.splat(0)), f32x4.splat(255)), f32x4.splat(MAGIC));
}

/** The low bytes of four f32x4 lanes vectors, in order. */
@inline export function packLowBytes(q0: v128, q1: v128, q2: v128, q3: v128): v128 {
  const a = i8x16.shuffle(q0, q1, 0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0);
  const b = i8x16.shuffle(q2, q3, 0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0);
  return i8x16.shuffle(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
}

/** Four f32x4 of the 16 bytes of v (unsigned). */
@inline export function byteFloats0(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v)));
}
@inline export function byteFloats1(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(i16x8.extend_low_i8x16_u(v)));
}
@inline export function byteFloats2(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(i16x8.extend_high_i8x16_u(v)));
}
@inline export function byteFloats3(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(i16x8.extend_high_i8x16_u(v)));
}
