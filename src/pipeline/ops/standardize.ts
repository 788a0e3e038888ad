// Per-image standardisation, as tf.image.per_image_standardization: (v - mean) / max(std, 1/sqrt(N)).

import { defineOp } from '../op.js';

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
  draw: () => ({}),
  impl: {
    kind: 'image',
    apply(_args, image) {
      const src = image.data;
      const n = src.length;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const v = src[i]!;
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / n;
      const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      // The floor keeps a flat image finite, as TensorFlow does.
      const inv = 1 / Math.max(std, 1 / Math.sqrt(n));
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = (src[i]! - mean) * inv;
      return { width: image.width, height: image.height, channels: image.channels, data: out };
    },
  },
});
