// Bilinear resampling of 8-bit images (src/pipeline/kernels/geometry.ts warpBilinearBytes is the
// JavaScript twin, and the reference this is tested against byte for byte): positions
// s = colX[x] + rowX with colX[x] = a * (x + 0.5), rowX = b * (y + 0.5) + c - 0.5; x0 = floor(s),
// weights from the fractions, and ((w00 * v00 + w01 * v01) + w10 * v10) + w11 * v11 in f64,
// stored as a Uint8ClampedArray stores (NaN to 0, clamped, rounded half to even).

import { borderIndex } from './warp';

/** The byte a Uint8ClampedArray stores for v. */
@inline function clampedByte(v: f64): u8 {
  return v != v ? 0 : <u8>(<i32>nearest(min(max(v, 0), 255)));
}

/** k * (x + 0.5) for x < width, as f64 at out (geometry.ts columnTerms). */
function columnTerms(k: f64, width: i32, out: usize): void {
  for (let x = 0; x < width; x++) store<f64>(out + (<usize>x << 3), k * (<f64>x + 0.5));
}

/** Tap value of channel k: the source byte at index i (>= 0), the fill (i == -1) or NaN (the twin's undefined, i == -2). */
@inline function tap(src: usize, i: i32, k: i32, fill: f64): f64 {
  return i >= 0 ? <f64>load<u8>(src + <usize>(i + k)) : i == -1 ? fill : NaN;
}

/** Source offset of tap (ix, iy) after the border rule: an offset, -1 for the fill, -2 for a NaN index. */
@inline function tapIndex(ix: f64, iy: f64, W: i32, C: i32): i32 {
  if (ix < 0 || iy < 0) return -1;
  if (ix != ix || iy != iy) return -2;
  return (<i32>iy * W + <i32>ix) * C;
}

/** One output pixel whose four taps are not all inside: the border rule per tap (the twin's slow paths). */
function borderPixel(src: usize, W: i32, H: i32, C: i32, sx: f64, sy: f64, p: usize, border: i32, fill: f64): void {
  // floor in a vector (the scalar form waits on its register's previous value in V8's code).
  const floors = f64x2.floor(f64x2.replace_lane(f64x2.splat(sx), 1, sy));
  const x0 = f64x2.extract_lane(floors, 0);
  const y0 = f64x2.extract_lane(floors, 1);
  const fx = sx - x0;
  const fy = sy - y0;
  const w00 = (1 - fx) * (1 - fy);
  const w01 = fx * (1 - fy);
  const w10 = (1 - fx) * fy;
  const w11 = fx * fy;
  const ix0 = borderIndex(x0, W, border);
  const ix1 = borderIndex(x0 + 1, W, border);
  const iy0 = borderIndex(y0, H, border);
  const iy1 = borderIndex(y0 + 1, H, border);
  const q00 = tapIndex(ix0, iy0, W, C);
  const q01 = tapIndex(ix1, iy0, W, C);
  const q10 = tapIndex(ix0, iy1, W, C);
  const q11 = tapIndex(ix1, iy1, W, C);
  for (let k = 0; k < C; k++) {
    const v = w00 * tap(src, q00, k, fill) + w01 * tap(src, q01, k, fill) + w10 * tap(src, q10, k, fill) + w11 * tap(src, q11, k, fill);
    store<u8>(p + k, clampedByte(v));
  }
}

/** True when the four taps of position (sx, sy) are inside the W x H frame (the twin's fast path). */
@inline function tapsInside(sx: f64, sy: f64, W: i32, H: i32): bool {
  const floors = f64x2.floor(f64x2.replace_lane(f64x2.splat(sx), 1, sy));
  const x0 = f64x2.extract_lane(floors, 0);
  const y0 = f64x2.extract_lane(floors, 1);
  return x0 >= 0 && y0 >= 0 && x0 + 1 < <f64>W && y0 + 1 < <f64>H;
}

/**
 * warpBilinearBytes: src W x H x C, dst width x height x C, m = [a..f] the inverse map, `cols`
 * 16 * width bytes of scratch, fill the number the twin blends in (not clamped first). The
 * fast-path pixels of a row are one run (floor(s) is monotone in x), found by scanning in from
 * both ends with the exact test; in it, red and green go in f64x2 lanes (each lane the scalar sum).
 */
export function warpBilinear(src: usize, W: i32, H: i32, C: i32, a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, dst: usize, width: i32, height: i32, border: i32, fill: f64, cols: usize): void {
  const colX = cols;
  const colY = cols + (<usize>width << 3);
  columnTerms(a, width, colX);
  columnTerms(d, width, colY);
  const rowBytes = <usize>(width * C);
  const stride = <usize>(W * C);
  const one = f64x2.splat(1);
  const magic = f64x2.splat(4503599627370496);
  for (let y = 0; y < height; y++) {
    const yc = <f64>y + 0.5;
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    const out = dst + <usize>y * rowBytes;
    let x0 = 0;
    for (; x0 < width; x0++) {
      const sx = load<f64>(colX + (<usize>x0 << 3)) + rowX;
      const sy = load<f64>(colY + (<usize>x0 << 3)) + rowY;
      if (tapsInside(sx, sy, W, H)) break;
      borderPixel(src, W, H, C, sx, sy, out + <usize>(x0 * C), border, fill);
    }
    let x1 = width;
    for (; x1 > x0; x1--) {
      const sx = load<f64>(colX + (<usize>(x1 - 1) << 3)) + rowX;
      const sy = load<f64>(colY + (<usize>(x1 - 1) << 3)) + rowY;
      if (tapsInside(sx, sy, W, H)) break;
      borderPixel(src, W, H, C, sx, sy, out + <usize>((x1 - 1) * C), border, fill);
    }
    let x = x0;
    if (C == 3) {
      // The scalar arithmetic in both lanes of f64x2 (so the weights come splatted for rgbPixel);
      // x0, y0 from the low 32 bits after adding 2^52.
      const rowXv = f64x2.splat(rowX);
      const rowYv = f64x2.splat(rowY);
      for (; x < x1; x++) {
        const sx = f64x2.add(v128.load64_splat(colX + (<usize>x << 3)), rowXv);
        const sy = f64x2.add(v128.load64_splat(colY + (<usize>x << 3)), rowYv);
        const fx0 = f64x2.floor(sx);
        const fy0 = f64x2.floor(sy);
        const fx = f64x2.sub(sx, fx0);
        const fy = f64x2.sub(sy, fy0);
        const gx = f64x2.sub(one, fx);
        const gy = f64x2.sub(one, fy);
        const ix = i32x4.extract_lane(f64x2.add(fx0, magic), 0);
        const iy = i32x4.extract_lane(f64x2.add(fy0, magic), 0);
        rgbPixel(src + <usize>(iy * W * 3 + ix * 3), stride, f64x2.mul(gx, gy), f64x2.mul(fx, gy), f64x2.mul(gx, fy), f64x2.mul(fx, fy), out + <usize>(x * 3));
      }
    }
    for (; x < x1; x++) {
      const sx = load<f64>(colX + (<usize>x << 3)) + rowX;
      const sy = load<f64>(colY + (<usize>x << 3)) + rowY;
      const fx0 = Math.floor(sx);
      const fy0 = Math.floor(sy);
      const fx = sx - fx0;
      const fy = sy - fy0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const q00 = src + <usize>(<i32>fy0) * stride + <usize>(<i32>fx0 * C);
      const q10 = q00 + stride;
      const p = out + <usize>(x * C);
      if (C == 3) {
        rgbPixel(q00, stride, f64x2.splat(w00), f64x2.splat(w01), f64x2.splat(w10), f64x2.splat(w11), p);
      } else {
        const C2 = <usize>C;
        for (let k: usize = 0; k < C2; k++) {
          const v = w00 * <f64>load<u8>(q00 + k) + w01 * <f64>load<u8>(q00 + C2 + k) + w10 * <f64>load<u8>(q10 + k) + w11 * <f64>load<u8>(q10 + C2 + k);
          store<u8>(p + k, clampedByte(v));
        }
      }
    }
  }
}

/**
 * One RGB pixel from the taps at q00 (row stride `stride`) with the weights splatted: red, green
 * in one f64x2 and blue (with a fourth byte that is dropped) in another, each lane the scalar sum;
 * then clamped and rounded half to even by adding 2^52 (no NaN here: finite weights in [0, 1] and
 * bytes), whose low 32 bits are then the byte.
 */
@inline function rgbPixel(q00: usize, stride: usize, v00: v128, v01: v128, v10: v128, v11: v128, p: usize): void {
  rgbTaps(q00, q00 + 3, q00 + stride, q00 + stride + 3, v00, v01, v10, v11, p);
}

/** rgbPixel with the four taps anywhere. */
@inline function rgbTaps(q00: usize, q01: usize, q10: usize, q11: usize, v00: v128, v01: v128, v10: v128, v11: v128, p: usize): void {
  // Bytes to f64 without conversions: each byte moved to the bottom of a 64-bit lane, the bits
  // of 2^52 put above it, 2^52 subtracted.
  const rgMask = i8x16(0, -1, -1, -1, -1, -1, -1, -1, 1, -1, -1, -1, -1, -1, -1, -1);
  const bMask = i8x16(2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
  const bits = i64x2.splat(0x4330000000000000);
  const magic = f64x2.splat(4503599627370496);
  const t00 = v128.load32_zero(q00);
  const t01 = v128.load32_zero(q01);
  const t10 = v128.load32_zero(q10);
  const t11 = v128.load32_zero(q11);
  const lo = f64x2.add(
    f64x2.add(
      f64x2.add(f64x2.mul(v00, f64x2.sub(v128.or(i8x16.swizzle(t00, rgMask), bits), magic)), f64x2.mul(v01, f64x2.sub(v128.or(i8x16.swizzle(t01, rgMask), bits), magic))),
      f64x2.mul(v10, f64x2.sub(v128.or(i8x16.swizzle(t10, rgMask), bits), magic)),
    ),
    f64x2.mul(v11, f64x2.sub(v128.or(i8x16.swizzle(t11, rgMask), bits), magic)),
  );
  const hi = f64x2.add(
    f64x2.add(
      f64x2.add(f64x2.mul(v00, f64x2.sub(v128.or(i8x16.swizzle(t00, bMask), bits), magic)), f64x2.mul(v01, f64x2.sub(v128.or(i8x16.swizzle(t01, bMask), bits), magic))),
      f64x2.mul(v10, f64x2.sub(v128.or(i8x16.swizzle(t10, bMask), bits), magic)),
    ),
    f64x2.mul(v11, f64x2.sub(v128.or(i8x16.swizzle(t11, bMask), bits), magic)),
  );
  const zero = f64x2.splat(0);
  const top = f64x2.splat(255);
  const rLo = f64x2.add(f64x2.pmin(f64x2.pmax(lo, zero), top), magic);
  const rHi = f64x2.add(f64x2.pmin(f64x2.pmax(hi, zero), top), magic);
  store<u8>(p, <u8>i32x4.extract_lane(rLo, 0));
  store<u8>(p, <u8>i32x4.extract_lane(rLo, 2), 1);
  store<u8>(p, <u8>i32x4.extract_lane(rHi, 0), 2);
}

/** A tap's column (or row) through the border rule and the table: the entry, -1 for the fill, or NaN's mark. */
const NAN_TAP: i32 = 0x7fffffff;
@inline function tableTap(i: f64, n: i32, border: i32, table: usize): i32 {
  if (i >= 0 && i < <f64>n) return load<i32>(table + (<usize>(<i32>i) << 2));
  const j = borderIndex(i, n, border);
  if (j < 0) return -1;
  if (j != j) return NAN_TAP;
  return load<i32>(table + (<usize>(<i32>j) << 2));
}

/**
 * chainTables.ts bilinearRgbByTables: a bilinear step (matrix a..f, input frame inW x inH) whose
 * input columns and rows go through the tables inX, inY (i32: source column / row, negative for
 * an earlier step's fill) onto an RGB source W wide. Pixels with a negative tap are left to the
 * caller: their indices go to `edges` (i32) and the count is returned. A tap index that is NaN in
 * the twin counts as 0 in its sign test, and such pixels (non-finite positions) store 0.
 */
export function bilinearByTables(src: usize, W: i32, dst: usize, width: i32, height: i32, a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, inX: usize, inY: usize, inW: i32, inH: i32, border: i32, cols: usize, edges: usize): i32 {
  const colX = cols;
  const colY = cols + (<usize>width << 3);
  columnTerms(a, width, colX);
  columnTerms(d, width, colY);
  const stride = <usize>(W * 3);
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const magic = f64x2.splat(4503599627370496);
  const lastX = f64x2.splat(<f64>inW - 1);
  const lastY = f64x2.splat(<f64>inH - 1);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const yc = <f64>y + 0.5;
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    const rowXv = f64x2.splat(rowX);
    const rowYv = f64x2.splat(rowY);
    const out = dst + <usize>(y * width * 3);
    let x = 0;
    // Two pixels at a time when both have x0, y0 with x0 + 1 < inW, y0 + 1 < inH (the twin's
    // table branch; x0 + 1 < inW is x0 < inW - 1 for whole numbers): positions, floors and weights
    // in f64x2 lanes, x0 and y0 from the low 32 bits after adding 2^52.
    for (; x + 2 <= width; x += 2) {
      const sx = f64x2.add(v128.load(colX + (<usize>x << 3)), rowXv);
      const sy = f64x2.add(v128.load(colY + (<usize>x << 3)), rowYv);
      const fx0 = f64x2.floor(sx);
      const fy0 = f64x2.floor(sy);
      const inside = v128.and(v128.and(f64x2.ge(fx0, zero), f64x2.lt(fx0, lastX)), v128.and(f64x2.ge(fy0, zero), f64x2.lt(fy0, lastY)));
      if (!i64x2.all_true(inside)) {
        count = tablePixel(src, stride, out, x, y, width, sx, sy, inX, inY, inW, inH, border, edges, count);
        count = tablePixel(src, stride, out, x + 1, y, width, sx, sy, inX, inY, inW, inH, border, edges, count);
        continue;
      }
      const ixy = i32x4.shuffle(f64x2.add(fx0, magic), f64x2.add(fy0, magic), 0, 2, 4, 6);
      const fx = f64x2.sub(sx, fx0);
      const fy = f64x2.sub(sy, fy0);
      const gx = f64x2.sub(one, fx);
      const gy = f64x2.sub(one, fy);
      const w00 = f64x2.mul(gx, gy);
      const w01 = f64x2.mul(fx, gy);
      const w10 = f64x2.mul(gx, fy);
      const w11 = f64x2.mul(fx, fy);
      for (let j = 0; j < 2; j++) {
        const tx = inX + (<usize>(j == 0 ? i32x4.extract_lane(ixy, 0) : i32x4.extract_lane(ixy, 1)) << 2);
        const ty = inY + (<usize>(j == 0 ? i32x4.extract_lane(ixy, 2) : i32x4.extract_lane(ixy, 3)) << 2);
        const cx0 = load<i32>(tx);
        const cx1 = load<i32>(tx, 4);
        const cy0 = load<i32>(ty);
        const cy1 = load<i32>(ty, 4);
        if ((cx0 | cx1 | cy0 | cy1) < 0) {
          store<i32>(edges + (<usize>count << 2), y * width + x + j);
          count++;
          continue;
        }
        const r0 = src + <usize>cy0 * stride;
        const r1 = src + <usize>cy1 * stride;
        const v00 = j == 0 ? f64x2.shuffle(w00, w00, 0, 0) : f64x2.shuffle(w00, w00, 1, 1);
        const v01 = j == 0 ? f64x2.shuffle(w01, w01, 0, 0) : f64x2.shuffle(w01, w01, 1, 1);
        const v10 = j == 0 ? f64x2.shuffle(w10, w10, 0, 0) : f64x2.shuffle(w10, w10, 1, 1);
        const v11 = j == 0 ? f64x2.shuffle(w11, w11, 0, 0) : f64x2.shuffle(w11, w11, 1, 1);
        rgbTaps(r0 + <usize>(cx0 * 3), r0 + <usize>(cx1 * 3), r1 + <usize>(cx0 * 3), r1 + <usize>(cx1 * 3), v00, v01, v10, v11, out + <usize>((x + j) * 3));
      }
    }
    if (x < width) {
      const sx = f64x2.splat(load<f64>(colX + (<usize>x << 3)) + rowX);
      const sy = f64x2.splat(load<f64>(colY + (<usize>x << 3)) + rowY);
      count = tablePixel(src, stride, out, x, y, width, sx, sy, inX, inY, inW, inH, border, edges, count);
    }
  }
  return count;
}

/**
 * One pixel of bilinearByTables with every rule (positions in lane x & 1 of sx, sy): taps through
 * the border rule and the tables; a negative tap sends the pixel to `edges`. Returns the new count.
 */
function tablePixel(src: usize, stride: usize, out: usize, x: i32, y: i32, width: i32, sxv: v128, syv: v128, inX: usize, inY: usize, inW: i32, inH: i32, border: i32, edges: usize, count: i32): i32 {
  const sx = x & 1 ? f64x2.extract_lane(sxv, 1) : f64x2.extract_lane(sxv, 0);
  const sy = x & 1 ? f64x2.extract_lane(syv, 1) : f64x2.extract_lane(syv, 0);
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const cx0 = tableTap(x0, inW, border, inX);
  const cx1 = tableTap(x0 + 1, inW, border, inX);
  const cy0 = tableTap(y0, inH, border, inY);
  const cy1 = tableTap(y0 + 1, inH, border, inY);
  if ((cx0 | cx1 | cy0 | cy1) < 0) {
    store<i32>(edges + (<usize>count << 2), y * width + x);
    return count + 1;
  }
  const p = out + <usize>(x * 3);
  const fx = sx - x0;
  const fy = sy - y0;
  if (fx != fx || fy != fy || cx0 == NAN_TAP || cx1 == NAN_TAP || cy0 == NAN_TAP || cy1 == NAN_TAP) {
    // NaN weights or taps: the twin's sums are NaN, stored as 0.
    store<u16>(p, 0);
    store<u8>(p, 0, 2);
    return count;
  }
  const w00 = (1 - fx) * (1 - fy);
  const w01 = fx * (1 - fy);
  const w10 = (1 - fx) * fy;
  const w11 = fx * fy;
  const r0 = src + <usize>cy0 * stride;
  const r1 = src + <usize>cy1 * stride;
  rgbTaps(r0 + <usize>(cx0 * 3), r0 + <usize>(cx1 * 3), r1 + <usize>(cx0 * 3), r1 + <usize>(cx1 * 3), f64x2.splat(w00), f64x2.splat(w01), f64x2.splat(w10), f64x2.splat(w11), p);
  return count;
}
