// Histogram equalisation per channel, as PIL's ImageOps.equalize and torchvision's equalize
// (the same lookup table: step = (count - count of the last used level) // 255).

import { allocLike, type WorkImage } from '../image.js';
import { defineOp } from '../op.js';

export function equalizeImage(src: WorkImage): WorkImage {
  const { width: W, height: H, channels: C, data: s } = src;
  const out = allocLike(src, W, H, C);
  const o = out.data;
  const n = W * H * C;
  const hist = new Float64Array(256);
  const lut = new Float64Array(256);
  for (let c = 0; c < C; c++) {
    hist.fill(0);
    for (let p = c; p < n; p += C) hist[Math.min(255, Math.max(0, Math.round(s[p]!)))]!++;
    let last = 255;
    while (last > 0 && hist[last] === 0) last--;
    const step = Math.floor((W * H - hist[last]!) / 255);
    if (step === 0) {
      for (let p = c; p < n; p += C) o[p] = s[p]!;
      continue;
    }
    let sum = Math.floor(step / 2);
    for (let v = 0; v < 256; v++) {
      lut[v] = Math.min(255, Math.floor(sum / step));
      sum += hist[v]!;
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
  impl: { kind: 'image', apply: (_args, image) => equalizeImage(image) },
});
