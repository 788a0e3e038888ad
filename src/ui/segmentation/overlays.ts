// Pure display helpers for segmentation results: a validation input as RGBA, and the same picture
// with a mask (true or predicted) over it in the class colours.
import { toDisplayRGBA } from '../../pipeline/index.js';
import type { ModelInfo } from '../../train/session.js';
import type { SegmentationSample } from '../../train/types.js';
import { imageShapeOf } from '../../workers/types.js';
import { overlayMask, type RgbaImage } from '../display.js';

/** The input as the model saw it (pipeline output in its sample shape and layout). */
export function segmentationInput(sample: SegmentationSample, info: Pick<ModelInfo, 'sampleShape' | 'layout'>): RgbaImage {
  return toDisplayRGBA({ ...imageShapeOf(info.sampleShape, info.layout), layout: info.layout, data: sample.x });
}

/** Image, true mask and predicted mask, ready for three canvases. */
export function segmentationTriplet(sample: SegmentationSample, info: Pick<ModelInfo, 'sampleShape' | 'layout'>, colours?: readonly ([number, number, number] | null)[]): { image: RgbaImage; truth: RgbaImage; predicted: RgbaImage } {
  const image = segmentationInput(sample, info);
  const opts = { opacity: 0.6, ...(colours ? { colours } : {}) };
  return { image, truth: overlayMask(image, sample.trueMask, opts), predicted: overlayMask(image, sample.predictedMask, opts) };
}

/** IoU as a percentage for the table; a dash for a class neither present nor predicted. */
export function formatIou(iou: number | null): string {
  return iou === null ? '—' : `${(iou * 100).toFixed(1)}%`;
}

/** A predicted mask over the picture the model saw, for "Predict image" with a segmentation model. */
export function predictionOverlay(mask: { width: number; height: number; classes: Uint8Array; input: Float32Array }, info: Pick<ModelInfo, 'sampleShape' | 'layout'>, colours?: readonly ([number, number, number] | null)[]): RgbaImage {
  const image = toDisplayRGBA({ ...imageShapeOf(info.sampleShape, info.layout), layout: info.layout, data: mask.input });
  return overlayMask(image, mask.classes, { opacity: 0.6, ...(colours ? { colours } : {}) });
}
