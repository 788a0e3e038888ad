// Turning a pipeline result into RGBA bytes for a canvas.

import type { PipelineResult } from './run.js';

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
