// Shared steps of the 8-bit kernels in wasm/colour.ts and wasm/filters.ts: the store into a
// Uint8ClampedArray (exact, from a double), and the fast path's float32 rounding with its check.

/** What storing x into a Uint8ClampedArray stores: NaN 0, clamped to [0, 255], round half to even. */
@inline export function clampedByte(x: f64): u8 {
  const k = nearest(x);
  // Clamping after rounding equals rounding after clamping here: 0 and 255 are whole numbers.
  return k > 0 ? (k < 255 ? <u8>k : 255) : 0;
}

/** 1.5 * 2^23: y + MAGIC rounds y to a whole number (half to even) for |y| < 2^22. */
const MAGIC: f32 = 12582912;
/** MAGIC's bits: the sum's bits less these are the whole number as an i32. */
const MAGIC_BITS: i32 = 0x4b400000;

/** Float32 lanes y (|y| < 2^22) rounded half to even, as i32 lanes. */
@inline export function roundLanes(y: v128): v128 {
  const t = f32x4.add(y, f32x4.splat(MAGIC));
  return i32x4.sub(t, i32x4.splat(MAGIC_BITS));
}

/**
 * max(dev, |y - nearest(y)|) per lane. The kernels' float32 y approximate exact double results:
 * where dev comes within y's error bound of 0.5, the error could change the rounding, and the
 * caller redoes those values in doubles.
 */
@inline export function farthest(y: v128, dev: v128): v128 {
  const k = f32x4.sub(f32x4.add(y, f32x4.splat(MAGIC)), f32x4.splat(MAGIC));
  return f32x4.pmax(dev, f32x4.abs(f32x4.sub(y, k)));
}

/** Four vectors of i32 lanes as bytes, in order, each clamped to [0, 255]. */
@inline export function packBytes(q0: v128, q1: v128, q2: v128, q3: v128): v128 {
  return i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(q0, q1), i16x8.narrow_i32x4_s(q2, q3));
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
