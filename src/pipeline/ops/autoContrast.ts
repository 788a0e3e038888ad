// Stretches each channel so its darkest value becomes 0 and its brightest 255 (torchvision's
// autocontrast; PIL's ImageOps.autocontrast with no cut-off).

import { allocLike, type WorkImage } from '../image.js';
import { defineOp } from '../op.js';

export function autoContrastImage(src: WorkImage): WorkImage {
  const { width: W, height: H, channels: C, data: s } = src;
  const out = allocLike(src, W, H, C);
  const o = out.data;
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
  impl: { kind: 'image', apply: (_args, image) => autoContrastImage(image) },
});
