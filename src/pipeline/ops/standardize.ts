// Per-image standardisation, as tf.image.per_image_standardization: (v - mean) / max(std, 1/sqrt(N)).

import { defineOp } from '../op.js';

/** Bound on |output|: sqrt of the value count, and no image has 1e10 values. */
const STANDARDIZED_BOUND = 1e5;

export const standardize = defineOp({
  name: 'standardize',
  label: 'Standardise',
  description: 'Shifts and scales each image to mean 0 and standard deviation 1',
  stage: 'preprocess',
  category: 'resize-normalise',
  defaultP: 1,
  appliesToMask: false,
  domain: 'any',
  leavesPixelRange: true,
  params: {},
  // |z| <= sqrt(n) for n values (the floor 1/sqrt(n) sees to it when std is small); n < 1e10.
  valueBound: () => STANDARDIZED_BOUND,
  draw: () => ({}),
  impl: {
    kind: 'image',
    apply(_args, image) {
      const src = image.data;
      const n = src.length;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += src[i]!;
      const mean = sum / n;
      // Two passes (mean, then squared deviations): no cancellation, so |z| <= sqrt(n) holds.
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const d = src[i]! - mean;
        sumSq += d * d;
      }
      const std = Math.sqrt(sumSq / n);
      // The floor keeps a flat image finite, as TensorFlow does.
      const inv = 1 / Math.max(std, 1 / Math.sqrt(n));
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = (src[i]! - mean) * inv;
      return { width: image.width, height: image.height, channels: image.channels, data: out };
    },
  },
});
