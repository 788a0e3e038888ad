// Display helpers for people, pure: pixels for canvases, the mask overlay, a validation sample as
// the model saw it, and each step's drawn arguments as text. (Preview variants are computed on the
// worker pool: displayVariant, through the store's refreshPreview.)
import { getOp, toDisplayRGBA, type ImageU8, type StepTrace } from '../pipeline/index.js';
import type { ModelInfo } from '../train/session.js';
import type { WrongSample } from '../train/types.js';
import { imageShapeOf } from '../workers/types.js';

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

/** A validation sample (pipeline output in the model's sample shape and layout) as RGBA for a canvas. */
export function wrongSampleImage(sample: WrongSample, info: Pick<ModelInfo, 'sampleShape' | 'layout'>): RgbaImage {
  return toDisplayRGBA({ ...imageShapeOf(info.sampleShape, info.layout), layout: info.layout, data: sample.x });
}
