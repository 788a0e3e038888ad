// Two-step geometric chains on 8-bit images (src/pipeline/kernels/chain.ts warpIndexPair and
// chainTables.ts warpChainByTables' index-only loop are the JavaScript twins, and the reference
// these are tested against byte for byte). Pointers are byte offsets into memory.

import { BORDER_CONSTANT, borderIndex } from './warp';

/** k * (x + 0.5) for x < n, as f64 at out (geometry.ts columnTerms). */
function columnTerms(k: f64, n: i32, out: usize): void {
  for (let x = 0; x < n; x++) store<f64>(out + (<usize>x << 3), k * (<f64>x + 0.5));
}

/** k * (y + 0.5) + c - 0.5 for y < n, as f64 at out (the row part of posX/posY). */
function rowTerms(k: f64, c: f64, n: i32, out: usize): void {
  for (let y = 0; y < n; y++) store<f64>(out + (<usize>y << 3), k * (<f64>y + 0.5) + c - 0.5);
}

/** Writes C bytes of `value` at p. */
@inline function fillPixel(p: usize, C: i32, value: u8): void {
  for (let k = 0; k < C; k++) store<u8>(p + k, value);
}

/**
 * Out pixel (x, y) = src pixel (tx[x], ty[y]) of a W-wide image: warpChainByTables without a
 * bilinear step. Entries -(k + 1) mean "fill of step k" (fills: one byte per step); a pixel whose
 * column and row both fall out takes the later step's fill, as fillOf does.
 */
export function gatherByTables(src: usize, W: i32, C: i32, tx: usize, ty: usize, width: i32, height: i32, fills: usize, dst: usize): void {
  let p = dst;
  for (let y = 0; y < height; y++) {
    const cy = load<i32>(ty + (<usize>y << 2));
    if (cy < 0) {
      for (let x = 0; x < width; x++, p += C) {
        const cx = load<i32>(tx + (<usize>x << 2));
        fillPixel(p, C, load<u8>(fills + <usize>max(cx < 0 ? -cx - 1 : -1, -cy - 1)));
      }
      continue;
    }
    const row = src + <usize>(cy * W * C);
    if (C == 3) {
      // 4-byte copies: each one's fourth byte is the next pixel's first, written after it (dst and
      // src have 4 spare bytes at the end).
      for (let x = 0; x < width; x++, p += 3) {
        const cx = load<i32>(tx + (<usize>x << 2));
        if (cx >= 0) store<u32>(p, load<u32>(row + <usize>(cx * 3)));
        else store<u32>(p, <u32>load<u8>(fills + <usize>(-cx - 1)) * 0x01010101);
      }
      continue;
    }
    for (let x = 0; x < width; x++, p += C) {
      const cx = load<i32>(tx + (<usize>x << 2));
      if (cx >= 0) {
        const q = row + <usize>(cx * C);
        for (let k = 0; k < C; k++) store<u8>(p + k, load<u8>(q + k));
      } else fillPixel(p, C, load<u8>(fills + <usize>(-cx - 1)));
    }
  }
}

// One call's frames, tables and steps (set by warpPair for pairPixel).
let inW: i32 = 0;
let inH: i32 = 0;
let midW: i32 = 0;
let midH: i32 = 0;
let pxC: i32 = 0;
let colA: usize = 0;
let colB: usize = 0;
let rowA: usize = 0;
let rowB: usize = 0;
let firstBorder: i32 = 0;
let secondBorder: i32 = 0;
let firstFill: u8 = 0;
let secondFill: u8 = 0;

/**
 * One output pixel of warpPair at p, from its second-step position (tx, ty) (t = col + row + 0.5),
 * with every border rule. A NaN index of the second step (reflect of an infinite position) makes
 * the twin's first-step position NaN: its fill under a constant border, else source pixel 0 (the
 * twin's Int32Array stores NaN as 0); a NaN index of the first step is source pixel 0 as well.
 */
function pairPixel(src: usize, p: usize, tx: f64, ty: f64): void {
  const C = pxC;
  let ux: f64;
  let uy: f64;
  if (tx >= 0 && tx < <f64>midW && ty >= 0 && ty < <f64>midH) {
    const mx = <usize>(<i32>tx);
    const my = <usize>(<i32>ty);
    ux = load<f64>(colA + (mx << 3)) + load<f64>(rowA + (my << 3)) + 0.5;
    uy = load<f64>(colB + (mx << 3)) + load<f64>(rowB + (my << 3)) + 0.5;
  } else {
    if (secondBorder == BORDER_CONSTANT) return fillPixel(p, C, secondFill);
    const mx = borderIndex(Math.floor(tx), midW, secondBorder);
    const my = borderIndex(Math.floor(ty), midH, secondBorder);
    if (mx < 0 || my < 0) return fillPixel(p, C, secondFill);
    if (mx != mx || my != my) {
      ux = NaN;
      uy = NaN;
    } else {
      ux = load<f64>(colA + (<usize>(<i32>mx) << 3)) + load<f64>(rowA + (<usize>(<i32>my) << 3)) + 0.5;
      uy = load<f64>(colB + (<usize>(<i32>mx) << 3)) + load<f64>(rowB + (<usize>(<i32>my) << 3)) + 0.5;
    }
  }
  let q: usize;
  if (ux >= 0 && ux < <f64>inW && uy >= 0 && uy < <f64>inH) {
    q = src + <usize>((<i32>uy * inW + <i32>ux) * C);
  } else {
    if (firstBorder == BORDER_CONSTANT) return fillPixel(p, C, firstFill);
    const ix = borderIndex(Math.floor(ux), inW, firstBorder);
    const iy = borderIndex(Math.floor(uy), inH, firstBorder);
    if (ix < 0 || iy < 0) return fillPixel(p, C, firstFill);
    q = ix != ix || iy != iy ? src : src + <usize>((<i32>iy * inW + <i32>ix) * C);
  }
  for (let k = 0; k < C; k++) store<u8>(p + k, load<u8>(q + k));
}

/** f64x2 of the f64s at base + 8 * lane 0 and base + 8 * lane 1 of the i32x4 `at`. */
@inline function gatherLo(base: usize, at: v128): v128 {
  const lo = v128.load64_zero(base + (<usize>i32x4.extract_lane(at, 0) << 3));
  return v128.load64_lane(base + (<usize>i32x4.extract_lane(at, 1) << 3), lo, 1);
}

/** f64x2 of the f64s at base + 8 * lane 2 and base + 8 * lane 3 of the i32x4 `at`. */
@inline function gatherHi(base: usize, at: v128): v128 {
  const lo = v128.load64_zero(base + (<usize>i32x4.extract_lane(at, 2) << 3));
  return v128.load64_lane(base + (<usize>i32x4.extract_lane(at, 3) << 3), lo, 1);
}

/**
 * warpIndexPair: two nearest steps, `first` (matrix f, input inW x inH, onto a midW x midH frame)
 * then `second` (matrix m, onto width x height). Each output pixel is followed back through both
 * steps with the twin's arithmetic; the source pixel or a step's fill is copied at once (the twin
 * records offsets, then gathers: the same bytes). Scratch: 16 * (width + midW + midH) bytes.
 * Per row, the pixels inside the second step's frame are one run (as in warpNearest); four of
 * them at a time are followed back in f64x2 lanes, and copied at once when all four land inside
 * the first step's frame (else pixel by pixel).
 */
export function warpPair(src: usize, srcW: i32, srcH: i32, C: i32, f0: f64, f1: f64, f2: f64, f3: f64, f4: f64, f5: f64, border1: i32, fill1: u8, mW: i32, mH: i32, m0: f64, m1: f64, m2: f64, m3: f64, m4: f64, m5: f64, border2: i32, fill2: u8, dst: usize, width: i32, height: i32, scratch: usize): void {
  inW = srcW;
  inH = srcH;
  midW = mW;
  midH = mH;
  pxC = C;
  firstBorder = border1;
  secondBorder = border2;
  firstFill = fill1;
  secondFill = fill2;
  const colX = scratch;
  const colY = colX + (<usize>width << 3);
  colA = colY + (<usize>width << 3);
  colB = colA + (<usize>mW << 3);
  rowA = colB + (<usize>mW << 3);
  rowB = rowA + (<usize>mH << 3);
  columnTerms(m0, width, colX);
  columnTerms(m3, width, colY);
  columnTerms(f0, mW, colA);
  columnTerms(f3, mW, colB);
  rowTerms(f1, f2, mH, rowA);
  rowTerms(f4, f5, mH, rowB);
  const midWf = <f64>mW;
  const midHf = <f64>mH;
  const half = f64x2.splat(0.5);
  const zero = f64x2.splat(0);
  const inWv = f64x2.splat(<f64>srcW);
  const inHv = f64x2.splat(<f64>srcH);
  const srcWv = f64x2.splat(<f64>srcW);
  const Cv = f64x2.splat(<f64>C);
  const magic = f64x2.splat(4503599627370496);
  const rowBytes = <usize>(width * C);
  for (let y = 0; y < height; y++) {
    const yc = <f64>y + 0.5;
    const rowX = m1 * yc + m2 - 0.5;
    const rowY = m4 * yc + m5 - 0.5;
    const out = dst + <usize>y * rowBytes;
    let x0 = 0;
    for (; x0 < width; x0++) {
      const tx = load<f64>(colX + (<usize>x0 << 3)) + rowX + 0.5;
      const ty = load<f64>(colY + (<usize>x0 << 3)) + rowY + 0.5;
      if (tx >= 0 && tx < midWf && ty >= 0 && ty < midHf) break;
      pairPixel(src, out + <usize>(x0 * C), tx, ty);
    }
    let x1 = width;
    for (; x1 > x0; x1--) {
      const tx = load<f64>(colX + (<usize>(x1 - 1) << 3)) + rowX + 0.5;
      const ty = load<f64>(colY + (<usize>(x1 - 1) << 3)) + rowY + 0.5;
      if (tx >= 0 && tx < midWf && ty >= 0 && ty < midHf) break;
      pairPixel(src, out + <usize>((x1 - 1) * C), tx, ty);
    }
    const rowXv = f64x2.splat(rowX);
    const rowYv = f64x2.splat(rowY);
    let x = x0;
    // Four pixels whose second-step positions are inside (so their mid indices are truncations);
    // for RGB not the run's last pixel (its 4-byte copy would reach the pixel after the run).
    const end = C == 3 ? x1 - 1 : x1;
    for (; x + 4 <= end; x += 4) {
      const px = colX + (<usize>x << 3);
      const py = colY + (<usize>x << 3);
      // Inside the second frame truncation is floor; the whole numbers are read from the low 32
      // bits after adding 2^52.
      const mx = i32x4.shuffle(
        f64x2.add(f64x2.floor(f64x2.add(f64x2.add(v128.load(px), rowXv), half)), magic),
        f64x2.add(f64x2.floor(f64x2.add(f64x2.add(v128.load(px, 16), rowXv), half)), magic),
        0, 2, 4, 6,
      );
      const my = i32x4.shuffle(
        f64x2.add(f64x2.floor(f64x2.add(f64x2.add(v128.load(py), rowYv), half)), magic),
        f64x2.add(f64x2.floor(f64x2.add(f64x2.add(v128.load(py, 16), rowYv), half)), magic),
        0, 2, 4, 6,
      );
      const ux01 = f64x2.add(f64x2.add(gatherLo(colA, mx), gatherLo(rowA, my)), half);
      const ux23 = f64x2.add(f64x2.add(gatherHi(colA, mx), gatherHi(rowA, my)), half);
      const uy01 = f64x2.add(f64x2.add(gatherLo(colB, mx), gatherLo(rowB, my)), half);
      const uy23 = f64x2.add(f64x2.add(gatherHi(colB, mx), gatherHi(rowB, my)), half);
      const inside01 = v128.and(v128.and(f64x2.ge(ux01, zero), f64x2.lt(ux01, inWv)), v128.and(f64x2.ge(uy01, zero), f64x2.lt(uy01, inHv)));
      const inside23 = v128.and(v128.and(f64x2.ge(ux23, zero), f64x2.lt(ux23, inWv)), v128.and(f64x2.ge(uy23, zero), f64x2.lt(uy23, inHv)));
      const p = out + <usize>(x * C);
      const mask = i64x2.bitmask(inside01) | (i64x2.bitmask(inside23) << 2);
      if (mask != 15 && (firstBorder != BORDER_CONSTANT || C != 3)) {
        for (let k = 0; k < 4; k++) {
          const tx = load<f64>(px + (<usize>k << 3)) + rowX + 0.5;
          const ty = load<f64>(py + (<usize>k << 3)) + rowY + 0.5;
          pairPixel(src, p + <usize>(k * C), tx, ty);
        }
        continue;
      }
      // Lanes inside the first frame: (floor(uy) * inW + floor(ux)) * C, whole numbers in f64 (the
      // other lanes are not read).
      const at01 = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.floor(uy01), srcWv), f64x2.floor(ux01)), Cv), magic);
      const at23 = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.floor(uy23), srcWv), f64x2.floor(ux23)), Cv), magic);
      const at = i32x4.shuffle(at01, at23, 0, 2, 4, 6);
      if (C == 3) {
        // 4-byte copies: the fourth byte is the next pixel's first, written after it (dst and src
        // have 4 spare bytes at the end). Lanes outside the first frame (constant border) take its fill.
        if (mask == 15) {
          store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 0)));
          store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 1)), 3);
          store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 2)), 6);
          store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 3)), 9);
        } else {
          const fill = <u32>firstFill * 0x01010101;
          store<u32>(p, mask & 1 ? load<u32>(src + <usize>i32x4.extract_lane(at, 0)) : fill);
          store<u32>(p, mask & 2 ? load<u32>(src + <usize>i32x4.extract_lane(at, 1)) : fill, 3);
          store<u32>(p, mask & 4 ? load<u32>(src + <usize>i32x4.extract_lane(at, 2)) : fill, 6);
          store<u32>(p, mask & 8 ? load<u32>(src + <usize>i32x4.extract_lane(at, 3)) : fill, 9);
        }
      } else {
        for (let k = 0; k < 4; k++) {
          const q = src + <usize>(k == 0 ? i32x4.extract_lane(at, 0) : k == 1 ? i32x4.extract_lane(at, 1) : k == 2 ? i32x4.extract_lane(at, 2) : i32x4.extract_lane(at, 3));
          for (let j = 0; j < C; j++) store<u8>(p + <usize>(k * C + j), load<u8>(q + j));
        }
      }
    }
    for (; x < x1; x++) {
      const tx = load<f64>(colX + (<usize>x << 3)) + rowX + 0.5;
      const ty = load<f64>(colY + (<usize>x << 3)) + rowY + 0.5;
      pairPixel(src, out + <usize>(x * C), tx, ty);
    }
  }
}
