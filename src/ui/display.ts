// Preview helpers for people: pixels for canvases, the mask overlay, and each step's drawn
// arguments as text. (The variants themselves are computed on the worker pool: displayVariant.)
import { getOp, type ImageU8, type StepTrace } from '../pipeline/index.js';

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Mask overlay colour (RGB) and how much of it covers masked pixels. */
const MASK_TINT = [255, 40, 160] as const;
const MASK_ALPHA = 0.45;

/** The image with masked pixels (mask > 0) tinted, for the "Show mask" overlay. */
export function overlayMask(image: RgbaImage, mask: Uint8Array): RgbaImage {
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    for (let c = 0; c < 3; c++) data[i * 4 + c] = data[i * 4 + c]! * (1 - MASK_ALPHA) + MASK_TINT[c]! * MASK_ALPHA;
  }
  return { width: image.width, height: image.height, data };
}

/** 8-bit grey, RGB or RGBA (HWC) to RGBA, opaque. */
export function toRgba(image: ImageU8): RgbaImage {
  const { width, height, channels, data } = image;
  const n = width * height;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    const grey = channels < 3;
    rgba[i * 4] = data[o]!;
    rgba[i * 4 + 1] = data[grey ? o : o + 1]!;
    rgba[i * 4 + 2] = data[grey ? o : o + 2]!;
    rgba[i * 4 + 3] = channels === 4 ? data[o + 3]! : 255;
  }
  return { width, height, data: rgba };
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (Array.isArray(value)) return value.length > 4 ? `${value.length} items` : `[${value.map(formatValue).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')}}`;
  return String(value);
}

/** One line per step for people: "Rotate: degrees -7.31, ..." or "Flip: skipped (p)". Seeds are left out. */
export function describeTrace(trace: readonly StepTrace[]): string[] {
  return trace.map((t) => {
    const label = getOp(t.op)?.label ?? t.op;
    if (!t.applied) return `${label}: skipped (probability)`;
    const args = Object.entries((t.args ?? {}) as Record<string, unknown>).filter(([k]) => k !== 'seed' && k !== 'interpolation' && k !== 'border' && k !== 'fill');
    return args.length ? `${label}: ${args.map(([k, v]) => `${k} ${formatValue(v)}`).join(', ')}` : `${label}: applied`;
  });
}
