// Display helpers for people, pure: pixels for canvases, the mask overlay, a validation sample as
// the model saw it, and each step's drawn arguments as text. (Preview variants are computed on the
// worker pool: displayVariant, through the store's refreshPreview.)
import { getOp, IGNORE_INDEX, toDisplayRGBA, type ImageU8, type StepTrace } from '../pipeline/index.js';
import type { ModelInfo } from '../train/session.js';
import type { WrongSample } from '../train/types.js';
import { imageShapeOf } from '../workers/types.js';

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** How much of a class colour covers its pixels by default (the "Mask opacity" control starts here). */
export const MASK_ALPHA = 0.45;
/**
 * Colours of mask classes 1, 2, ... where the dataset gives none (Tableau 10, readable on photos;
 * class 1 keeps the magenta the single-class overlay always had). Class 0 (background) and the
 * ignore index are never tinted.
 */
const CLASS_TINTS: readonly (readonly [number, number, number])[] = [
  [255, 40, 160], [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [188, 189, 34], [23, 190, 207], [127, 127, 127],
];

/** The colour of mask class k (k >= 1): the dataset's own, else the default tints in turn. */
export function classTint(k: number, colours?: readonly ([number, number, number] | null)[]): readonly [number, number, number] {
  return colours?.[k] ?? CLASS_TINTS[(k - 1) % CLASS_TINTS.length]!;
}

/** The image with each class's pixels (mask > 0, not IGNORE_INDEX) tinted in its colour, for the "Show mask" overlay. */
export function overlayMask(image: RgbaImage, mask: Uint8Array, opts: { colours?: readonly ([number, number, number] | null)[]; opacity?: number } = {}): RgbaImage {
  const alpha = opts.opacity ?? MASK_ALPHA;
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < mask.length; i++) {
    const k = mask[i]!;
    if (k === 0 || k === IGNORE_INDEX) continue;
    const tint = classTint(k, opts.colours);
    for (let c = 0; c < 3; c++) data[i * 4 + c] = data[i * 4 + c]! * (1 - alpha) + tint[c]! * alpha;
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

/** A policy's drawn ops ({ name, magnitude }[]): "Rotate -7.31, Posterize 6, Equalize", or "none". */
function formatPicks(ops: unknown): string | null {
  if (!Array.isArray(ops) || !ops.every((o) => o && typeof o === 'object' && typeof (o as { name?: unknown }).name === 'string')) return null;
  if (!ops.length) return 'none';
  return ops.map((o: { name: string; magnitude?: unknown }) => (typeof o.magnitude === 'number' && o.magnitude !== 0 ? `${o.name} ${formatValue(o.magnitude)}` : o.name)).join(', ');
}

/** A mixing step's draw (AugMix: { original, chains: [{ weight, ops }] }): "image 0.42 + 0.31 × (Rotate -6.67, Equalize) + ...". */
function formatChains(args: unknown): string | null {
  const a = args as { original?: unknown; chains?: unknown } | undefined;
  if (!a || typeof a.original !== 'number' || !Array.isArray(a.chains)) return null;
  const chains = a.chains.map((c: { weight?: unknown; ops?: unknown }) => `${formatValue(c.weight)} × (${formatPicks(c.ops) ?? '?'})`);
  return [`image ${formatValue(a.original)}`, ...chains].join(' + ');
}

/** One line per step for people: "Rotate: degrees -7.31, ..." or "Flip: skipped (p)". Seeds are left out. */
export function describeTrace(trace: readonly StepTrace[]): string[] {
  return trace.map((t) => {
    const label = getOp(t.op)?.label ?? t.op;
    if (!t.applied) return `${label}: skipped (probability)`;
    // Mixing steps (AugMix): each chain's weight and the ops it drew.
    const chains = formatChains(t.args);
    if (chains !== null) return `${label}: ${chains}`;
    // Policy steps (RandAugment, TrivialAugment, AutoAugment): the ops they drew, each with its value.
    const picks = formatPicks((t.args as { ops?: unknown } | undefined)?.ops);
    if (picks !== null) return `${label}: ${picks}`;
    const args = Object.entries((t.args ?? {}) as Record<string, unknown>).filter(([k]) => k !== 'seed' && k !== 'interpolation' && k !== 'border' && k !== 'fill');
    return args.length ? `${label}: ${args.map(([k, v]) => `${k} ${formatValue(v)}`).join(', ')}` : `${label}: applied`;
  });
}

/** A validation sample (pipeline output in the model's sample shape and layout) as RGBA for a canvas. */
export function wrongSampleImage(sample: WrongSample, info: Pick<ModelInfo, 'sampleShape' | 'layout'>): RgbaImage {
  return toDisplayRGBA({ ...imageShapeOf(info.sampleShape, info.layout), layout: info.layout, data: sample.x });
}
