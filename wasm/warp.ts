// Nearest resampling of 8-bit images (src/pipeline/kernels/geometry.ts warpNearestBytes and
// chain.ts warpIndexPair are the JavaScript twins, and the reference these are tested against byte
// for byte). Positions use the twins' f64 arithmetic in the same order: colX[x] = a * (x + 0.5),
// rowX = b * (y + 0.5) + c - 0.5, t = colX[x] + rowX + 0.5; inside when 0 <= t < n (the index is
// then the truncation), else the border rule on floor(t). Pointers are byte offsets into memory.

export const BORDER_CONSTANT = 0;
export const BORDER_REFLECT = 1;
export const BORDER_EDGE = 2;

/**
 * geometry.ts borderIndex in f64, with JavaScript's results for any double: the index, -1 for
 * "use the fill", or NaN (from NaN or infinite positions under reflect), which the twins store as 0.
 */
@inline export function borderIndex(i: f64, n: i32, border: i32): f64 {
  const nf = <f64>n;
  if (i >= 0 && i < nf) return i;
  if (border == BORDER_REFLECT) {
    if (n == 1) return 0;
    if (i < 0 && i > -nf) return -i;
    if (i >= nf && i < 2 * nf - 1) return 2 * nf - 2 - i;
    const period = 2 * nf - 2;
    let k = i % period;
    if (k < 0) k += period;
    return k < nf ? k : period - k;
  }
  if (border == BORDER_EDGE) return i < 0 ? 0 : i >= nf ? nf - 1 : i;
  return -1;
}

/** Writes C bytes of `value` at p. */
@inline function fillPixel(p: usize, C: i32, value: u8): void {
  for (let k = 0; k < C; k++) store<u8>(p + k, value);
}

/**
 * The source pixel (byte offset from src) for a position outside the frame under a reflect or edge
 * border, -1 for the fill, or -2 for the twins' NaN index (stored as 0).
 */
@inline function outsideIndex(tx: f64, ty: f64, W: i32, H: i32, C: i32, border: i32): i32 {
  if (border == BORDER_CONSTANT) return -1;
  const ix = borderIndex(Math.floor(tx), W, border);
  const iy = borderIndex(Math.floor(ty), H, border);
  if (ix < 0 || iy < 0) return -1;
  if (ix != ix || iy != iy) return -2;
  return (<i32>iy * W + <i32>ix) * C;
}

/** Copies pixel `index` (outsideIndex's answer or an offset) of C bytes to p. */
@inline function putPixel(src: usize, index: i32, p: usize, C: i32, fill: u8): void {
  if (index >= 0) {
    const q = src + index;
    for (let k = 0; k < C; k++) store<u8>(p + k, load<u8>(q + k));
  } else fillPixel(p, C, index == -1 ? fill : 0);
}

/** k * (x + 0.5) for x < width, as f64 at out (geometry.ts columnTerms). */
function columnTerms(k: f64, width: i32, out: usize): void {
  for (let x = 0; x < width; x++) store<f64>(out + (<usize>x << 3), k * (<f64>x + 0.5));
}

/**
 * warpNearestBytes' per-pixel path over every output row: src is W x H x C, dst width x height x C,
 * m = [a..f] the inverse map, `cols` 16 * width bytes of scratch. The inside pixels of a row are
 * one run (t is monotone in x: the column terms are, and rounding keeps order), found by scanning
 * in from both ends with the exact test, so the run's loop has no branch.
 */
export function warpNearest(src: usize, W: i32, H: i32, C: i32, a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, dst: usize, width: i32, height: i32, border: i32, fill: u8, cols: usize): void {
  const colX = cols;
  const colY = cols + (<usize>width << 3);
  columnTerms(a, width, colX);
  columnTerms(d, width, colY);
  const Wf = <f64>W;
  const Hf = <f64>H;
  const rowBytes = <usize>(width * C);
  for (let y = 0; y < height; y++) {
    const yc = <f64>y + 0.5;
    const rowX = b * yc + c - 0.5;
    const rowY = e * yc + f - 0.5;
    const out = dst + <usize>y * rowBytes;
    let x0 = 0;
    for (; x0 < width; x0++) {
      const tx = load<f64>(colX + (<usize>x0 << 3)) + rowX + 0.5;
      const ty = load<f64>(colY + (<usize>x0 << 3)) + rowY + 0.5;
      if (tx >= 0 && tx < Wf && ty >= 0 && ty < Hf) break;
      putPixel(src, outsideIndex(tx, ty, W, H, C, border), out + <usize>(x0 * C), C, fill);
    }
    let x1 = width;
    for (; x1 > x0; x1--) {
      const tx = load<f64>(colX + (<usize>(x1 - 1) << 3)) + rowX + 0.5;
      const ty = load<f64>(colY + (<usize>(x1 - 1) << 3)) + rowY + 0.5;
      if (tx >= 0 && tx < Wf && ty >= 0 && ty < Hf) break;
      putPixel(src, outsideIndex(tx, ty, W, H, C, border), out + <usize>((x1 - 1) * C), C, fill);
    }
    if (x1 > x0) insideRun(src, W, C, colX, colY, rowX, rowY, out, x0, x1);
  }
}

/**
 * Byte offsets from src of the four inside pixels x..x + 3 (C bytes a pixel): the scalar position
 * arithmetic in f64x2 lanes (same adds in the same order); inside, truncation is floor, and
 * (floor(ty) * W + floor(tx)) * C is a small whole number in f64, read from the low 32 bits
 * after adding 2^52.
 */
@inline function fourOffsets(colX: usize, colY: usize, x: i32, rowX: v128, rowY: v128, half: v128, Wv: v128, Cv: v128): v128 {
  const p = colX + (<usize>x << 3);
  const q = colY + (<usize>x << 3);
  const magic = f64x2.splat(4503599627370496);
  const x01 = f64x2.floor(f64x2.add(f64x2.add(v128.load(p), rowX), half));
  const x23 = f64x2.floor(f64x2.add(f64x2.add(v128.load(p, 16), rowX), half));
  const y01 = f64x2.floor(f64x2.add(f64x2.add(v128.load(q), rowY), half));
  const y23 = f64x2.floor(f64x2.add(f64x2.add(v128.load(q, 16), rowY), half));
  const at01 = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(y01, Wv), x01), Cv), magic);
  const at23 = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(y23, Wv), x23), Cv), magic);
  return i32x4.shuffle(at01, at23, 0, 2, 4, 6);
}

/** Pixels x0..x1 - 1 of a row, all inside the frame. */
@inline function insideRun(src: usize, W: i32, C: i32, colX: usize, colY: usize, rowX: f64, rowY: f64, out: usize, x0: i32, x1: i32): void {
  const rowXv = f64x2.splat(rowX);
  const rowYv = f64x2.splat(rowY);
  const half = f64x2.splat(0.5);
  const Wv = f64x2.splat(<f64>W);
  const Cv = f64x2.splat(<f64>C);
  let x = x0;
  if (C == 3) {
    // 4-byte copies, each overwriting the next pixel's first byte before that pixel is written; the
    // last pixel copies 3 bytes (a 4-byte load at the source's last pixel reads the spare bytes).
    for (; x + 4 < x1; x += 4) {
      const at = fourOffsets(colX, colY, x, rowXv, rowYv, half, Wv, Cv);
      const p = out + <usize>(x * 3);
      store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 0)));
      store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 1)), 3);
      store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 2)), 6);
      store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 3)), 9);
    }
    for (; x < x1 - 1; x++) {
      const tx = load<f64>(colX + (<usize>x << 3)) + rowX + 0.5;
      const ty = load<f64>(colY + (<usize>x << 3)) + rowY + 0.5;
      const q = src + <usize>((<i32>ty * W + <i32>tx) * 3);
      store<u32>(out + <usize>(x * 3), load<u32>(q));
    }
    const tx = load<f64>(colX + (<usize>x << 3)) + rowX + 0.5;
    const ty = load<f64>(colY + (<usize>x << 3)) + rowY + 0.5;
    const q = src + <usize>((<i32>ty * W + <i32>tx) * 3);
    const p = out + <usize>(x * 3);
    store<u16>(p, load<u16>(q));
    store<u8>(p, load<u8>(q, 2), 2);
    return;
  }
  if (C == 1 || C == 4) {
    for (; x + 4 <= x1; x += 4) {
      const at = fourOffsets(colX, colY, x, rowXv, rowYv, half, Wv, Cv);
      if (C == 1) {
        const p = out + <usize>x;
        store<u8>(p, load<u8>(src + <usize>i32x4.extract_lane(at, 0)));
        store<u8>(p, load<u8>(src + <usize>i32x4.extract_lane(at, 1)), 1);
        store<u8>(p, load<u8>(src + <usize>i32x4.extract_lane(at, 2)), 2);
        store<u8>(p, load<u8>(src + <usize>i32x4.extract_lane(at, 3)), 3);
      } else {
        const p = out + (<usize>x << 2);
        store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 0)));
        store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 1)), 4);
        store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 2)), 8);
        store<u32>(p, load<u32>(src + <usize>i32x4.extract_lane(at, 3)), 12);
      }
    }
  }
  for (; x < x1; x++) {
    const tx = load<f64>(colX + (<usize>x << 3)) + rowX + 0.5;
    const ty = load<f64>(colY + (<usize>x << 3)) + rowY + 0.5;
    const q = src + <usize>((<i32>ty * W + <i32>tx) * C);
    const p = out + <usize>(x * C);
    if (C == 1) store<u8>(p, load<u8>(q));
    else if (C == 4) store<u32>(p, load<u32>(q));
    else for (let k = 0; k < C; k++) store<u8>(p + k, load<u8>(q + k));
  }
}

/**
 * shift.ts shiftColumnsBytes' copy (ShearY): output (x, y) = source (x, y + shift) for the columns
 * of each run, the fill where that row is outside the source or x >= inColumns. `runs` holds
 * runCount + 1 column starts (i32, the last = width), then runCount shifts. Bytes go 16 at a time,
 * each run's copy overrunning into the next, which is written after it (src and dst have 16 spare
 * bytes at the end).
 */
export function shiftColumns(src: usize, W: i32, H: i32, C: i32, runs: usize, runCount: i32, inColumns: i32, dst: usize, width: i32, height: i32, fill: u8): void {
  const shifts = runs + (<usize>(runCount + 1) << 2);
  const fillv = i8x16.splat(fill);
  const rowBytes = <usize>(width * C);
  const srcRow = <usize>(W * C);
  for (let y = 0; y < height; y++) {
    const out = dst + <usize>y * rowBytes;
    for (let r = 0; r < runCount; r++) {
      const x0 = load<i32>(runs + (<usize>r << 2));
      const x1 = load<i32>(runs + (<usize>r << 2), 4);
      const iy = y + load<i32>(shifts + (<usize>r << 2));
      const p = out + <usize>(x0 * C);
      const n = <usize>((x1 - x0) * C);
      if (x0 >= inColumns || iy < 0 || iy >= H) {
        for (let o: usize = 0; o < n; o += 16) v128.store(p + o, fillv);
        continue;
      }
      const q = src + <usize>iy * srcRow + <usize>(x0 * C);
      for (let o: usize = 0; o < n; o += 16) v128.store(p + o, v128.load(q + o));
    }
  }
}
