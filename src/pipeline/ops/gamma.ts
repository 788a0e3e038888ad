// Gamma curve: 255 * (v / 255) ^ gamma.

import { defineOp } from '../op.js';
import { range } from '../params.js';

export const gamma = defineOp({
  name: 'gamma',
  label: 'Gamma',
  description: 'Brightens or darkens the mid-tones with a power curve',
  stage: 'augment',
  category: 'colour',
  defaultP: 0.5,
  appliesToMask: false,
  domain: 'pixel',
  params: { gamma: range({ default: [0.8, 1.25], min: 0.1, max: 10, step: 0.01, description: 'Exponent: below 1 brightens, above 1 darkens, 1 keeps the image' }) },
  draw: (rng, params) => ({ gamma: Math.exp(rng.uniform(Math.log(params.gamma[0]), Math.log(params.gamma[1]))) }),
  impl: {
    kind: 'pointwise',
    needsStats: false,
    map: (args) => {
      const g = args.gamma;
      return (v) => 255 * Math.pow(Math.max(0, v) / 255, g);
    },
  },
});
