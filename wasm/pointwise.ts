// The common tail of a per-value run with noise (src/pipeline/kernels/pointwise.ts runSimpleTail is
// the JavaScript twin): per value, the channel's float table on the 8-bit input, then Gaussian noise
// from sfc32 draws (Rng.fillInt32's stream) through the normal table, clamped to [0, 255], then an
// optional per-channel affine map (normalise), stored as float32. float64 arithmetic throughout, in
// the twin's order, so the same float32 values come out.

/**
 * src: W * H * C bytes; lut: 256 f32 per channel; normals: 65536 f32; affine: C f64 scales then C
 * f64 offsets, or 0 for none; dst: float32 values at (pixel * pixelStride + channel * channelStride);
 * drawsPerPixel: 1 (one draw per pixel, shared by its channels) or C; a..d: the Rng's state;
 * draws: room for W * drawsPerPixel int32.
 */
export function noiseTail(src: usize, lut: usize, normals: usize, affine: usize, dst: usize, W: i32, H: i32, C: i32, pixelStride: i32, channelStride: i32, sigma: f64, drawsPerPixel: i32, a: i32, b: i32, c: i32, d: i32, draws: usize): void {
  const rowDraws = W * drawsPerPixel;
  const step = <usize>drawsPerPixel << 2;
  const out = <usize>pixelStride << 2;
  for (let y = 0; y < H; y++) {
    // sfc32, as Rng.fillInt32.
    for (let i = 0; i < rowDraws; i++) {
      const t = a + b + d;
      d = d + 1;
      a = b ^ (<i32>(<u32>b >> 9));
      b = c + (c << 3);
      c = (c << 21) | (<i32>(<u32>c >> 11));
      c = c + t;
      store<i32>(draws + (<usize>i << 2), t);
    }
    for (let ch = 0; ch < C; ch++) {
      const table = lut + (<usize>ch << 10);
      let j = src + <usize>(y * W * C + ch);
      let k = draws + (drawsPerPixel == 1 ? 0 : (<usize>ch << 2));
      let o = dst + (<usize>(y * W * pixelStride + ch * channelStride) << 2);
      if (affine != 0) {
        const scale = load<f64>(affine + (<usize>ch << 3));
        const offset = load<f64>(affine + (<usize>(C + ch) << 3));
        for (let x = 0; x < W; x++, j += <usize>C, k += step, o += out) {
          const v = clampPixel(<f64>load<f32>(table + (<usize>load<u8>(j) << 2)) + sigma * <f64>load<f32>(normals + (<usize>(load<u32>(k) >> 16) << 2)));
          store<f32>(o, <f32>(v * scale + offset));
        }
      } else {
        for (let x = 0; x < W; x++, j += <usize>C, k += step, o += out) {
          const v = clampPixel(<f64>load<f32>(table + (<usize>load<u8>(j) << 2)) + sigma * <f64>load<f32>(normals + (<usize>(load<u32>(k) >> 16) << 2)));
          store<f32>(o, <f32>v);
        }
      }
    }
  }
}

/** v > 255 ? 255 : v >= 0 ? v : 0 (NaN to 0), as pointwise.ts clampPixel. */
@inline function clampPixel(v: f64): f64 {
  return v > 255 ? 255 : v >= 0 ? v : 0;
}
