// Stretches each channel so its darkest value becomes 0 and its brightest 255 (torchvision's
// autocontrast; PIL's ImageOps.autocontrast with no cut-off).

import { allocLike, type WorkImage } from '../image.js';
import { byteRanges, mapBytes } from '../kernels/tables.js';
import { defineOp } from '../op.js';

export function autoContrastImage(src: WorkImage): WorkImage {
  const { width: W, height: H, channels: C, data: s } = src;
  const out = allocLike(src, W, H, C);
  const o = out.data;
  if (s instanceof Uint8ClampedArray && o instanceof Uint8ClampedArray) {
    // 8-bit: the same arithmetic per value, as one table per channel (an 8-bit channel has 256 values).
    const ranges = byteRanges(s, C);
    const table = new Uint8ClampedArray(256 * C);
    for (let c = 0; c < C; c++) {
      const lo = ranges.min[c]!;
      const hi = ranges.max[c]!;
      const scale = hi > lo ? 255 / (hi - lo) : 1;
      const min = hi > lo ? lo : 0;
      for (let v = 0; v < 256; v++) table[(c << 8) + v] = Math.min(255, Math.max(0, (v - min) * scale));
    }
    mapBytes(s, new Uint8Array(table.buffer), C, o);
    return out;
  }
  const n = W * H * C;
  for (let c = 0; c < C; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = c; p < n; p += C) {
      const v = s[p]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    // A flat channel stays as it is (torchvision: scale 1, offset 0).
    const scale = hi > lo ? 255 / (hi - lo) : 1;
    const min = hi > lo ? lo : 0;
    for (let p = c; p < n; p += C) o[p] = Math.min(255, Math.max(0, (s[p]! - min) * scale));
  }
  return out;
}

export const autoContrast = defineOp({
  name: 'autoContrast',
  label: 'Auto contrast',
  description: "Stretches each channel's values to the full 0-255 range",
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: {},
  draw: () => ({}),
  // One table per channel from the channel's range at this point of the run, so it fuses with the
  // per-value steps around it (its range comes from the run's histogram): the bytes of autoContrastImage.
  impl: {
    kind: 'pointwise',
    needsStats: true,
    map: (_args, channels, stats) => {
      const { min, max } = stats!.channels();
      const lo = new Float64Array(channels);
      const scale = new Float64Array(channels);
      for (let c = 0; c < channels; c++) {
        // A flat channel stays as it is (torchvision: scale 1, offset 0).
        lo[c] = max[c]! > min[c]! ? min[c]! : 0;
        scale[c] = max[c]! > min[c]! ? 255 / (max[c]! - min[c]!) : 1;
      }
      return (v, c) => (v - lo[c]!) * scale[c]!;
    },
  },
});
