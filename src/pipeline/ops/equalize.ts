// Histogram equalisation per channel, as PIL's ImageOps.equalize and torchvision's equalize
// (the same lookup table: step = (count - count of the last used level) // 255).

import { allocLike, type WorkImage } from '../image.js';
import { histogram, mapBytes } from '../kernels/tables.js';
import { defineOp } from '../op.js';

/** One channel's table from its histogram (`hist[base + v]`) into `lut`, PIL's arithmetic; false when the channel stays as it is. */
function channelTable(hist: ArrayLike<number>, base: number, pixels: number, lut: Float64Array): boolean {
  let last = 255;
  while (last > 0 && hist[base + last] === 0) last--;
  const step = Math.floor((pixels - hist[base + last]!) / 255);
  if (step === 0) return false;
  let sum = Math.floor(step / 2);
  for (let v = 0; v < 256; v++) {
    lut[v] = Math.min(255, Math.floor(sum / step));
    sum += hist[base + v]!;
  }
  return true;
}

export function equalizeImage(src: WorkImage): WorkImage {
  const { width: W, height: H, channels: C, data: s } = src;
  const out = allocLike(src, W, H, C);
  const o = out.data;
  if (s instanceof Uint8ClampedArray && o instanceof Uint8ClampedArray) {
    // 8-bit: one histogram pass for every channel, then one table pass (the same tables).
    const hist = histogram(src);
    const lut = new Float64Array(256);
    const table = new Uint8Array(256 * C);
    for (let c = 0; c < C; c++) {
      const changes = channelTable(hist, c << 8, W * H, lut);
      for (let v = 0; v < 256; v++) table[(c << 8) + v] = changes ? lut[v]! : v;
    }
    mapBytes(s, table, C, o);
    return out;
  }
  const n = W * H * C;
  const hist = new Float64Array(256);
  const lut = new Float64Array(256);
  for (let c = 0; c < C; c++) {
    hist.fill(0);
    for (let p = c; p < n; p += C) hist[Math.min(255, Math.max(0, Math.round(s[p]!)))]!++;
    if (!channelTable(hist, 0, W * H, lut)) {
      for (let p = c; p < n; p += C) o[p] = s[p]!;
      continue;
    }
    for (let p = c; p < n; p += C) o[p] = lut[Math.min(255, Math.max(0, Math.round(s[p]!)))]!;
  }
  return out;
}

export const equalize = defineOp({
  name: 'equalize',
  label: 'Equalize',
  description: "Spreads each channel's values evenly over 0-255 (histogram equalisation)",
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: {},
  draw: () => ({}),
  // An image step, not a per-value one: on float input a channel it keeps (step 0) keeps values
  // above 255 (sharpen's float output is not capped), which a per-value step would clamp.
  impl: { kind: 'image', apply: (_args, image) => equalizeImage(image) },
});
