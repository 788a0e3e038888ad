// Colour-space kernels on HWC images.

import type { WorkImage } from '../image.js';
import { allocLike, LUMA_B, LUMA_G, LUMA_R } from '../image.js';
import { wasmKernels } from '../wasm/kernels.js';

/** Grey level of every pixel; `outChannels` copies of it per pixel (1 or 3). */
export function toGrey(src: WorkImage, outChannels: number): WorkImage {
  const n = src.width * src.height;
  const out = allocLike(src, src.width, src.height, outChannels);
  const s = src.data;
  const o = out.data;
  const C = src.channels;
  const k = wasmKernels();
  // 8-bit images of 1, 3 or 4 channels (the loop below is the WebAssembly kernel's twin).
  if (k && s instanceof Uint8ClampedArray && C !== 2) {
    const [from, to] = k.reserve(s.length, o.length);
    k.bytes(from!, s.length).set(s);
    k.fn.toGrey(from!, to!, n, C, outChannels);
    o.set(k.bytes(to!, o.length));
    return out;
  }
  for (let i = 0; i < n; i++) {
    const g = C === 1 ? s[i]! : LUMA_R * s[i * C]! + LUMA_G * s[i * C + 1]! + LUMA_B * s[i * C + 2]!;
    for (let k = 0; k < outChannels; k++) o[i * outChannels + k] = g;
  }
  return out;
}

/** out = grey + factor * (pixel - grey): 0 is grey, 1 unchanged (torchvision adjust_saturation). */
export function saturate(src: WorkImage, factor: number): WorkImage {
  if (src.channels < 3) return src;
  const n = src.width * src.height;
  const out = allocLike(src, src.width, src.height, src.channels);
  const s = src.data;
  const o = out.data;
  const C = src.channels;
  if (s instanceof Uint8ClampedArray && o instanceof Uint8ClampedArray) {
    const k = wasmKernels();
    if (k) {
      const [from, to] = k.reserve(s.length, s.length);
      k.bytes(from!, s.length).set(s);
      k.fn.saturate(from!, to!, n, C, factor);
      o.set(k.bytes(to!, s.length));
      return out;
    }
    // 8-bit (the WebAssembly kernel's twin): the store rounds and clamps to [0, 255] itself, as
    // Math.min/max then the store would; the luma terms come from tables (the same products).
    const [tr, tg, tb] = lumaTables();
    for (let p = 0; p < s.length; p += C) {
      const r = s[p]!;
      const g = s[p + 1]!;
      const b = s[p + 2]!;
      const grey = tr[r]! + tg[g]! + tb[b]!;
      o[p] = grey + factor * (r - grey);
      o[p + 1] = grey + factor * (g - grey);
      o[p + 2] = grey + factor * (b - grey);
    }
    return out;
  }
  const hi = src.data instanceof Float32Array ? Infinity : 255;
  for (let i = 0, p = 0; i < n; i++, p += C) {
    const r = s[p]!;
    const g = s[p + 1]!;
    const b = s[p + 2]!;
    const grey = LUMA_R * r + LUMA_G * g + LUMA_B * b;
    o[p] = Math.min(hi, Math.max(0, grey + factor * (r - grey)));
    o[p + 1] = Math.min(hi, Math.max(0, grey + factor * (g - grey)));
    o[p + 2] = Math.min(hi, Math.max(0, grey + factor * (b - grey)));
  }
  return out;
}

/** Rotates the hue by `degrees` in HSV space (as torchvision adjust_hue), keeping S and V. */
export function shiftHue(src: WorkImage, degrees: number): WorkImage {
  if (src.channels < 3 || degrees === 0) return src;
  const n = src.width * src.height;
  const out = allocLike(src, src.width, src.height, src.channels);
  const s = src.data;
  const o = out.data;
  const C = src.channels;
  const shift = (((degrees / 360) % 1) + 1) % 1;
  for (let i = 0, p = 0; i < n; i++, p += C) {
    const r = s[p]!;
    const g = s[p + 1]!;
    const b = s[p + 2]!;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const delta = max - min;
    if (delta === 0) {
      o[p] = r;
      o[p + 1] = g;
      o[p + 2] = b;
      continue;
    }
    let h: number;
    if (max === r) h = (g - b) / delta / 6;
    else if (max === g) h = ((b - r) / delta + 2) / 6;
    else h = ((r - g) / delta + 4) / 6;
    h += shift;
    h -= Math.floor(h);
    // HSV back to RGB with V = max, S * V = delta.
    const h6 = h * 6;
    const sector = Math.floor(h6);
    const f = h6 - sector;
    const q = max - delta * f;
    const t = min + delta * f;
    let rr: number, gg: number, bb: number;
    switch (sector) {
      case 0: rr = max; gg = t; bb = min; break;
      case 1: rr = q; gg = max; bb = min; break;
      case 2: rr = min; gg = max; bb = t; break;
      case 3: rr = min; gg = q; bb = max; break;
      case 4: rr = t; gg = min; bb = max; break;
      default: rr = max; gg = min; bb = q; break;
    }
    o[p] = rr;
    o[p + 1] = gg;
    o[p + 2] = bb;
  }
  return out;
}

let luma: [Float64Array, Float64Array, Float64Array] | null = null;

/** LUMA_R * v, LUMA_G * v and LUMA_B * v for every 8-bit v. */
function lumaTables(): [Float64Array, Float64Array, Float64Array] {
  if (!luma) {
    luma = [new Float64Array(256), new Float64Array(256), new Float64Array(256)];
    for (let v = 0; v < 256; v++) {
      luma[0][v] = LUMA_R * v;
      luma[1][v] = LUMA_G * v;
      luma[2][v] = LUMA_B * v;
    }
  }
  return luma;
}
