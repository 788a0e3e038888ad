// Filter kernels on 8-bit images (src/pipeline/kernels/filters.ts is the JavaScript twin, and the
// reference these are tested against byte for byte). Pointers are byte offsets into this memory.

import { byteFloats0, byteFloats1, byteFloats2, byteFloats3, clampedByte, farthest, packBytes, roundLanes } from './bytes';

/** Largest |amount| of the float32 fast path (|y| stays far below 2^22). */
const FAST_MAX_AMOUNT = 100;

/**
 * Bound on |y - x|, y the float32 v + D * fround(amount / 13) with D = 9 v - (3x3 sum) exact
 * (|D| <= 2295), x the double result (u = 2^-24 per rounding): the product is within
 * 2u * 2295 / 13 |amount|, the sum adds u (255 + 2295 / 13 |amount|). Plus 10% and a millionth for
 * the doubles' own error and rounding the threshold to float32.
 */
function fastError(amount: f64): f64 {
  return 1.1 * (255 + 530 * abs(amount)) * 5.960464477539063e-8 + 1e-6;
}

/**
 * out = v + amount * (v - S / 13), S = 3x3 sum + 4 v (PIL's SMOOTH kernel), on the inner pixels of
 * an HWC image; border pixels are copied. Per row: column sums of three rows (16-bit), then 16
 * values at a time in float32 with a bound on its error: a group with a value near a rounding's
 * half-way point is redone in doubles, so every byte is the doubles' byte. `scratch` holds
 * 2 * width * channels bytes.
 */
export function sharpen(src: usize, dst: usize, width: i32, height: i32, channels: i32, amount: f64, scratch: usize): void {
  const row = width * channels;
  memory.copy(dst, src, <usize>(row * height));
  if (width < 3 || height < 3) return;
  const C = channels;
  const fast = abs(amount) <= FAST_MAX_AMOUNT;
  const c = f32x4.splat(<f32>(amount / 13));
  const far = f32x4.splat(<f32>(0.5 - fastError(amount)));
  const nine = i16x8.splat(9);
  for (let y = 1; y < height - 1; y++) {
    const mid = src + <usize>(y * row);
    const up = mid - row;
    const down = mid + row;
    const out = dst + <usize>(y * row);
    let i = 0;
    for (; i + 16 <= row; i += 16) {
      const a = v128.load(up + i);
      const b = v128.load(mid + i);
      const d = v128.load(down + i);
      const lo = i16x8.add(i16x8.add(i16x8.extend_low_i8x16_u(a), i16x8.extend_low_i8x16_u(b)), i16x8.extend_low_i8x16_u(d));
      const hi = i16x8.add(i16x8.add(i16x8.extend_high_i8x16_u(a), i16x8.extend_high_i8x16_u(b)), i16x8.extend_high_i8x16_u(d));
      v128.store(scratch + (<usize>i << 1), lo);
      v128.store(scratch + (<usize>i << 1), hi, 16);
    }
    for (; i < row; i++) store<u16>(scratch + (<usize>i << 1), <u16>load<u8>(up + i) + load<u8>(mid + i) + load<u8>(down + i));
    i = C;
    if (fast) {
      for (; i + 16 <= row - C; i += 16) {
        const left = scratch + (<usize>(i - C) << 1);
        const centre = scratch + (<usize>i << 1);
        const right = scratch + (<usize>(i + C) << 1);
        const hLo = i16x8.add(i16x8.add(v128.load(left), v128.load(centre)), v128.load(right));
        const hHi = i16x8.add(i16x8.add(v128.load(left, 16), v128.load(centre, 16)), v128.load(right, 16));
        const v = v128.load(mid + i);
        const dLo = i16x8.sub(i16x8.mul(i16x8.extend_low_i8x16_u(v), nine), hLo);
        const dHi = i16x8.sub(i16x8.mul(i16x8.extend_high_i8x16_u(v), nine), hHi);
        const y0 = f32x4.add(byteFloats0(v), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(dLo)), c));
        const y1 = f32x4.add(byteFloats1(v), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(dLo)), c));
        const y2 = f32x4.add(byteFloats2(v), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(dHi)), c));
        const y3 = f32x4.add(byteFloats3(v), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(dHi)), c));
        let dev = farthest(y0, f32x4.splat(0));
        dev = farthest(y1, dev);
        dev = farthest(y2, dev);
        dev = farthest(y3, dev);
        if (v128.any_true(f32x4.gt(dev, far))) sharpenExact(mid, out, scratch, i, i + 16, C, amount);
        else v128.store(out + i, packBytes(roundLanes(y0), roundLanes(y1), roundLanes(y2), roundLanes(y3)));
      }
    }
    sharpenExact(mid, out, scratch, i, row - C, C, amount);
  }
}

/** sharpen in doubles, as the twin computes it, for values from .. to - 1 of a row (cols: its column sums). */
function sharpenExact(mid: usize, out: usize, cols: usize, from: i32, to: i32, C: i32, amount: f64): void {
  for (let i = from; i < to; i++) {
    const v = <i32>load<u8>(mid + i);
    const h = <i32>load<u16>(cols + (<usize>(i - C) << 1)) + <i32>load<u16>(cols + (<usize>i << 1)) + <i32>load<u16>(cols + (<usize>(i + C) << 1));
    const smooth = <f64>(h + 4 * v) / 13;
    store<u8>(out + i, clampedByte(<f64>v + amount * (<f64>v - smooth)));
  }
}
