// Table kernels on 8-bit images (src/pipeline/kernels/tables.ts is the JavaScript twin, and the
// reference these are tested against byte for byte): one 256-entry table per channel applied to
// every value, to bytes or to float32, and the statistics per-value steps read (histogram,
// per-channel range and sum). Pointers are byte offsets into this module's memory.

/** dst[i] = table[(channel << 8) + src[i]] over n values of `channels` interleaved channels. */
export function mapBytes(src: usize, table: usize, dst: usize, n: i32, channels: i32): void {
  if (channels == 3) {
    const t1 = table + 256;
    const t2 = table + 512;
    let i = 0;
    for (; i + 12 <= n; i += 12) {
      const p = src + i;
      const q = dst + i;
      store<u8>(q, load<u8>(table + load<u8>(p)));
      store<u8>(q, load<u8>(t1 + load<u8>(p, 1)), 1);
      store<u8>(q, load<u8>(t2 + load<u8>(p, 2)), 2);
      store<u8>(q, load<u8>(table + load<u8>(p, 3)), 3);
      store<u8>(q, load<u8>(t1 + load<u8>(p, 4)), 4);
      store<u8>(q, load<u8>(t2 + load<u8>(p, 5)), 5);
      store<u8>(q, load<u8>(table + load<u8>(p, 6)), 6);
      store<u8>(q, load<u8>(t1 + load<u8>(p, 7)), 7);
      store<u8>(q, load<u8>(t2 + load<u8>(p, 8)), 8);
      store<u8>(q, load<u8>(table + load<u8>(p, 9)), 9);
      store<u8>(q, load<u8>(t1 + load<u8>(p, 10)), 10);
      store<u8>(q, load<u8>(t2 + load<u8>(p, 11)), 11);
    }
    for (; i < n; i += 3) {
      store<u8>(dst + i, load<u8>(table + load<u8>(src + i)));
      store<u8>(dst + i + 1, load<u8>(t1 + load<u8>(src + i + 1)));
      store<u8>(dst + i + 2, load<u8>(t2 + load<u8>(src + i + 2)));
    }
    return;
  }
  for (let i = 0, c = 0; i < n; i++) {
    store<u8>(dst + i, load<u8>(table + (<usize>c << 8) + load<u8>(src + i)));
    if (++c == channels) c = 0;
  }
}

/**
 * Float tables (256 f32 per channel) applied to 8-bit values: value (pixel, channel) goes to
 * dst + 4 * (pixel * pixelStride + channel * channelStride), so HWC and CHW both come out in one pass.
 */
export function tableToFloats(src: usize, table: usize, dst: usize, pixels: i32, channels: i32, pixelStride: i32, channelStride: i32): void {
  if (channels == 3 && pixelStride == 3) {
    const n = pixels * 3;
    let i = 0;
    for (; i + 6 <= n; i += 6) {
      const p = src + i;
      const q = dst + (<usize>i << 2);
      store<f32>(q, load<f32>(table + (<usize>load<u8>(p) << 2)));
      store<f32>(q, load<f32>(table + 1024 + (<usize>load<u8>(p, 1) << 2)), 4);
      store<f32>(q, load<f32>(table + 2048 + (<usize>load<u8>(p, 2) << 2)), 8);
      store<f32>(q, load<f32>(table + (<usize>load<u8>(p, 3) << 2)), 12);
      store<f32>(q, load<f32>(table + 1024 + (<usize>load<u8>(p, 4) << 2)), 16);
      store<f32>(q, load<f32>(table + 2048 + (<usize>load<u8>(p, 5) << 2)), 20);
    }
    for (; i < n; i += 3) {
      const q = dst + (<usize>i << 2);
      store<f32>(q, load<f32>(table + (<usize>load<u8>(src + i) << 2)));
      store<f32>(q, load<f32>(table + 1024 + (<usize>load<u8>(src + i + 1) << 2)), 4);
      store<f32>(q, load<f32>(table + 2048 + (<usize>load<u8>(src + i + 2) << 2)), 8);
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const t = table + (<usize>c << 10);
    let p = src + c;
    let q = dst + (<usize>(c * channelStride) << 2);
    const step = <usize>pixelStride << 2;
    for (let px = 0; px < pixels; px++, p += channels, q += step) {
      store<f32>(q, load<f32>(t + (<usize>load<u8>(p) << 2)));
    }
  }
}

/**
 * Histogram per channel (256 u32 counts per channel at `out`). Pixels alternate between two sets of
 * counters (at `scratch`, 4096 * channels bytes): neighbouring pixels often share a value, and
 * incrementing one counter back to back waits on the previous store each time.
 */
export function histogram(src: usize, pixels: i32, channels: i32, scratch: usize, out: usize): void {
  if (channels == 3) {
    histogram3(src, pixels, scratch, out);
    return;
  }
  const size = <usize>channels << 10;
  memory.fill(scratch, 0, size << 1);
  const a = scratch;
  const b = scratch + size;
  const C = <usize>channels;
  let p = src;
  let px = 0;
  for (; px + 2 <= pixels; px += 2) {
    for (let c: usize = 0; c < C; c++) {
      const ka = a + (c << 10) + (<usize>load<u8>(p + c) << 2);
      store<u32>(ka, load<u32>(ka) + 1);
      const kb = b + (c << 10) + (<usize>load<u8>(p + C + c) << 2);
      store<u32>(kb, load<u32>(kb) + 1);
    }
    p += C << 1;
  }
  for (; px < pixels; px++, p += C) {
    for (let c: usize = 0; c < C; c++) {
      const ka = a + (c << 10) + (<usize>load<u8>(p + c) << 2);
      store<u32>(ka, load<u32>(ka) + 1);
    }
  }
  for (let i: usize = 0; i < size; i += 4) store<u32>(out + i, load<u32>(a + i) + load<u32>(b + i));
}

/** histogram for RGB: four sets of counters (12 KB at `scratch`), one per pixel of each group of four. */
function histogram3(src: usize, pixels: i32, scratch: usize, out: usize): void {
  memory.fill(scratch, 0, 12288);
  let p = src;
  let px = 0;
  for (; px + 4 <= pixels; px += 4, p += 12) {
    bump(scratch, load<u8>(p));
    bump(scratch + 1024, load<u8>(p, 1));
    bump(scratch + 2048, load<u8>(p, 2));
    bump(scratch + 3072, load<u8>(p, 3));
    bump(scratch + 4096, load<u8>(p, 4));
    bump(scratch + 5120, load<u8>(p, 5));
    bump(scratch + 6144, load<u8>(p, 6));
    bump(scratch + 7168, load<u8>(p, 7));
    bump(scratch + 8192, load<u8>(p, 8));
    bump(scratch + 9216, load<u8>(p, 9));
    bump(scratch + 10240, load<u8>(p, 10));
    bump(scratch + 11264, load<u8>(p, 11));
  }
  for (; px < pixels; px++, p += 3) {
    bump(scratch, load<u8>(p));
    bump(scratch + 1024, load<u8>(p, 1));
    bump(scratch + 2048, load<u8>(p, 2));
  }
  // Set k holds channel k % 3 of pixel group k / 3.
  for (let c: usize = 0; c < 3; c++) {
    for (let v: usize = 0; v < 1024; v += 4) {
      const a = scratch + (c << 10) + v;
      store<u32>(out + (c << 10) + v, load<u32>(a) + load<u32>(a, 3072) + load<u32>(a, 6144) + load<u32>(a, 9216));
    }
  }
}

@inline function bump(counts: usize, value: u8): void {
  const k = counts + (<usize>value << 2);
  store<u32>(k, load<u32>(k) + 1);
}

/**
 * Per-channel smallest and largest value, written as f64 to out (min for every channel, then max).
 * Vectors of 48 bytes hold whole pixels for 1, 2, 3 or 4 channels: lane k of the three vectors is
 * channel k % channels, so per-lane minima and maxima reduce to the channels at the end.
 */
export function byteRanges(src: usize, n: i32, channels: i32, out: usize): void {
  let lo0 = i8x16.splat(-1), lo1 = lo0, lo2 = lo0;
  let hi0 = i8x16.splat(0), hi1 = hi0, hi2 = hi0;
  const chunks = (n / 48) * 48;
  for (let i = 0; i < chunks; i += 48) {
    const p = src + i;
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    lo0 = i8x16.min_u(lo0, v0);
    lo1 = i8x16.min_u(lo1, v1);
    lo2 = i8x16.min_u(lo2, v2);
    hi0 = i8x16.max_u(hi0, v0);
    hi1 = i8x16.max_u(hi1, v1);
    hi2 = i8x16.max_u(hi2, v2);
  }
  const C = <usize>channels;
  for (let c: usize = 0; c < C; c++) {
    store<f64>(out + (c << 3), 255);
    store<f64>(out + ((C + c) << 3), 0);
  }
  if (chunks > 0) {
    // Spill the six vectors next to `out` and fold each lane into its channel.
    const lanes = out + (C << 4);
    v128.store(lanes, lo0);
    v128.store(lanes, lo1, 16);
    v128.store(lanes, lo2, 32);
    v128.store(lanes, hi0, 48);
    v128.store(lanes, hi1, 64);
    v128.store(lanes, hi2, 80);
    for (let k: usize = 0; k < 48; k++) foldRange(out, C, k % C, <f64>load<u8>(lanes + k), <f64>load<u8>(lanes + 48 + k));
  }
  for (let i = chunks; i < n; i++) {
    const v = <f64>load<u8>(src + i);
    foldRange(out, C, <usize>(i % channels), v, v);
  }
}

@inline function foldRange(out: usize, C: usize, c: usize, lo: f64, hi: f64): void {
  const pMin = out + (c << 3);
  const pMax = out + ((C + c) << 3);
  if (lo < load<f64>(pMin)) store<f64>(pMin, lo);
  if (hi > load<f64>(pMax)) store<f64>(pMax, hi);
}

/**
 * Per-channel sums (whole numbers, exact) written as f64 to out. 48-byte vectors as in byteRanges,
 * widened to 16-bit lanes; the lanes are flushed into the totals every 256 vectors, before a lane
 * (at most 255 per add) could pass 65535.
 */
export function channelSums(src: usize, n: i32, channels: i32, out: usize, scratch: usize): void {
  const C = <usize>channels;
  for (let c: usize = 0; c < C; c++) store<f64>(out + (c << 3), 0);
  const chunks = (n / 48) * 48;
  let i = 0;
  while (i < chunks) {
    const end = min(chunks, i + 48 * 256);
    let a0 = i16x8.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    for (; i < end; i += 48) {
      const p = src + i;
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      a0 = i16x8.add(a0, i16x8.extend_low_i8x16_u(v0));
      a1 = i16x8.add(a1, i16x8.extend_high_i8x16_u(v0));
      a2 = i16x8.add(a2, i16x8.extend_low_i8x16_u(v1));
      a3 = i16x8.add(a3, i16x8.extend_high_i8x16_u(v1));
      a4 = i16x8.add(a4, i16x8.extend_low_i8x16_u(v2));
      a5 = i16x8.add(a5, i16x8.extend_high_i8x16_u(v2));
    }
    v128.store(scratch, a0);
    v128.store(scratch, a1, 16);
    v128.store(scratch, a2, 32);
    v128.store(scratch, a3, 48);
    v128.store(scratch, a4, 64);
    v128.store(scratch, a5, 80);
    for (let k: usize = 0; k < 48; k++) {
      const q = out + ((k % C) << 3);
      store<f64>(q, load<f64>(q) + <f64>load<u16>(scratch + (k << 1)));
    }
  }
  for (; i < n; i++) {
    const q = out + (<usize>(i % channels) << 3);
    store<f64>(q, load<f64>(q) + <f64>load<u8>(src + i));
  }
}
