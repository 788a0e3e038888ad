// Preview images: the pipeline applied to the sample, as RGBA ready for a canvas. Runs on the main
// thread for now (8 tiny images); it moves into the worker pool with the dataset.
import { runPipeline, toDisplayRGBA, type ImageU8, type Pipeline } from '../pipeline/index.js';

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
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
 * One variant per sample index in `indices`, as the training run's epoch 0 would see them,
 * stopping before steps that leave the pixel range (rescale, normalise) so they stay viewable.
 */
export function previewVariants(pipeline: Pipeline, image: ImageU8, indices: readonly number[]): RgbaImage[] {
  return indices.map((index) =>
    toDisplayRGBA(runPipeline(pipeline, image, { epoch: 0, index, seed: pipeline.seed, mode: 'train', display: true })),
  );
}
