// Helpers for the pipeline's tests: small images and pipelines built in code.

import type { ImageU8 } from './image.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION, type Pipeline } from './schema/pipeline.js';

/** A deterministic, textured RGB image: smooth gradients plus a pattern, no two rows alike. */
export function testImage(width = 32, height = 32, channels = 3): ImageU8 {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        data[(y * width + x) * channels + c] = (x * 7 + y * 13 + c * 50 + ((x * y) % 17) * 3) % 256;
      }
    }
  }
  return { width, height, channels, data };
}

/** A smooth image (low frequencies only), where resampling twice stays close to resampling once. */
export function smoothImage(width = 64, height = 64): ImageU8 {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      data[(y * width + x) * 3] = 128 + 100 * Math.sin(2 * Math.PI * u);
      data[(y * width + x) * 3 + 1] = 128 + 100 * Math.cos(2 * Math.PI * v);
      data[(y * width + x) * 3 + 2] = 40 + 170 * u * v;
    }
  }
  return { width, height, channels: 3, data };
}

export function pipelineOf(steps: unknown[], extra: Record<string, unknown> = {}): Pipeline {
  return parsePipeline({ format: PIPELINE_FORMAT, version: PIPELINE_VERSION, seed: 7, steps, ...extra });
}
