// Turning a pipeline result into RGBA bytes for a canvas.

import type { ImageU8 } from './image.js';
import { runPipeline, type PipelineResult, type StepTrace } from './run.js';
import type { Pipeline } from './schema/pipeline.js';

/**
 * RGBA for display. Pixel-range results (see RunOptions.display) are shown as they are; results
 * in another range (after normalise) are stretched from their min..max to 0..255 so they stay visible.
 */
export function toDisplayRGBA(result: Pick<PipelineResult, 'width' | 'height' | 'channels' | 'layout' | 'data'>): { width: number; height: number; data: Uint8ClampedArray } {
  const { width, height, channels: C, data, layout } = result;
  const n = width * height;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const pixelRange = min >= 0 && max <= 255 && max > 1.5;
  const scale = pixelRange ? 1 : max > min ? 255 / (max - min) : 0;
  const offset = pixelRange ? 0 : min;
  const rgba = new Uint8ClampedArray(n * 4);
  const at = (i: number, c: number) => (layout === 'NCHW' ? data[c * n + i]! : data[i * C + c]!);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = (at(i, C === 1 ? 0 : c) - offset) * scale;
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, data: rgba };
}

export interface DisplayVariant {
  width: number;
  height: number;
  /** RGBA, opaque, for a canvas. */
  rgba: Uint8ClampedArray;
  /** The image's mask moved by the same steps, when it has one. */
  mask?: Uint8Array;
  /** Per step: applied or not, and the drawn arguments. */
  trace: StepTrace[];
}

/**
 * The sample as training epoch `epoch` would see it, for people: mode 'train', stopping before
 * steps that leave the pixel range (rescale, normalise) so the picture stays viewable.
 */
export function displayVariant(pipeline: Pipeline, image: ImageU8 & { mask?: Uint8Array }, at: { epoch: number; index: number }): DisplayVariant {
  const opts = { epoch: at.epoch, index: at.index, mode: 'train' as const, display: true };
  const result = runPipeline(pipeline, image, image.mask ? { ...opts, mask: image.mask } : opts);
  const rgba = toDisplayRGBA(result);
  const variant: DisplayVariant = { width: rgba.width, height: rgba.height, rgba: rgba.data, trace: result.trace };
  if (result.mask) variant.mask = result.mask;
  return variant;
}
