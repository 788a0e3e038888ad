// Preview images: the pipeline applied to a sample as the training run's epoch 0 would see it, as
// RGBA ready for a canvas, with each step's drawn arguments for the hover read-out.
import { getOp, runPipeline, toDisplayRGBA, type ImageU8, type Pipeline, type StepTrace } from '../pipeline/index.js';

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface PreviewVariant {
  image: RgbaImage;
  trace: StepTrace[];
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

/**
 * One variant per sample index in `indices`, stopping before steps that leave the pixel range
 * (rescale, normalise) so they stay viewable.
 */
export function previewVariants(pipeline: Pipeline, image: ImageU8, indices: readonly number[]): PreviewVariant[] {
  return indices.map((index) => {
    const result = runPipeline(pipeline, image, { epoch: 0, index, seed: pipeline.seed, mode: 'train', display: true });
    return { image: toDisplayRGBA(result), trace: result.trace };
  });
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
